/**
 * Jest global setup of the `cluster` project: starts one local control plane for the whole run
 * (building the binaries first if needed) and hands it to the test files through the
 * environment, which jest's workers inherit:
 *   KUBECONFIG, KSN_KUBECONFIG   admin kubeconfig (KUBECONFIG too, so nothing in a test can reach
 *                                another cluster by accident)
 *   KSN_KUBECTL, KSN_SERVER, KSN_BIN_DIR, KSN_K8S_VERSION, KSN_CONTROLLER_MANAGER ('1' | '0')
 *   KSN_CLUSTER_SKIP             set instead, with the reason, when no control plane can be had
 *
 * Usage: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects cluster
 *
 * Without Go and without KUBEBUILDER_ASSETS the suites are skipped with one line saying why;
 * with CI=true that is an error instead. A build or start failure is always an error.
 */
import {availability, start, type ControlPlane} from '../../scripts/control-plane/harness';

declare global {
  // Read back by global-teardown.ts (jest runs both in the same process).
  var __ksnControlPlane: ControlPlane | undefined;
}

export default async function globalSetup(): Promise<void> {
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  const can = availability();
  if (!can.ok) {
    if (ci) throw new Error(`CI=true requires the local control plane, and it cannot run here: ${can.why}`);
    process.stdout.write(`\ncluster suites skipped: ${can.why}\n`);
    process.env.KSN_CLUSTER_SKIP = can.why;
    return;
  }
  const log = (line: string) => process.stderr.write(`[control-plane] ${line}\n`);
  const cp = await start({log});
  globalThis.__ksnControlPlane = cp;
  Object.assign(process.env, {
    KUBECONFIG: cp.kubeconfig,
    KSN_KUBECONFIG: cp.kubeconfig,
    KSN_KUBECTL: cp.kubectl,
    KSN_SERVER: cp.server,
    KSN_BIN_DIR: cp.binDir,
    KSN_K8S_VERSION: cp.version,
    KSN_CONTROLLER_MANAGER: cp.controllerManager ? '1' : '0',
  });
  delete process.env.KSN_CLUSTER_SKIP;
}
