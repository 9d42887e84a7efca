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
 *   {"op":"stop"}     stop the components, answer {"event":"stopped"} and exit (no cleanup: the parent does it)
 * Events:
 *   {"event":"ready","pid":N}  {"event":"spawned","name":..,"pid":N}  {"event":"spawn-error","name":..,"message":..}
 *   {"event":"exit","name":..,"pid":N,"code":N|null,"signal":S|null}  {"event":"stopped","forced":[names]}
 *
 * Plain JavaScript on purpose: it runs under bare `node`, with no loader, as fast as possible.
 */
import {spawn} from 'node:child_process';
import {closeSync, openSync, rmSync} from 'node:fs';
import {createInterface} from 'node:readline';

/** @type {{name: string, child: import('node:child_process').ChildProcess, exited: boolean}[]} */
const children = [];
let cleanup = [];
let graceMs = 10_000;
let stopping = null;

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
    for (const e of children.filter((c) => !c.exited).reverse()) {
      e.child.kill('SIGTERM');
      await waitForExit([e], graceMs);
      if (!e.exited) {
        forced.push(e.name);
        e.child.kill('SIGKILL');
        await waitForExit([e], 5_000);
      }
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
