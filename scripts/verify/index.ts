/**
 * The example verifier's modules, for scripts/verify-examples.ts and the tests.
 * How a run works: main.ts; how each step is proven: session.ts and exercise.ts; isolation:
 * rewrite.ts; scheduling and cleanup: runner.ts; where it runs: backends.ts, kind.ts, safety.ts.
 */
export {verify, EXIT} from './main';
export type {Io} from './main';
export {parseOptions, selectExamples, USAGE, UsageError, DEFAULT_PARALLEL} from './options';
export type {Options, ClusterKind, TierOption} from './options';
export {discover} from './discovery';
export type {Discovery, DiscoveryProblem, PageInput} from './discovery';
export {loadExample, loadExamples, exclusiveReason, namespacesOf, parseManifest, ALWAYS_PRESENT} from './example';
export type {Example, Manifest} from './example';
export {
  NamespaceMap,
  RUN_LABEL,
  CLUSTER_SCOPED,
  rewriteObject,
  rewriteCanI,
  rewriteTraffic,
  rewriteAssertion,
  rewriteExpected,
  rewriteKubectlArgs,
  kubectlVerb,
  splitCommand,
  CommandSyntaxError,
} from './rewrite';
export type {KubectlRewrite} from './rewrite';
export {KubeClient, KubeApiError, KubeConnectionError} from './kube-client';
export {parseKubeconfig, readKubeconfig, currentContextName, defaultKubeconfigPath, renderFlatKubeconfig, KubeconfigError} from './kubeconfig';
export {
  checkTarget,
  kubectlStepProblem,
  CONNECTION_FLAGS,
  isLoopbackServer,
  readLocalControlPlane,
  localStatePath,
  writeRunKubeconfig,
  LOCAL_CONTEXT,
  RUN_KUBECONFIG,
} from './safety';
export type {SafetyVerdict, LocalControlPlane} from './safety';
export {
  kindPlan,
  createArgs,
  deleteArgs,
  contextOf,
  createKindCluster,
  prepareKindCluster,
  canaryManifest,
  registryHosts,
  parseKindVersion,
  KindError,
  KIND_CONFIG,
  KIND_REGISTRIES,
  KIND_CLUSTER_NAME,
  MIN_KIND_VERSION,
  CANARY_NAMESPACE,
  CANARY_IMAGE,
} from './kind';
export type {KindPlan} from './kind';
export {startBackend, clientFor, detectNoRuntime, detectServiceAccounts, LOCAL_NO_NODES, BackendError, RefusedContextError} from './backends';
export type {Backend} from './backends';
export {runExample, runExamples, schedule, leftoverCheck, checkOnly, skipReason} from './runner';
export type {Created, RunContextWithCleanup} from './runner';
export {Session, StepFailure, StepSkip, outputMatches, stepLabel, DEFAULT_TIMEOUTS, FIELD_MANAGER} from './session';
export type {ClusterInfo, RunContext, Timeouts} from './session';
export {probeCommand, classifyProbe} from './runtime';
export {spawnCommand, killAll, liveCount} from './processes';
export type {CommandRunner, CommandResult} from './processes';
export {renderSummary, renderJUnit, renderJson, renderDiff, formatValue, countCases, countExamples, countStepsByTier, Progress, xmlEscape} from './report';
export type {RunResult, ExampleResult, StepResult, Diff, CheckResult, Status} from './types';
