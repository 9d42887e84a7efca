/**
 * The MDX components every page can use without importing them: the theme's own, plus the
 * checkers and playgrounds of src/components. Each of these is a light wrapper; its editor and
 * engine load lazily, only on pages that use it.
 */
import React from 'react';
import MDXComponents from '@theme-original/MDXComponents';
import ManifestChecker from '@site/src/components/ManifestChecker';
import RbacPlayground from '@site/src/components/RbacPlayground';
import NetworkPolicyPlayground from '@site/src/components/NetworkPolicyPlayground';
import SecurityContextExplorer from '@site/src/components/SecurityContextExplorer';

/**
 * A table of a page, in a box that scrolls sideways on a narrow screen. The box takes the keyboard
 * focus, so a keyboard user can scroll it too (axe scrollable-region-focusable; Infima's own
 * tables scroll without it).
 */
function Table(props: React.ComponentProps<'table'>): React.JSX.Element {
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
    <div className="ksn-table" tabIndex={0}>
      <table {...props} />
    </div>
  );
}

export default {
  ...MDXComponents,
  table: Table,
  ManifestChecker,
  RbacPlayground,
  NetworkPolicyPlayground,
  SecurityContextExplorer,
};
