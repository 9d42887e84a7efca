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
import KubectlLab, {RunInLabButton} from '@site/src/components/KubectlLab';

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

/** The text of a code block's children (a fence's body is one string). */
function textOf(children: React.ReactNode): string {
  return React.Children.toArray(children)
    .map((c) => (typeof c === 'string' ? c : ''))
    .join('');
}

/**
 * A code block; on a page with a <KubectlLab>, a block that embeds a step's command carries the
 * id of the lab that runs it (property `lab`, from src/plugins/remark-embed-examples.ts) and
 * gets a "Run in the lab" button under it.
 */
function Code({lab, ...props}: React.ComponentProps<typeof MDXComponents.code> & {lab?: string}): React.JSX.Element {
  const Original = MDXComponents.code;
  if (!lab) return <Original {...props} />;
  return (
    <>
      <Original {...props} />
      <RunInLabButton lab={lab} command={textOf(props.children).replace(/\n+$/, '')} />
    </>
  );
}

export default {
  ...MDXComponents,
  code: Code,
  table: Table,
  ManifestChecker,
  RbacPlayground,
  NetworkPolicyPlayground,
  SecurityContextExplorer,
  KubectlLab,
};
