/**
 * Figures of the local node, measured (not asserted): start to Ready, to the first pod Running,
 * memory of the running cluster, stop. The numbers in scripts/control-plane/README.md come from it.
 *
 * Usage: npm run bench:node [-- --runs N]      (Linux and root, like the node itself)
 */
import {spawnSync} from 'node:child_process';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {nodeUnavailable, start} from './control-plane/harness';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 1;

function rssKiB(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Every pid of the control plane (its components) and of the node (its cgroup folder). */
function clusterPids(pids: Record<string, number>, cgroupRoot: string): Set<number> {
  const all = new Set(Object.values(pids));
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const p of readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean)) all.add(Number(p));
    for (const e of readdirSync(dir, {withFileTypes: true})) if (e.isDirectory()) walk(join(dir, e.name));
  };
  walk(join('/sys/fs/cgroup/memory', cgroupRoot));
  return all;
}

async function once(): Promise<Record<string, number>> {
  const t0 = Date.now();
  const cp = await start({node: true});
  const ready = Date.now() - t0;
  const kubectl = (...args: string[]) => spawnSync(cp.kubectl, ['--kubeconfig', cp.kubeconfig, ...args], {encoding: 'utf8'});
  const t1 = Date.now();
  kubectl('run', 'bench', '--image=nginx:alpine');
  const waited = kubectl('wait', '--for=condition=Ready', 'pod/bench', '--timeout=120s');
  if (waited.status !== 0) throw new Error(`the first pod did not become Ready: ${waited.stderr}`);
  const firstPod = Date.now() - t1;
  const pids = clusterPids(cp.pids, cp.node!.cgroupRoot);
  const nodeOnly = clusterPids({}, cp.node!.cgroupRoot);
  const total = [...pids].reduce((s, p) => s + rssKiB(p), 0);
  const node = [...nodeOnly].reduce((s, p) => s + rssKiB(p), 0);
  const t2 = Date.now();
  await cp.stop();
  return {
    readyS: ready / 1000,
    nodeReadyS: cp.node!.readyMs / 1000,
    firstPodS: firstPod / 1000,
    rssMiB: total / 1024,
    nodeRssMiB: node / 1024,
    processes: pids.size,
    stopS: (Date.now() - t2) / 1000,
  };
}

async function main(): Promise<void> {
  const why = nodeUnavailable();
  if (why) {
    console.error(`bench:node cannot run here: ${why}`);
    process.exit(3);
  }
  const rows: Record<string, number>[] = [];
  for (let i = 0; i < runs; i++) rows.push(await once());
  console.log('| run | start to Ready (s) | of which the node (s) | first pod Running (s) | RSS, all (MiB) | RSS, node (MiB) | processes | stop (s) |');
  console.log('|---|---|---|---|---|---|---|---|');
  rows.forEach((r, i) =>
    console.log(
      `| ${i + 1} | ${r.readyS.toFixed(1)} | ${r.nodeReadyS.toFixed(1)} | ${r.firstPodS.toFixed(1)} | ${r.rssMiB.toFixed(0)} | ${r.nodeRssMiB.toFixed(0)} | ${r.processes} | ${r.stopS.toFixed(1)} |`,
    ),
  );
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
