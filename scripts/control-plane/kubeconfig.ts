/**
 * Renders a kubeconfig file (clientcmd v1, the format `kubectl config view --raw` prints) with
 * one cluster, one user and one context, credentials embedded as *-data fields so the file can
 * be copied around without the files it came from.
 *
 * Usage (as a library):
 *   renderKubeconfig({name: 'ksn-local', server: 'https://127.0.0.1:6443', caCert, clientCert, clientKey})
 *
 * Field names follow k8s.io/client-go tools/clientcmd/api/v1/types.go (Config, Cluster, AuthInfo,
 * Context): certificate-authority-data, client-certificate-data, client-key-data.
 */

export interface KubeconfigInput {
  /** Used for the cluster, user and context names. */
  name: string;
  /** https://host:port of the API server. */
  server: string;
  /** PEM text of the CA that signed the serving certificate. */
  caCert: string;
  /** PEM text of the client certificate and its key. */
  clientCert: string;
  clientKey: string;
  /** Name for the user entry; defaults to `<name>-admin`. */
  user?: string;
}

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

export function renderKubeconfig(input: KubeconfigInput): string {
  const user = input.user ?? `${input.name}-admin`;
  for (const [field, value] of [
    ['name', input.name],
    ['user', user],
  ] as const) {
    if (!NAME.test(value)) throw new Error(`kubeconfig ${field} "${value}" must be lower-case letters, digits, '-' or '.'`);
  }
  let url: URL;
  try {
    url = new URL(input.server);
  } catch {
    throw new Error(`kubeconfig server "${input.server}" is not a URL`);
  }
  if (url.protocol !== 'https:') throw new Error(`kubeconfig server "${input.server}" must use https`);
  for (const [field, value, label] of [
    ['caCert', input.caCert, 'CERTIFICATE'],
    ['clientCert', input.clientCert, 'CERTIFICATE'],
    ['clientKey', input.clientKey, 'PRIVATE KEY'],
  ] as const) {
    if (!value.includes(`-----BEGIN ${label}-----`) && !(label === 'PRIVATE KEY' && /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(value))) {
      throw new Error(`kubeconfig ${field} is not PEM text with a ${label} block`);
    }
  }
  const b64 = (pem: string) => Buffer.from(pem, 'utf8').toString('base64');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${input.name}`,
    '  cluster:',
    `    server: ${url.origin}`,
    `    certificate-authority-data: ${b64(input.caCert)}`,
    'users:',
    `- name: ${user}`,
    '  user:',
    `    client-certificate-data: ${b64(input.clientCert)}`,
    `    client-key-data: ${b64(input.clientKey)}`,
    'contexts:',
    `- name: ${input.name}`,
    '  context:',
    `    cluster: ${input.name}`,
    `    user: ${user}`,
    '    namespace: default',
    `current-context: ${input.name}`,
    'preferences: {}',
    '',
  ].join('\n');
}

/** A word a POSIX shell reads back unchanged: bare when safe, else single-quoted. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_/.,:+@%=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * What `control-plane up` prints for `eval`: the kubeconfig, and the bin folder first on PATH so
 * `kubectl` is the one built for the server's version.
 */
export function exportLines(kubeconfig: string, binDir: string): string {
  return `export KUBECONFIG=${shellWord(kubeconfig)}\nexport PATH=${shellWord(binDir)}:$PATH\n`;
}
