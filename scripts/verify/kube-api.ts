/**
 * The verifier's calls to the API that no page shows as a command, through the Kubernetes client
 * library (@kubernetes/client-node 1.4, ESM; 2.x needs Node >= 22.19, STACK-NOTES.md):
 *   - waitGone: a watch on the object (fieldSelector metadata.name) until its DELETED event,
 *     instead of asking again every 200 ms;
 *   - subjectAccessReview: a SubjectAccessReview (AuthorizationV1Api), the question about a user
 *     that may not ask for itself (system:anonymous).
 * Commands the pages show (kubectl apply, auth can-i, exec ...) keep running the real kubectl.
 *
 * The client is built from the run's own credentials (scripts/verify/kubeconfig.ts), never from
 * the user's current context.
 */
import {AuthorizationV1Api, KubeConfig, Watch, type V1SubjectAccessReviewSpec} from '@kubernetes/client-node';
import type {KubeClient} from './kube-client';
import type {KubeCredentials} from './kubeconfig';

/** A client-node KubeConfig holding exactly the run's cluster and user. */
export function kubeConfigOf(c: KubeCredentials): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{name: c.clusterName, server: c.server, caData: c.ca?.toString('base64'), skipTLSVerify: c.insecureSkipTlsVerify}],
    users: [{name: 'ksn-verify', certData: c.cert?.toString('base64'), keyData: c.key?.toString('base64'), token: c.token}],
    contexts: [{name: c.contextName, cluster: c.clusterName, user: 'ksn-verify'}],
    currentContext: c.contextName,
  });
  return kc;
}

export class KubeApi {
  readonly config: KubeConfig;
  private readonly authorization: AuthorizationV1Api;

  constructor(
    credentials: KubeCredentials,
    private readonly rest: KubeClient,
  ) {
    this.config = kubeConfigOf(credentials);
    this.authorization = this.config.makeApiClient(AuthorizationV1Api);
  }

  /** The server's answer to a SubjectAccessReview. */
  async subjectAccessReview(spec: V1SubjectAccessReviewSpec): Promise<{allowed?: boolean; denied?: boolean; reason?: string; evaluationError?: string}> {
    const review = await this.authorization.createSubjectAccessReview({body: {apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec}});
    return review.status ?? {};
  }

  /**
   * Resolves once the object is gone (at once when it is already), rejects after `timeoutMs` with
   * `onTimeout`'s error. A watch from the resourceVersion of the read that still saw the object,
   * so a deletion between the read and the watch is not missed.
   */
  async waitGone(
    apiVersion: string,
    kind: string,
    name: string,
    namespace: string | undefined,
    timeoutMs: number,
    onTimeout: () => Error,
    signal?: AbortSignal,
  ): Promise<void> {
    const live = await this.rest.get(apiVersion, kind, name, namespace, signal);
    if (!live) return;
    const {path} = await this.rest.collectionPath(apiVersion, kind, namespace, signal);
    const resourceVersion = String((live.metadata as {resourceVersion?: string} | undefined)?.resourceVersion ?? '');
    const deadline = Date.now() + timeoutMs;
    await new Promise<void>((resolve, reject) => {
      let controller: AbortController | undefined;
      let settled = false;
      const finish = (error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        controller?.abort();
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(() => finish(onTimeout()), timeoutMs);
      const onAbort = () => finish(Object.assign(new Error('interrupted'), {name: 'AbortError'}));
      signal?.addEventListener('abort', onAbort, {once: true});
      new Watch(this.config)
        .watch(
          path,
          {fieldSelector: `metadata.name=${name}`, resourceVersion, allowWatchBookmarks: false},
          (phase) => {
            if (phase === 'DELETED') finish();
          },
          (err: unknown) => {
            if (settled) return;
            if (err && (err as Error).name !== 'AbortError') return finish(err as Error);
            // The server ended the watch before the deletion: read and watch again, same deadline.
            this.waitGone(apiVersion, kind, name, namespace, Math.max(1, deadline - Date.now()), onTimeout, signal).then(
              () => finish(),
              (e: Error) => finish(e),
            );
          },
        )
        .then(
          (c) => {
            controller = c;
            if (settled) c.abort();
          },
          (e: Error) => finish(e),
        );
    });
  }
}
