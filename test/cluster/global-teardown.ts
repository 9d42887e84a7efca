/**
 * Jest global teardown of the `cluster` project: stops the control plane global-setup.ts started
 * and removes its temp folder. (Should jest die instead, the supervisor does the same on its own.)
 */
export default async function globalTeardown(): Promise<void> {
  const cp = globalThis.__ksnControlPlane;
  if (!cp) return;
  globalThis.__ksnControlPlane = undefined;
  const started = Date.now();
  await cp.stop();
  process.stderr.write(`[control-plane] stopped in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
