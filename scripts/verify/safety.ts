/**
 * The verifier creates ClusterRoles and ClusterRoleBindings and deletes namespaces: it must never
 * touch a real cluster by accident. `--cluster current` runs only against a context that is
 * obviously a test cluster, or one the user names with --allow-context.
 */

/** Context name of the local control plane (scripts/control-plane/harness.ts writes it). */
export const LOCAL_CONTEXT = 'ksn-local';

export type SafetyVerdict = {ok: true; why: string} | {ok: false; why: string};

export function checkContext(context: string, allowContext?: string): SafetyVerdict {
  if (allowContext !== undefined) {
    if (allowContext === context) return {ok: true, why: `context "${context}" allowed by --allow-context`};
    return {ok: false, why: `the current context is "${context}", but --allow-context names "${allowContext}"; switch contexts (kubectl config use-context ${allowContext}) or name the current one`};
  }
  if (/^kind-[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(context)) return {ok: true, why: `"${context}" is a kind cluster`};
  if (context === LOCAL_CONTEXT) return {ok: true, why: `"${context}" is the local control plane`};
  return {
    ok: false,
    why: `refusing to run against context "${context}": it is not obviously a test cluster (kind-* or ${LOCAL_CONTEXT}), and the verifier creates ClusterRoles and ClusterRoleBindings and deletes namespaces. If it is a throw-away cluster, pass --allow-context ${context}`,
  };
}
