#!/usr/bin/env node
/**
 * Keeps the control-plane processes from outliving the process that started them.
 *
 * Usage: spawned by harness.ts, never by hand:
 *   node scripts/control-plane/supervisor.mjs      (stdin: commands, stdout: events, one JSON per line)
 *
 * The parent (the jest run, the `control-plane up` daemon, the verifier) spawns this process in a
 * session of its own and keeps its stdin open. The components (etcd, kube-apiserver,
 * kube-controller-manager) are children of this process, not of the parent. When the parent goes
 * away in any way, including SIGKILL, the kernel closes the pipe, stdin ends, and this process
 * stops every component (SIGTERM, then SIGKILL after the grace period) and removes the folders it
 * was told to clean up. Being in its own session also keeps a terminal's Ctrl-C away from the
 * components, so the parent decides the order of shutdown.
 *
 * Commands:
 *   {"op":"init","cleanup":["/tmp/ksn-..."],"graceMs":10000}
 *   {"op":"spawn","name":"etcd","command":"/abs/etcd","args":[...],"env":{...},"log":"/abs/etcd.log"}
 *   {"op":"cgroups","dirs":[...],"created":[...]}   the node's cgroup folders (up --node): at stop every
 *                     process listed under them is killed (containers and containerd's shims are
 *                     nobody's children here), then the folders are removed, and `created` in reverse
 *   {"op":"stop"}     stop the components, answer {"event":"stopped"} and exit (no cleanup: the parent does it)
 * Events:
 *   {"event":"ready","pid":N}  {"event":"spawned","name":..,"pid":N}  {"event":"spawn-error","name":..,"message":..}
 *   {"event":"exit","name":..,"pid":N,"code":N|null,"signal":S|null}  {"event":"stopped","forced":[names]}
 *
 * Plain JavaScript on purpose: it runs under bare `node`, with no loader, as fast as possible.
 */
import {spawn} from 'node:child_process';
import {closeSync, existsSync, openSync, readdirSync, readFileSync, rmdirSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {createInterface} from 'node:readline';

/** @type {{name: string, child: import('node:child_process').ChildProcess, exited: boolean}[]} */
const children = [];
let cleanup = [];
let graceMs = 10_000;
let stopping = null;
/** The node's cgroup folders: {dirs, created}. */
let cgroups = {dirs: [], created: []};

/** Every pid in the cgroup folders and their children (cgroup v1 and v2 list them in cgroup.procs). */
function cgroupPids() {
  const pids = new Set();
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, {withFileTypes: true});
      for (const p of readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n')) if (p) pids.add(Number(p));
    } catch {
      return;
    }
    for (const e of entries) if (e.isDirectory()) walk(join(dir, e.name));
  };
  for (const d of cgroups.dirs) walk(d);
  pids.delete(process.pid);
  return [...pids];
}

/** SIGKILL to everything in the node's cgroups until none is left (or 15 s pass). */
async function killCgroups() {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const pids = cgroupPids();
    if (!pids.length || Date.now() > deadline) return pids;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    await wait(100);
  }
}

/** Removes the node's cgroup folders, deepest first, then the parents made for them. */
async function removeCgroups() {
  const subdirs = (dir) => {
    let out = [];
    try {
      for (const e of readdirSync(dir, {withFileTypes: true})) if (e.isDirectory()) out = out.concat(subdirs(join(dir, e.name)), [join(dir, e.name)]);
    } catch {
      // gone
    }
    return out;
  };
  const all = [...cgroups.dirs.flatMap((d) => [...subdirs(d), d]), ...[...cgroups.created].reverse()];
  for (let attempt = 0; attempt < 50; attempt++) {
    const left = all.filter((d) => existsSync(d));
    if (!left.length) return;
    for (const d of left) {
      try {
        rmdirSync(d);
      } catch {
        // busy for a moment after its last process exited; tried again below
      }
    }
    await wait(100);
  }
}

function send(message, then) {
  try {
    process.stdout.write(JSON.stringify(message) + '\n', then);
  } catch {
    // The parent is gone; nobody is listening.
    then?.();
  }
}
process.stdout.on('error', () => {});

function spawnComponent({name, command, args = [], env, cwd, log}) {
  if (stopping) return send({event: 'spawn-error', name, message: 'the supervisor is stopping'});
  let fd;
  try {
    fd = openSync(log, 'a');
    const child = spawn(command, args, {env: env ?? process.env, cwd, stdio: ['ignore', fd, fd]});
    const entry = {name, child, exited: false};
    children.push(entry);
    child.on('error', (err) => {
      entry.exited = true;
      send({event: 'spawn-error', name, message: err.message});
    });
    child.on('exit', (code, signal) => {
      entry.exited = true;
      send({event: 'exit', name, pid: child.pid, code, signal});
    });
    if (child.pid) send({event: 'spawned', name, pid: child.pid});
  } catch (err) {
    send({event: 'spawn-error', name, message: err.message});
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const wait = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitForExit(entries, ms) {
  const deadline = Date.now() + ms;
  while (entries.some((e) => !e.exited) && Date.now() < deadline) await wait(50);
}

/**
 * SIGTERM to each component, newest first, waiting up to graceMs for each to exit before
 * SIGKILL. The order matters: kube-apiserver, told to stop while etcd is already gone, keeps
 * retrying its lease and endpoint cleanup for many seconds; with etcd still up it exits in ~1 s.
 */
function stopAll() {
  stopping ??= (async () => {
    const forced = [];
    // The node first: containers and shims are in its cgroups, not among the children.
    if (cgroups.dirs.length) {
      const left = await killCgroups();
      if (left.length) forced.push(`node cgroup processes ${left.join(',')}`);
    }
    for (const e of children.filter((c) => !c.exited).reverse()) {
      e.child.kill('SIGTERM');
      await waitForExit([e], graceMs);
      if (!e.exited) {
        forced.push(e.name);
        e.child.kill('SIGKILL');
        await waitForExit([e], 5_000);
      }
    }
    if (cgroups.dirs.length) {
      await killCgroups();
      await removeCgroups();
    }
    return forced;
  })();
  return stopping;
}

/** The parent vanished or this process was signalled: stop, clean up, exit. */
async function abandon(exitCode) {
  await stopAll();
  for (const path of cleanup) {
    try {
      rmSync(path, {recursive: true, force: true});
    } catch {
      // Best effort: a temp folder left behind is reported by nobody, but it does no harm.
    }
  }
  process.exit(exitCode);
}

const lines = createInterface({input: process.stdin});
lines.on('line', (line) => {
  let message;
  try {
    message = JSON.parse(line);
  } catch {
    return send({event: 'protocol-error', message: `not JSON: ${line.slice(0, 200)}`});
  }
  if (message.op === 'init') {
    cleanup = Array.isArray(message.cleanup) ? message.cleanup : [];
    if (Number.isFinite(message.graceMs)) graceMs = message.graceMs;
  } else if (message.op === 'cgroups') {
    cgroups = {dirs: message.dirs ?? [], created: message.created ?? []};
  } else if (message.op === 'spawn') {
    spawnComponent(message);
  } else if (message.op === 'stop') {
    stopAll().then((forced) => send({event: 'stopped', forced}, () => process.exit(0)));
  } else {
    send({event: 'protocol-error', message: `unknown op ${message.op}`});
  }
});
lines.on('close', () => abandon(0));
for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(sig, () => abandon(sig === 'SIGINT' ? 130 : 143));

send({event: 'ready', pid: process.pid});
