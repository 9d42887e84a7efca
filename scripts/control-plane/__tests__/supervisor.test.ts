/**
 * The supervisor is what keeps control-plane processes from outliving their parent; these tests
 * drive it with ordinary `sleep` processes instead of Kubernetes components.
 */
import {describe, expect, it} from '@jest/globals';
import {spawn, type ChildProcessWithoutNullStreams} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createInterface} from 'node:readline';
import {MODULE_DIR} from '../build';
import {pidAlive} from '../harness';

interface Event {
  event: string;
  name?: string;
  pid?: number;
  forced?: string[];
  code?: number | null;
  signal?: string | null;
}

function startSupervisor() {
  const child = spawn(process.execPath, [join(MODULE_DIR, 'supervisor.mjs')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  }) as unknown as ChildProcessWithoutNullStreams;
  const events: Event[] = [];
  const waiters: {pred: (e: Event) => boolean; resolve: (e: Event) => void}[] = [];
  createInterface({input: child.stdout}).on('line', (line) => {
    const e = JSON.parse(line) as Event;
    events.push(e);
    for (const w of [...waiters])
      if (w.pred(e)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(e);
      }
  });
  const next = (pred: (e: Event) => boolean, ms = 10_000) =>
    new Promise<Event>((resolve, reject) => {
      const seen = events.find(pred);
      if (seen) return resolve(seen);
      const t = setTimeout(() => reject(new Error(`no matching supervisor event within ${ms} ms; saw ${JSON.stringify(events)}`)), ms);
      waiters.push({pred, resolve: (e) => (clearTimeout(t), resolve(e))});
    });
  const send = (m: object) => child.stdin.write(JSON.stringify(m) + '\n');
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return {child, events, next, send, exited};
}

async function gone(pids: number[], ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (pids.some(pidAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return !pids.some(pidAlive);
}

const scratch = () => mkdtempSync(join(tmpdir(), 'ksn-supervisor-test-'));

describe('supervisor', () => {
  it('stops its processes and removes the cleanup folders when the parent pipe closes', async () => {
    const dir = scratch();
    const s = startSupervisor();
    await s.next((e) => e.event === 'ready');
    s.send({op: 'init', cleanup: [dir], graceMs: 2000});
    s.send({op: 'spawn', name: 'a', command: 'sleep', args: ['300'], log: join(dir, 'a.log')});
    s.send({op: 'spawn', name: 'b', command: 'sleep', args: ['300'], log: join(dir, 'b.log')});
    const a = await s.next((e) => e.event === 'spawned' && e.name === 'a');
    const b = await s.next((e) => e.event === 'spawned' && e.name === 'b');
    expect(pidAlive(a.pid!)).toBe(true);
    expect(pidAlive(b.pid!)).toBe(true);
    s.child.stdin.end(); // what the kernel does when the parent dies
    expect(await gone([a.pid!, b.pid!, s.child.pid!], 10_000)).toBe(true);
    expect(existsSync(dir)).toBe(false);
  });

  it('on "stop" stops newest first, escalates to SIGKILL after the grace period, and keeps the folders', async () => {
    const dir = scratch();
    try {
      const s = startSupervisor();
      await s.next((e) => e.event === 'ready');
      s.send({op: 'init', cleanup: [dir], graceMs: 500});
      // `exec` keeps the pid; an ignored SIGTERM survives exec, so only SIGKILL ends this one.
      s.send({op: 'spawn', name: 'stubborn', command: 'sh', args: ['-c', 'trap "" TERM; exec sleep 300'], log: join(dir, 'stubborn.log')});
      s.send({op: 'spawn', name: 'polite', command: 'sleep', args: ['300'], log: join(dir, 'polite.log')});
      const stubborn = await s.next((e) => e.event === 'spawned' && e.name === 'stubborn');
      const polite = await s.next((e) => e.event === 'spawned' && e.name === 'polite');
      await new Promise((r) => setTimeout(r, 200)); // let sh install the trap
      s.send({op: 'stop'});
      const stopped = await s.next((e) => e.event === 'stopped', 15_000);
      expect(stopped.forced).toEqual(['stubborn']);
      const exits = s.events.filter((e) => e.event === 'exit').map((e) => [e.name, e.signal]);
      expect(exits).toEqual([
        ['polite', 'SIGTERM'],
        ['stubborn', 'SIGKILL'],
      ]);
      expect(await s.exited).toBe(0);
      expect(await gone([stubborn.pid!, polite.pid!], 2000)).toBe(true);
      expect(existsSync(dir)).toBe(true); // after an orderly stop the caller cleans up (it may keep logs)
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });

  it('reports a process that exits by itself, and a command that cannot start', async () => {
    const dir = scratch();
    try {
      const s = startSupervisor();
      await s.next((e) => e.event === 'ready');
      s.send({op: 'init', cleanup: [dir]});
      s.send({op: 'spawn', name: 'short', command: 'sh', args: ['-c', 'echo bye; exit 3'], log: join(dir, 'short.log')});
      const exit = await s.next((e) => e.event === 'exit' && e.name === 'short');
      expect(exit.code).toBe(3);
      expect(readFileSync(join(dir, 'short.log'), 'utf8')).toBe('bye\n');
      s.send({op: 'spawn', name: 'nope', command: join(dir, 'does-not-exist'), args: [], log: join(dir, 'nope.log')});
      const err = await s.next((e) => e.event === 'spawn-error' && e.name === 'nope');
      expect(err).toBeDefined();
      s.send({op: 'stop'});
      expect(await s.exited).toBe(0);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });

  it('cleans up when it is sent SIGTERM', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'data'));
    const s = startSupervisor();
    await s.next((e) => e.event === 'ready');
    s.send({op: 'init', cleanup: [dir], graceMs: 2000});
    s.send({op: 'spawn', name: 'a', command: 'sleep', args: ['300'], log: join(dir, 'a.log')});
    const a = await s.next((e) => e.event === 'spawned');
    s.child.kill('SIGTERM');
    expect(await gone([a.pid!, s.child.pid!], 10_000)).toBe(true);
    expect(existsSync(dir)).toBe(false);
  });
});
