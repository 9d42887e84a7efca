/**
 * Child processes of a verify run (kubectl, kind), tracked so that Ctrl-C can stop every one of
 * them before the cleanup starts. Each has a deadline; output is collected whole.
 */
import {spawn} from 'node:child_process';

export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Set when the deadline killed it. */
  timedOut: boolean;
  durationMs: number;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Called with each chunk of stderr (kind's progress). */
  onStderr?: (chunk: string) => void;
}

/** How a command is run: spawn by default, injected in tests (kind backend). */
export type CommandRunner = (command: string, args: string[], options?: RunOptions) => Promise<CommandResult>;

const live = new Set<ReturnType<typeof spawn>>();

/** Kills every tracked process: SIGTERM, then SIGKILL after `graceMs`. */
export async function killAll(graceMs = 2_000): Promise<number> {
  const procs = [...live];
  for (const p of procs) p.kill('SIGTERM');
  if (procs.length) {
    await new Promise((r) => setTimeout(r, Math.min(graceMs, 200)));
    const deadline = Date.now() + graceMs;
    while ([...live].some((p) => procs.includes(p)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    for (const p of procs) if (live.has(p)) p.kill('SIGKILL');
  }
  return procs.length;
}

export function liveCount(): number {
  return live.size;
}

export const spawnCommand: CommandRunner = (command, args, options = {}) =>
  new Promise((resolve, reject) => {
    const started = Date.now();
    if (options.signal?.aborted) {
      const e = new Error('interrupted');
      e.name = 'AbortError';
      return reject(e);
    }
    const child = spawn(command, args, {cwd: options.cwd, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe']});
    live.add(child);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => {
      const s = c.toString('utf8');
      stderr += s;
      options.onStderr?.(s);
    });
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, options.timeoutMs)
      : undefined;
    const onAbort = () => child.kill('SIGTERM');
    options.signal?.addEventListener('abort', onAbort, {once: true});
    child.on('error', (e: NodeJS.ErrnoException) => {
      live.delete(child);
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      reject(e.code === 'ENOENT' ? new Error(`${command} is not installed or not on PATH`) : e);
    });
    child.on('close', (code, signal) => {
      live.delete(child);
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (options.signal?.aborted) {
        const e = new Error('interrupted');
        e.name = 'AbortError';
        return reject(e);
      }
      resolve({code, signal, stdout, stderr, timedOut, durationMs: Date.now() - started});
    });
  });
