/**
 * The local control plane from the command line.
 *
 * Usage:
 *   npm run control-plane -- build [--force] [--node]
 *                                              build etcd, kube-apiserver, kube-controller-manager and
 *                                              kubectl for the pins in go.mod (skipped when cached);
 *                                              --node also the node (node-build.ts); prints the bin folder
 *   eval "$(npm run -s control-plane -- up --node)"  the same with one node (node.ts): pods run,
 *                                              Services and DNS answer, NetworkPolicy is enforced
 *   eval "$(npm run -s control-plane -- up)"   build if needed, start in the background, wait until
 *                                              ready, print `export KUBECONFIG=...` and
 *                                              `export PATH=<bin>:$PATH`; prints the same lines again
 *                                              if it is already running
 *   npm run control-plane -- status            running or not, server, kubeconfig, pids
 *                                              (exit 0 running, 3 not running, 1 unhealthy)
 *   npm run control-plane -- down              stop it and remove its temp folder
 *   npm run control-plane -- available         can a control plane be had here? (exit 0 yes, 3 no + why)
 *   npm run control-plane -- pin v1.36.4 [v3.6.9]  move go.mod to another Kubernetes (and etcd)
 *                                              release; the next build uses a new cache key
 *
 * Progress goes to stderr; stdout carries only the results above, so it can be eval'ed.
 * Environment: KUBEBUILDER_ASSETS (use prebuilt binaries), KSN_CACHE_DIR (cache root),
 * KSN_START_TIMEOUT_MS (start deadline, default 120000).
 * The background control plane's own log is <cache>/control-plane/run/daemon.log; its state file
 * is <cache>/control-plane/run/state.json.
 */
import {spawn, spawnSync} from 'node:child_process';
import {mkdirSync, openSync, readFileSync, rmSync, writeFileSync, closeSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {availability, ensureBinaries, GO_MOD, ToolchainMissingError} from './build';
import {ensureNodeBinaries} from './node-build';
import {nodeUnavailable, ownsPid, pidAlive, start, tail, type ControlPlane} from './harness';
import {exportLines} from './kubeconfig';
import {pin} from './pin';
import {cacheLayout, readPins} from './pins';

const USAGE = `usage: npm run control-plane -- <build [--force] [--node] | up [--node] | down | status | pin <k8s> [<etcd>]>
  build   build the binaries for the pins in scripts/control-plane/go.mod (cached); --node: the node's too
  up      start in the background; prints export lines: eval "$(npm run -s control-plane -- up)"
          --node: with one node (Linux, root, the Debian packages in README)
  down    stop the background control plane and clean up
  status  say whether it runs (exit 0 running, 3 not running, 1 unhealthy)
  pin     pin another release, e.g. pin v1.36.4 (rewrites go.mod and go.sum)`;

/** What state.json records about the background control plane: the harness's facts plus the daemon's. */
type State = Pick<ControlPlane, 'server' | 'kubeconfig' | 'kubectl' | 'binDir' | 'dataDir' | 'pids' | 'version' | 'readyMs' | 'node'> & {
  daemonPid: number;
  startedAt: string;
};

const say = (line: string) => process.stderr.write(`[control-plane] ${line}\n`);

function runDir(): string {
  return cacheLayout(readPins(readFileSync(GO_MOD, 'utf8')), process.env).run;
}
const statePath = () => join(runDir(), 'state.json');
const daemonLog = () => join(runDir(), 'daemon.log');

function readState(): State | null {
  try {
    return JSON.parse(readFileSync(statePath(), 'utf8')) as State;
  } catch {
    return null;
  }
}

function readyz(state: State): boolean {
  const r = spawnSync(state.kubectl, ['get', '--raw', '/readyz'], {env: {...process.env, KUBECONFIG: state.kubeconfig}, encoding: 'utf8', timeout: 10_000});
  return r.status === 0 && r.stdout.trim() === 'ok';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitGone(pids: number[], ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (pids.some(pidAlive) && Date.now() < deadline) await sleep(100);
  return !pids.some(pidAlive);
}

/** Stops whatever the state file describes, whether the daemon is healthy or long dead. */
async function teardown(state: State): Promise<void> {
  if (pidAlive(state.daemonPid)) {
    process.kill(state.daemonPid, 'SIGTERM');
    if (!(await waitGone([state.daemonPid], 45_000))) {
      say(`the background process (pid ${state.daemonPid}) did not exit within 45 s: SIGKILL`);
      process.kill(state.daemonPid, 'SIGKILL');
    }
  }
  // With the daemon gone its supervisor stops the components; make sure, then finish the job.
  const left = Object.values(state.pids);
  if (!(await waitGone(left, 40_000))) {
    for (const pid of left) {
      if (ownsPid(pid, state.binDir, state.dataDir)) {
        say(`pid ${pid} still running: SIGKILL`);
        process.kill(pid, 'SIGKILL');
      }
    }
    await waitGone(left, 5_000);
  }
  rmSync(state.dataDir, {recursive: true, force: true});
  rmSync(statePath(), {force: true});
}

async function cmdBuild(args: string[]): Promise<number> {
  const unknown = args.filter((a) => a !== '--force' && a !== '--node');
  if (unknown.length) throw new UsageError(`build: unknown option ${unknown.join(' ')}`);
  const started = Date.now();
  const b = await ensureBinaries({log: say, force: args.includes('--force')});
  say(`${b.source === 'build' ? 'built' : 'using'} ${b.version} in ${b.binDir} (${b.source}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  process.stdout.write(`${b.binDir}\n`);
  if (args.includes('--node')) {
    const t = Date.now();
    const n = await ensureNodeBinaries({log: say, force: args.includes('--force')});
    say(`${n.source === 'build' ? 'built' : 'using'} the node in ${n.binDir} (${n.source}, ${((Date.now() - t) / 1000).toFixed(1)} s)`);
    process.stdout.write(`${n.binDir}\n`);
  }
  return 0;
}

async function cmdUp(args: string[]): Promise<number> {
  const unknown = args.filter((a) => a !== '--node');
  if (unknown.length) throw new UsageError(`up: unknown option ${unknown.join(' ')}`);
  const withNode = args.includes('--node');
  const existing = readState();
  if (existing) {
    if (pidAlive(existing.daemonPid) && readyz(existing) && !!existing.node === withNode) {
      say(`already running at ${existing.server} (pids ${JSON.stringify(existing.pids)})`);
      process.stdout.write(exportLines(existing.kubeconfig, existing.binDir));
      return 0;
    }
    say(
      pidAlive(existing.daemonPid)
        ? `a control plane ${existing.node ? 'with' : 'without'} a node runs: stopping it first`
        : 'a previous control plane is recorded but not healthy: cleaning it up',
    );
    await teardown(existing);
  }
  // Build in the foreground so its progress is seen here.
  await ensureBinaries({log: say});
  if (withNode) await ensureNodeBinaries({log: say});

  mkdirSync(runDir(), {recursive: true});
  const logFd = openSync(daemonLog(), 'w');
  const daemon = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '__daemon', ...(withNode ? ['--node'] : [])], {
    detached: true,
    stdio: ['ignore', logFd, logFd, 'ipc'],
    env: process.env,
  });
  closeSync(logFd);
  const onSignal = () => {
    say('interrupted: stopping the control plane that was starting');
    daemon.kill('SIGTERM');
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const result = await new Promise<{ok: true; state: State} | {ok: false; why: string}>((resolve) => {
    const timer = setTimeout(() => resolve({ok: false, why: 'no answer from the background process within 300 s'}), 300_000);
    daemon.on('message', (m: {log?: string; ready?: State; error?: string}) => {
      if (m.log) say(m.log);
      if (m.ready) {
        clearTimeout(timer);
        resolve({ok: true, state: m.ready});
      }
      if (m.error) {
        clearTimeout(timer);
        resolve({ok: false, why: m.error});
      }
    });
    daemon.on('exit', (code, sig) => {
      clearTimeout(timer);
      resolve({ok: false, why: `the background process exited (${sig ?? `code ${code}`}) before the control plane was ready`});
    });
  });
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  if (!result.ok) {
    if (daemon.exitCode === null) daemon.kill('SIGTERM');
    say(`up failed: ${result.why}`);
    say(`log: ${daemonLog()}\n${tail(daemonLog(), 15)}`);
    return 1;
  }
  daemon.disconnect();
  daemon.unref();
  say(`ready in ${(result.state.readyMs / 1000).toFixed(1)} s at ${result.state.server}; stop it with: npm run control-plane -- down`);
  process.stdout.write(exportLines(result.state.kubeconfig, result.state.binDir));
  return 0;
}

/** The background process behind `up`: owns the control plane until SIGTERM (from `down`). */
async function cmdDaemon(args: string[]): Promise<number> {
  const send = (m: object) => {
    if (process.connected) process.send?.(m);
  };
  const log = (line: string) => {
    process.stderr.write(`${new Date().toISOString()} ${line}\n`);
    send({log: line});
  };
  let cp: ControlPlane;
  try {
    cp = await start({log, node: args.includes('--node')});
  } catch (err) {
    log((err as Error).message);
    send({error: (err as Error).message.split('\n')[0]});
    return 1;
  }
  const state: State = {
    daemonPid: process.pid,
    server: cp.server,
    kubeconfig: cp.kubeconfig,
    kubectl: cp.kubectl,
    binDir: cp.binDir,
    dataDir: cp.dataDir,
    pids: cp.pids,
    version: cp.version,
    startedAt: new Date().toISOString(),
    readyMs: cp.readyMs,
    node: cp.node,
  };
  writeFileSync(statePath(), JSON.stringify(state, null, 2) + '\n');
  send({ready: state});
  if (process.connected) process.disconnect();

  const finish = async (code: number) => {
    await cp.stop();
    const current = readState();
    if (current?.daemonPid === process.pid) rmSync(statePath(), {force: true});
    log('stopped');
    process.exit(code);
  };
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(sig, () => void finish(0));
  // Keeps this process alive (the harness does not) and notices a crashed component.
  setInterval(() => {
    if (cp.crashed) {
      log(`${cp.crashed.name} crashed: stopping the whole control plane`);
      void finish(1);
    }
  }, 1000);
  return new Promise<number>(() => {});
}

async function cmdStatus(): Promise<number> {
  const state = readState();
  if (!state) {
    process.stdout.write('not running\n');
    return 3;
  }
  const alive = Object.fromEntries(Object.entries(state.pids).map(([n, p]) => [n, pidAlive(p)]));
  const daemon = pidAlive(state.daemonPid);
  const ready = daemon && Object.values(alive).every(Boolean) && readyz(state);
  const lines = [
    ready ? 'running' : 'not healthy',
    `server: ${state.server}`,
    `version: ${state.version}`,
    `kubeconfig: ${state.kubeconfig}`,
    `bin: ${state.binDir}`,
    `data: ${state.dataDir}`,
    `started: ${state.startedAt}`,
    `pids: daemon=${state.daemonPid}${daemon ? '' : ' (gone)'} ${Object.entries(state.pids)
      .map(([n, p]) => `${n}=${p}${alive[n] ? '' : ' (gone)'}`)
      .join(' ')}`,
  ];
  let nodeOk = true;
  if (state.node) {
    const r = spawnSync(state.kubectl, ['get', 'node', state.node.name, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}'], {
      env: {...process.env, KUBECONFIG: state.kubeconfig},
      encoding: 'utf8',
      timeout: 10_000,
    });
    nodeOk = ready && r.status === 0 && r.stdout.trim() === 'True';
    lines.push(
      `node: ${state.node.name} ${state.node.ip} ${nodeOk ? 'Ready' : `not Ready (${(r.stdout || r.stderr).trim() || 'no answer'})`}; enter it with: nsenter -t ${state.node.holderPid} -n -m -u`,
    );
    lines.push(`cgroup root: ${state.node.cgroupRoot}`);
    lines.push(`images: ${state.node.images.length} built here (${state.node.images.map((i) => i.ref).join(', ')})`);
  } else lines.push('node: none (up --node starts one)');
  if (!ready) lines.push(`log: ${daemonLog()}`, 'clean up with: npm run control-plane -- down');
  process.stdout.write(lines.join('\n') + '\n');
  return ready && nodeOk ? 0 : 1;
}

async function cmdDown(): Promise<number> {
  const state = readState();
  if (!state) {
    say('not running');
    return 0;
  }
  const started = Date.now();
  await teardown(state);
  say(`stopped in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'build':
      return cmdBuild(rest);
    case 'up':
      return cmdUp(rest);
    case 'down':
      return cmdDown();
    case 'status':
      return cmdStatus();
    case 'pin': {
      if (rest.length < 1 || rest.length > 2) throw new UsageError('pin: give the Kubernetes release, and optionally the etcd release');
      const pins = await pin(rest[0], rest[1], say);
      say(`pinned Kubernetes ${pins.kubernetes}, etcd ${pins.etcd}; build with: npm run control-plane -- build`);
      return 0;
    }
    case 'available': {
      // For scripts/run-tests.mjs: can a control plane be had here (assets, cache or Go)? With
      // --node: can the local node run here (Linux, root, the packages)?
      const a = availability();
      if (a.ok && rest.includes('--node')) {
        const why = nodeUnavailable();
        process.stdout.write(why ? `${why}\n` : `available via ${a.via}, with a node\n`);
        return why ? 3 : 0;
      }
      process.stdout.write(a.ok ? `available via ${a.via}\n` : `${a.why}\n`);
      return a.ok ? 0 : 3;
    }
    case '__daemon':
      return cmdDaemon(rest);
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stderr.write(USAGE + '\n');
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) say(`${err.message}\n${USAGE}`);
    else if (err instanceof ToolchainMissingError) say(err.message);
    else say(err instanceof Error ? err.message : String(err));
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
