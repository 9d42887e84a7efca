/** The one place the repository's address lives: "Edit this page" links, the navbar and the README use it. */
export const REPOSITORY_URL = 'https://github.com/kube-security-notes/kube-security-notes';
/** The Kubernetes version every example is verified on (the local control plane and the kind node image). */
export const KUBERNETES_VERSION = 'v1.36';
