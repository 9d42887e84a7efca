/**
 * A small Kubernetes REST client for the verifier: server-side apply, get, list, delete, the
 * access reviews and API discovery, over node:https with the credentials of a kubeconfig.
 *
 * Why not kubectl for everything: the verifier makes hundreds of requests per run, and a kubectl
 * process costs a few hundred milliseconds of CPU each on a 2-core machine. Steps whose page
 * shows a kubectl command that is not a plain apply (kubectl: ..., token, exec) still run the
 * real kubectl (runtime.ts, kubectlRunner), so what readers type is what gets run.
 *
 * Paths follow the API conventions (https://kubernetes.io/docs/reference/using-api/api-concepts/):
 * /api/v1/namespaces/<ns>/<resource>/<name> for the core group, /apis/<group>/<version>/... else.
 * Resource names come from discovery, as kubectl's RESTMapper finds them.
 */
import {Agent, request as httpsRequest} from 'node:https';
import {request as httpRequest, Agent as HttpAgent} from 'node:http';
import type {KubeCredentials} from './kubeconfig';

export type KubeObject = Record<string, unknown> & {apiVersion?: string; kind?: string; metadata?: Record<string, unknown>};

export class KubeApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

export class KubeConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeConnectionError';
  }
}

export interface RequestOptions {
  method?: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string | string[]>;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface ResourceInfo {
  /** Plural resource name, e.g. "rolebindings". */
  name: string;
  namespaced: boolean;
  kind: string;
  apiVersion: string;
}

function abortError(): Error {
  const e = new Error('interrupted');
  e.name = 'AbortError';
  return e;
}

export function isAbortError(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

export class KubeClient {
  private readonly agent: Agent | HttpAgent;
  private readonly discovery = new Map<string, Promise<ResourceInfo[]>>();

  constructor(readonly credentials: KubeCredentials) {
    const https = credentials.server.startsWith('https:');
    this.agent = https
      ? new Agent({
          keepAlive: true,
          maxSockets: 16,
          ca: credentials.ca,
          cert: credentials.cert,
          key: credentials.key,
          rejectUnauthorized: !credentials.insecureSkipTlsVerify,
        })
      : new HttpAgent({keepAlive: true, maxSockets: 16});
  }

  close(): void {
    this.agent.destroy();
  }

  /** One HTTP request; JSON in and out. Non-2xx answers throw KubeApiError with the Status message. */
  request<T = unknown>(path: string, options: RequestOptions = {}): Promise<T> {
    const url = new URL(this.credentials.server + path);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    const headers: Record<string, string | string[]> = {Accept: 'application/json', ...options.headers};
    if (body !== undefined) {
      headers['Content-Type'] = options.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    if (this.credentials.token) headers.Authorization = `Bearer ${this.credentials.token}`;
    const signal = options.signal;
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError());
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(url, {method: options.method ?? 'GET', headers, agent: this.agent}, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: keep the text
          }
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) return resolve(parsed as T);
          const st = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as {message?: string; reason?: string};
          reject(
            new KubeApiError(
              status,
              st.reason ?? String(status),
              st.message ?? (typeof parsed === 'string' && parsed ? parsed : `HTTP ${status} from ${options.method ?? 'GET'} ${path}`),
              parsed,
            ),
          );
        });
      });
      const onAbort = () => req.destroy(abortError());
      signal?.addEventListener('abort', onAbort, {once: true});
      req.setTimeout(options.timeoutMs ?? 30_000, () =>
        req.destroy(
          new KubeConnectionError(
            `no answer from ${this.credentials.server} within ${(options.timeoutMs ?? 30_000) / 1000} s (${options.method ?? 'GET'} ${path})`,
          ),
        ),
      );
      req.on('error', (e: NodeJS.ErrnoException) => {
        signal?.removeEventListener('abort', onAbort);
        if (isAbortError(e) || e instanceof KubeConnectionError) return reject(e);
        reject(new KubeConnectionError(`cannot reach the API server at ${this.credentials.server}: ${e.code ?? e.message}`));
      });
      req.on('close', () => signal?.removeEventListener('abort', onAbort));
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  // ---------------------------------------------------------------------------------------
  // Discovery

  private groupVersionResources(apiVersion: string, signal?: AbortSignal): Promise<ResourceInfo[]> {
    let p = this.discovery.get(apiVersion);
    if (!p) {
      const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      p = this.request<{resources?: {name: string; namespaced: boolean; kind: string}[]}>(path, {signal})
        .then((list) =>
          (list.resources ?? []).filter((r) => !r.name.includes('/')).map((r) => ({name: r.name, namespaced: r.namespaced, kind: r.kind, apiVersion})),
        )
        .catch((e) => {
          this.discovery.delete(apiVersion);
          if (e instanceof KubeApiError && e.status === 404) return [];
          throw e;
        });
      this.discovery.set(apiVersion, p);
    }
    return p;
  }

  /** The resource of a kind, as kubectl's RESTMapper finds it; a clear error when the server does not serve it. */
  async resourceFor(apiVersion: string, kind: string, signal?: AbortSignal): Promise<ResourceInfo> {
    if (!apiVersion || !kind)
      throw new KubeApiError(400, 'BadRequest', `an object needs apiVersion and kind (got apiVersion "${apiVersion ?? ''}", kind "${kind ?? ''}")`, null);
    const found = (await this.groupVersionResources(apiVersion, signal)).find((r) => r.kind === kind);
    if (!found) throw new KubeApiError(404, 'NoKindMatch', `no matches for kind "${kind}" in version "${apiVersion}"`, null);
    return found;
  }

  private static base(apiVersion: string): string {
    return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  }

  async collectionPath(apiVersion: string, kind: string, namespace: string | undefined, signal?: AbortSignal): Promise<{path: string; info: ResourceInfo}> {
    const info = await this.resourceFor(apiVersion, kind, signal);
    const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    return {path: `${KubeClient.base(apiVersion)}${ns}/${info.name}`, info};
  }

  async objectPath(
    apiVersion: string,
    kind: string,
    name: string,
    namespace: string | undefined,
    signal?: AbortSignal,
  ): Promise<{path: string; info: ResourceInfo}> {
    const info = await this.resourceFor(apiVersion, kind, signal);
    if (info.namespaced && !namespace) throw new KubeApiError(400, 'BadRequest', `${kind} ${name} is namespaced but has no namespace`, null);
    const {path} = await this.collectionPath(apiVersion, kind, info.namespaced ? namespace : undefined, signal);
    return {path: `${path}/${encodeURIComponent(name)}`, info};
  }

  // ---------------------------------------------------------------------------------------
  // Objects

  /**
   * Server-side apply (PATCH application/apply-patch+yaml, https://kubernetes.io/docs/reference/using-api/server-side-apply/)
   * with strict field validation, as `kubectl apply --server-side` sends it.
   */
  async apply(obj: KubeObject, options: {fieldManager: string; force?: boolean; signal?: AbortSignal}): Promise<KubeObject> {
    const meta = (obj.metadata ?? {}) as {name?: string; namespace?: string};
    if (!meta.name) throw new KubeApiError(400, 'BadRequest', `${obj.kind ?? 'object'}: metadata.name is required`, null);
    const {path} = await this.objectPath(String(obj.apiVersion ?? ''), String(obj.kind ?? ''), meta.name, meta.namespace, options.signal);
    return this.request<KubeObject>(path, {
      method: 'PATCH',
      body: JSON.stringify(obj),
      contentType: 'application/apply-patch+yaml',
      query: {fieldManager: options.fieldManager, fieldValidation: 'Strict', force: options.force ? true : undefined},
      signal: options.signal,
    });
  }

  async create(obj: KubeObject, options: {fieldManager: string; signal?: AbortSignal}): Promise<KubeObject> {
    const meta = (obj.metadata ?? {}) as {namespace?: string};
    const {path} = await this.collectionPath(String(obj.apiVersion ?? ''), String(obj.kind ?? ''), meta.namespace, options.signal);
    return this.request<KubeObject>(path, {
      method: 'POST',
      body: obj,
      query: {fieldManager: options.fieldManager, fieldValidation: 'Strict'},
      signal: options.signal,
    });
  }

  /** The live object, or undefined when there is none. */
  async get(apiVersion: string, kind: string, name: string, namespace: string | undefined, signal?: AbortSignal): Promise<KubeObject | undefined> {
    const {path} = await this.objectPath(apiVersion, kind, name, namespace, signal);
    try {
      return await this.request<KubeObject>(path, {signal});
    } catch (e) {
      if (e instanceof KubeApiError && e.status === 404) return undefined;
      throw e;
    }
  }

  /** Items with apiVersion and kind filled in (a list's items carry neither). */
  async list(apiVersion: string, kind: string, options: {namespace?: string; labelSelector?: string; signal?: AbortSignal} = {}): Promise<KubeObject[]> {
    const {path} = await this.collectionPath(apiVersion, kind, options.namespace, options.signal);
    const list = await this.request<{items?: KubeObject[]}>(path, {query: {labelSelector: options.labelSelector}, signal: options.signal});
    return (list.items ?? []).map((item) => ({apiVersion, kind, ...item}));
  }

  /** Deletes one object; false when it was not there. */
  async delete(
    apiVersion: string,
    kind: string,
    name: string,
    namespace: string | undefined,
    options: {gracePeriodSeconds?: number; propagationPolicy?: 'Background' | 'Foreground' | 'Orphan'; signal?: AbortSignal} = {},
  ): Promise<boolean> {
    const {path} = await this.objectPath(apiVersion, kind, name, namespace, options.signal);
    const body: Record<string, unknown> = {apiVersion: 'v1', kind: 'DeleteOptions'};
    if (options.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = options.gracePeriodSeconds;
    if (options.propagationPolicy) body.propagationPolicy = options.propagationPolicy;
    try {
      await this.request(path, {method: 'DELETE', body, signal: options.signal});
      return true;
    } catch (e) {
      if (e instanceof KubeApiError && e.status === 404) return false;
      throw e;
    }
  }

  async mergePatch(apiVersion: string, kind: string, name: string, namespace: string | undefined, patch: unknown, signal?: AbortSignal): Promise<KubeObject> {
    const {path} = await this.objectPath(apiVersion, kind, name, namespace, signal);
    return this.request<KubeObject>(path, {method: 'PATCH', body: patch, contentType: 'application/merge-patch+json', signal});
  }

  /** The server's version, e.g. {gitVersion: "v1.36.3"}. */
  version(signal?: AbortSignal): Promise<{gitVersion: string}> {
    return this.request('/version', {signal, timeoutMs: 10_000});
  }
}
