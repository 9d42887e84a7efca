/**
 * The core engine's table of contents. Everything outside src/core imports from here.
 * Pure TypeScript: no DOM, no Node APIs, no React (enforced by src/core/tsconfig.json).
 */
export {parseFenceRef, listFences, CHECKED_FENCE_LANGUAGES, EXAMPLE_ID} from './examples/fence-meta';
export type {Fence, FenceRef} from './examples/fence-meta';
export {parseStepFile, parseExerciseFile, stepKind, stepTier, stepCommand, exerciseAnswers, ExampleFormatError} from './examples/steps';
export {isReadOnlyKubectl, READ_ONLY_KUBECTL_VERBS} from './examples/kubectl-verbs';
export type {Step, StepFile, StepKind, Tier, Assertion, ExerciseFile, CanIQuestion, TrafficQuestion, ObjectQuestion, Localized} from './examples/steps';

export type {Diagnostic} from './diagnostics';
export {isRecord} from './is-record';
export {formatValue} from './format-value';
export type {FormatValueOptions} from './format-value';

// Manifests: YAML to objects with positions, and what the API server would say about them
export {parseManifests, parseManifestsDetailed, splitDocuments, PARSE_LIMITS} from './parse';
export type {ParsedObject, ParsedManifests} from './parse';
export {validateManifests, DIAGNOSTIC_CODES, ALL_DIAGNOSTIC_CODES, FORBIDDEN_REASONS, INVALID_VALUE_REASONS, suggestField} from './validate';
export type {DiagnosticCode, CodeInfo} from './validate';

// RBAC: would the API server allow it? (kubectl auth can-i --as)
export {canI, explainAccess, impersonatedUser, buildRbacStore, splitServiceAccountUsername} from './rbac/evaluate-access';
export type {AccessRequest, CanIOptions, CanIResult, AccessCode, AccessMatch, AccessExplanation, NearMiss, Subject} from './rbac/evaluate-access';
export {BOOTSTRAP_POLICY, BOOTSTRAP_POLICY_VERSION} from './rbac/generated/bootstrap-policy';
// NetworkPolicy: would the connection get through?
export {reachable, reachability, policyTypesOf, TrafficQueryError} from './netpol/evaluate-traffic';
export type {TrafficQuery, ReachOptions, ReachResult, DirectionVerdict, RuleRef, TrafficCode, Protocol} from './netpol/evaluate-traffic';
export {matchesLabelSelector} from './netpol/label-selector';
export {parseAddress, parseCidr, cidrContains, ipBlockContains} from './netpol/ip-block';
export type {LabelSelector, LabelSelectorRequirement} from './netpol/label-selector';
// securityContext: what a container runs with, and which level set it
export {effectiveSecurityContext, resolveSecurityContext, SecurityContextError} from './security-context/resolve-security-context';
export type {EffectiveSecurityContext, ResolvedSecurityContext, SecurityContextLevel, SecurityContextField} from './security-context/resolve-security-context';
// Exercise assertions
export {evaluateAssertions} from './assertions/evaluate-assertions';
export type {AssertionResult, AssertionFailure, AssertionOptions, AssertionKind, FailureCode} from './assertions/evaluate-assertions';
export {matchPartial} from './assertions/match-partial';
export type {Mismatch, MismatchCode} from './assertions/match-partial';
export {CLUSTER_SCOPED_KINDS, CLUSTER_SCOPED_RESOURCES, findObject, flattenObjects} from './assertions/objects';
export type {ObjectRef, KubeObject} from './assertions/objects';
export {mergeObjects} from './assertions/merge-objects';
export type {MergedObjects} from './assertions/merge-objects';
// The kubectl lab: an in-memory cluster answering kubectl command lines
export {createLab, LAB_COMMANDS, KUBEADM_KUBECONFIG} from './lab';
export type {Lab, LabOptions, LabKubeconfig, RunResult, Completions} from './lab';
