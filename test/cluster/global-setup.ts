// Starts the shared control plane for the cluster suites (being written in scripts/control-plane).
export default async function globalSetup(): Promise<void> {}
