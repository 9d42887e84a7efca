/**
 * The browser-only half of every checker and playground, in one module so the build makes one
 * chunk of it ("checkers"): a page with two different components downloads the engine and the
 * editor once. Pages reach it only through React.lazy in the components' index.tsx files.
 */
export {default as ManifestCheckerEditor} from '../ManifestChecker/ManifestCheckerEditor';
export {default as RbacPlaygroundEditor} from '../RbacPlayground/RbacPlaygroundEditor';
export {default as NetworkPolicyPlaygroundEditor} from '../NetworkPolicyPlayground/NetworkPolicyPlaygroundEditor';
export {default as SecurityContextExplorerEditor} from '../SecurityContextExplorer/SecurityContextExplorerEditor';
