/**
 * The MDX components every page can use without importing them: the theme's own, plus the
 * checkers and playgrounds of src/components. Each of these is a light wrapper; its editor and
 * engine load lazily, only on pages that use it.
 */
import MDXComponents from '@theme-original/MDXComponents';
import ManifestChecker from '@site/src/components/ManifestChecker';
import RbacPlayground from '@site/src/components/RbacPlayground';
import NetworkPolicyPlayground from '@site/src/components/NetworkPolicyPlayground';
import SecurityContextExplorer from '@site/src/components/SecurityContextExplorer';

export default {
  ...MDXComponents,
  ManifestChecker,
  RbacPlayground,
  NetworkPolicyPlayground,
  SecurityContextExplorer,
};
