/**
 * Reads a kubeconfig file (clientcmd v1: k8s.io/client-go/tools/clientcmd/api/v1/types.go) for
 * the verifier's API client: the current context, its server, CA and credentials.
 *
 * Supported credentials: client certificates (client-certificate[-data], client-key[-data]) and
 * bearer tokens (token, tokenFile), which is what kind, the local control plane and most test
 * clusters use. exec and auth-provider plugins are refused with a clear message: the verifier
 * talks to test clusters only (see safety.ts).
 */
import {readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {delimiter, dirname, isAbsolute, join} from 'node:path';
import {dump, load} from 'js-yaml';
import {isRecord} from '../../src/core';

export interface KubeCredentials {
  contextName: string;
  clusterName: string;
  server: string;
  /** Namespace set on the context, if any. */
  namespace?: string;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  token?: string;
  insecureSkipTlsVerify: boolean;
}

export class KubeconfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeconfigError';
  }
}

type Rec = Record<string, unknown>;

/** The kubeconfig kubectl would use: $KUBECONFIG (first file of the list) or ~/.kube/config. */
export function defaultKubeconfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const list = (env.KUBECONFIG ?? '').split(delimiter).filter(Boolean);
  return list[0] ?? join(homedir(), '.kube', 'config');
}

function named(list: unknown, name: string, what: string, file: string): Rec {
  const entry = Array.isArray(list) ? list.find((e) => isRecord(e) && e.name === name) : undefined;
  if (!isRecord(entry)) throw new KubeconfigError(`${file}: no ${what} named "${name}"`);
  const inner = entry[what];
  if (!isRecord(inner)) throw new KubeconfigError(`${file}: ${what} "${name}" has no ${what} section`);
  return inner;
}

/** Parses kubeconfig text. `context` overrides current-context. Relative file paths resolve against `file`'s folder. */
export function parseKubeconfig(text: string, file: string, context?: string): KubeCredentials {
  let data: unknown;
  try {
    data = load(text);
  } catch (e) {
    throw new KubeconfigError(`${file}: not YAML (${(e as Error).message})`);
  }
  if (!isRecord(data)) throw new KubeconfigError(`${file}: not a kubeconfig (expected a mapping)`);
  const contextName = context ?? (typeof data['current-context'] === 'string' ? data['current-context'] : '');
  if (!contextName) throw new KubeconfigError(`${file}: no current-context set (kubectl config use-context <name>)`);
  const ctx = named(data.contexts, contextName, 'context', file);
  const clusterName = String(ctx.cluster ?? '');
  const userName = String(ctx.user ?? '');
  const cluster = named(data.clusters, clusterName, 'cluster', file);
  const user = userName ? named(data.users, userName, 'user', file) : {};
  const base = dirname(file);
  const readPath = (p: unknown) => readFileSync(isAbsolute(String(p)) ? String(p) : join(base, String(p)));
  const pick = (rec: Rec, dataKey: string, fileKey: string): Buffer | undefined => {
    if (typeof rec[dataKey] === 'string') return Buffer.from(rec[dataKey] as string, 'base64');
    if (typeof rec[fileKey] === 'string') return readPath(rec[fileKey]);
    return undefined;
  };
  if (user.exec || user['auth-provider']) {
    throw new KubeconfigError(
      `${file}: user "${userName}" authenticates through an exec or auth-provider plugin; the verifier supports client certificates and tokens (test clusters such as kind use certificates)`,
    );
  }
  const server = String(cluster.server ?? '');
  if (!/^https?:\/\//.test(server)) throw new KubeconfigError(`${file}: cluster "${clusterName}" has no server URL`);
  let token = typeof user.token === 'string' ? user.token : undefined;
  if (!token && typeof user.tokenFile === 'string') token = readPath(user.tokenFile).toString('utf8').trim();
  return {
    contextName,
    clusterName,
    server: server.replace(/\/+$/, ''),
    namespace: typeof ctx.namespace === 'string' ? ctx.namespace : undefined,
    ca: pick(cluster, 'certificate-authority-data', 'certificate-authority'),
    cert: pick(user, 'client-certificate-data', 'client-certificate'),
    key: pick(user, 'client-key-data', 'client-key'),
    token,
    insecureSkipTlsVerify: cluster['insecure-skip-tls-verify'] === true,
  };
}

export function readKubeconfig(file: string, context?: string): KubeCredentials {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new KubeconfigError(`cannot read kubeconfig ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseKubeconfig(text, file, context);
}

/** Only the current-context name (no credentials needed), for the safety check. */
export function currentContextName(file: string): string {
  let data: unknown;
  try {
    data = load(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new KubeconfigError(`cannot read kubeconfig ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const name = isRecord(data) ? data['current-context'] : undefined;
  if (typeof name !== 'string' || !name) throw new KubeconfigError(`${file}: no current-context set`);
  return name;
}

/**
 * One context, one cluster, one user, credentials embedded as *-data fields: what
 * `kubectl config view --flatten --minify` prints for the context. Used for the run's own
 * kubeconfig (safety.ts), so nothing outside the run can change where it points.
 */
export function renderFlatKubeconfig(c: KubeCredentials): string {
  const b64 = (b: Buffer) => b.toString('base64');
  const cluster: Rec = {server: c.server};
  if (c.ca) cluster['certificate-authority-data'] = b64(c.ca);
  if (c.insecureSkipTlsVerify) cluster['insecure-skip-tls-verify'] = true;
  const user: Rec = {};
  if (c.cert) user['client-certificate-data'] = b64(c.cert);
  if (c.key) user['client-key-data'] = b64(c.key);
  if (c.token) user.token = c.token;
  const context: Rec = {cluster: c.clusterName, user: c.contextName};
  if (c.namespace) context.namespace = c.namespace;
  return dump(
    {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{name: c.clusterName, cluster}],
      users: [{name: c.contextName, user}],
      contexts: [{name: c.contextName, context}],
      'current-context': c.contextName,
    },
    {lineWidth: -1, noRefs: true},
  );
}
