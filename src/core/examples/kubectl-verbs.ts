/**
 * kubectl commands that change no object in the cluster: reads (get, describe, events, logs,
 * top, explain, api-resources, api-versions, version, cluster-info), `auth can-i`/`auth whoami`
 * (a SelfSubjectAccessReview or SelfSubjectReview is not stored), `wait`, `config` (the local
 * kubeconfig only) and `exec` (runs a process in a container; no API object changes). `auth
 * reconcile` writes RBAC objects, so `auth` counts only with another subcommand. A command with
 * `--dry-run=client|server` changes nothing either. The list of commands is kubectl's own
 * (`kubectl --help`, k8s.io/kubectl/pkg/cmd/cmd.go).
 *
 * The verifier uses it to decide whether a later step may still run after a failure and whether
 * a read must first wait for RBAC to settle; the examples-agree test, whether a step changes
 * what canI and reachable look at.
 */
export const READ_ONLY_KUBECTL_VERBS: ReadonlySet<string> = new Set([
  'get',
  'describe',
  'events',
  'logs',
  'top',
  'explain',
  'api-resources',
  'api-versions',
  'version',
  'cluster-info',
  'auth',
  'wait',
  'config',
  'exec',
]);

/** Whether `kubectl <verb> <subcommand> ... <flags>` changes no object in the cluster. */
export function isReadOnlyKubectl(verb: string, subcommand: string | undefined, flags: readonly string[] = []): boolean {
  if (flags.some((w) => w.startsWith('--dry-run') && w !== '--dry-run=none')) return true;
  if (verb === 'auth') return subcommand !== 'reconcile';
  return READ_ONLY_KUBECTL_VERBS.has(verb);
}
