/**
 * effectiveSecurityContext(): the securityContext a container actually runs with, merging the
 * pod-level spec.securityContext with the container's own securityContext the way the kubelet
 * does before it asks the runtime to start the container.
 *
 * Upstream: pkg/securitycontext/util.go of k8s.io/kubernetes, DetermineEffectiveSecurityContext
 * and securityContextFromPodSecurityContext:
 * - runAsUser, runAsGroup, runAsNonRoot and seLinuxOptions exist at both levels; the container's
 *   value wins when set (a container seLinuxOptions replaces the pod's as a whole, not field by field);
 * - capabilities, privileged, allowPrivilegeEscalation, readOnlyRootFilesystem (and procMount)
 *   exist only on the container;
 * - seccompProfile: container first, then pod (pkg/kubelet/kuberuntime/helpers.go, getSeccompProfile).
 * Defaults when nobody sets them: privileged false, readOnlyRootFilesystem false, no capabilities
 * added or dropped; runAsUser/runAsGroup unset means "what the image says" (USER in the
 * Dockerfile, often root), so they stay undefined here; allowPrivilegeEscalation unset stays
 * undefined (the runtime then allows escalation unless privileged or CAP_SYS_ADMIN rules apply).
 *
 * Works on a Pod and on anything with a pod template (Deployment, ReplicaSet, StatefulSet,
 * DaemonSet, Job: spec.template; CronJob: spec.jobTemplate.spec.template). The container is
 * looked up by name among containers, initContainers and ephemeralContainers.
 */
import {isRecord} from '../is-record';
import {displayText} from '../scalar-text';

export interface EffectiveSecurityContext {
  runAsUser?: number;
  runAsGroup?: number;
  runAsNonRoot?: boolean;
  privileged: boolean;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem: boolean;
  capabilities: {add: string[]; drop: string[]};
  seLinuxOptions?: Record<string, unknown>;
  seccompProfile?: Record<string, unknown>;
}

/** Which level set a field: the pod's securityContext, the container's, or nobody (a default). */
export type SecurityContextLevel = 'pod' | 'container' | 'default';

export type SecurityContextField =
  | 'runAsUser'
  | 'runAsGroup'
  | 'runAsNonRoot'
  | 'privileged'
  | 'allowPrivilegeEscalation'
  | 'readOnlyRootFilesystem'
  | 'capabilities'
  | 'seLinuxOptions'
  | 'seccompProfile';

export interface ResolvedSecurityContext {
  effective: EffectiveSecurityContext;
  /** For each field, the level whose value is in `effective`. */
  sources: Record<SecurityContextField, SecurityContextLevel>;
  /** Where the container was found. */
  containerKind: 'containers' | 'initContainers' | 'ephemeralContainers';
  /** The pod-level value a container-level value overrode, for the UI's "the container wins" note. */
  overridden: Partial<Record<SecurityContextField, unknown>>;
}

export class SecurityContextError extends Error {
  constructor(
    public readonly code: 'CONTAINER_NOT_FOUND' | 'NOT_A_POD',
    public readonly params: Record<string, string | number>,
    message: string,
  ) {
    super(message);
    this.name = 'SecurityContextError';
  }
}

/** spec of the pod itself, or of the pod template of a workload. */
export function podSpecOf(object: unknown): Record<string, unknown> | undefined {
  if (!isRecord(object) || !isRecord(object.spec)) return undefined;
  const spec = object.spec;
  if (object.kind === 'Pod' || (object.kind === undefined && (Array.isArray(spec.containers) || Array.isArray(spec.initContainers)))) return spec;
  if (isRecord(spec.template) && isRecord(spec.template.spec)) return spec.template.spec;
  if (
    isRecord(spec.jobTemplate) &&
    isRecord(spec.jobTemplate.spec) &&
    isRecord(spec.jobTemplate.spec.template) &&
    isRecord(spec.jobTemplate.spec.template.spec)
  ) {
    return spec.jobTemplate.spec.template.spec;
  }
  if (Array.isArray(spec.containers)) return spec;
  return undefined;
}

const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The effective securityContext with, for each field, the level that set it. */
export function resolveSecurityContext(pod: unknown, container: string): ResolvedSecurityContext {
  const spec = podSpecOf(pod);
  if (!spec) throw new SecurityContextError('NOT_A_POD', {}, 'not a Pod or an object with a pod template (spec.template)');
  let found: Record<string, unknown> | undefined;
  let containerKind: ResolvedSecurityContext['containerKind'] = 'containers';
  for (const list of CONTAINER_LISTS) {
    const items = Array.isArray(spec[list]) ? (spec[list] as unknown[]) : [];
    const c = items.find((i) => isRecord(i) && i.name === container);
    if (c) {
      found = c as Record<string, unknown>;
      containerKind = list;
      break;
    }
  }
  if (!found) {
    const names = CONTAINER_LISTS.flatMap((l) => (Array.isArray(spec[l]) ? (spec[l] as unknown[]) : []).filter(isRecord).map((c) => displayText(c.name)));
    throw new SecurityContextError(
      'CONTAINER_NOT_FOUND',
      {container, containers: names.join(', ')},
      `no container named ${container} (the pod has ${names.length ? names.join(', ') : 'no containers'})`,
    );
  }
  const podSc = isRecord(spec.securityContext) ? spec.securityContext : {};
  const sc = isRecord(found.securityContext) ? found.securityContext : {};

  const sources = {} as Record<SecurityContextField, SecurityContextLevel>;
  const overridden: ResolvedSecurityContext['overridden'] = {};
  const effective: EffectiveSecurityContext = {privileged: false, readOnlyRootFilesystem: false, capabilities: {add: [], drop: []}};

  // Fields of both levels: container over pod (DetermineEffectiveSecurityContext).
  const both = <K extends 'runAsUser' | 'runAsGroup' | 'runAsNonRoot'>(field: K, ok: (v: unknown) => boolean) => {
    if (ok(sc[field])) {
      (effective as unknown as Record<string, unknown>)[field] = sc[field];
      sources[field] = 'container';
      if (ok(podSc[field])) overridden[field] = podSc[field];
    } else if (ok(podSc[field])) {
      (effective as unknown as Record<string, unknown>)[field] = podSc[field];
      sources[field] = 'pod';
    } else {
      sources[field] = 'default';
    }
  };
  const isInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v);
  const isBool = (v: unknown) => typeof v === 'boolean';
  both('runAsUser', isInt);
  both('runAsGroup', isInt);
  both('runAsNonRoot', isBool);

  for (const field of ['seLinuxOptions', 'seccompProfile'] as const) {
    if (isRecord(sc[field])) {
      effective[field] = {...(sc[field] as Record<string, unknown>)};
      sources[field] = 'container';
      if (isRecord(podSc[field])) overridden[field] = podSc[field];
    } else if (isRecord(podSc[field])) {
      effective[field] = {...(podSc[field] as Record<string, unknown>)};
      sources[field] = 'pod';
    } else {
      sources[field] = 'default';
    }
  }

  // Container-only fields.
  if (isBool(sc.privileged)) {
    effective.privileged = sc.privileged as boolean;
    sources.privileged = 'container';
  } else sources.privileged = 'default';
  if (isBool(sc.readOnlyRootFilesystem)) {
    effective.readOnlyRootFilesystem = sc.readOnlyRootFilesystem as boolean;
    sources.readOnlyRootFilesystem = 'container';
  } else sources.readOnlyRootFilesystem = 'default';
  if (isBool(sc.allowPrivilegeEscalation)) {
    effective.allowPrivilegeEscalation = sc.allowPrivilegeEscalation as boolean;
    sources.allowPrivilegeEscalation = 'container';
  } else sources.allowPrivilegeEscalation = 'default';
  if (isRecord(sc.capabilities)) {
    effective.capabilities = {add: strings(sc.capabilities.add), drop: strings(sc.capabilities.drop)};
    sources.capabilities = 'container';
  } else sources.capabilities = 'default';

  return {effective, sources, containerKind, overridden};
}

/**
 * The securityContext container `container` of `pod` runs with (see the file comment).
 * Throws SecurityContextError (code CONTAINER_NOT_FOUND or NOT_A_POD) when there is no such container.
 *
 * @example effectiveSecurityContext(multiPod, 'web').runAsUser // 1002 (container) over 1001 (pod)
 */
export function effectiveSecurityContext(pod: unknown, container: string): EffectiveSecurityContext {
  return resolveSecurityContext(pod, container).effective;
}
