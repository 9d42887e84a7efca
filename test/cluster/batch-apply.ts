/**
 * Many documents per kubectl call, a verdict per document: what the differential tests use instead
 * of one `kubectl apply --dry-run=server --validate=strict` per case.
 *
 * How a verdict is read back: kubectl applies the documents of a stream in order and prints one
 * "<kind>/<name> created (server dry run)" line on stdout per accepted object, while its errors are
 * gathered and printed at the end. So each case document is preceded by a marker (a ConfigMap
 * named ksn-mark-<i>, always accepted) and the stream ends with one more: a case is accepted
 * exactly when a line other than a marker appears between its marker and the next. Some failures
 * stop the whole stream (kubectl's client-side schema check, a YAML syntax error): then the markers
 * stop too, the case after the last marker seen is the one that stopped it (refused), and the cases
 * after it go into a new call. A case kubectl cannot read on its own inside a stream (a `---` or
 * `...` line or a directive in its text) is run alone.
 *
 * All cases of one call share the namespace given with --namespace (kubectl refuses an object
 * that names another one), so callers group cases by namespace.
 */
import {spawn} from 'node:child_process';
import {cluster} from './support';

export interface KubectlRun {
  status: number;
  output: string;
  stdout: string;
}

/** kubectl without blocking the event loop, so several calls run at once. */
export function kubectlAsync(args: string[], input: string, timeoutMs = 120_000): Promise<KubectlRun> {
  const c = cluster();
  return new Promise((resolve) => {
    const p = spawn(c.kubectl, args, {env: {...process.env, KUBECONFIG: c.kubeconfig}, stdio: ['pipe', 'pipe', 'pipe']});
    let output = '';
    let stdout = '';
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      stdout += d.toString();
    });
    p.stderr.on('data', (d: Buffer) => (output += d.toString()));
    p.on('error', (err) => {
      clearTimeout(timer);
      resolve({status: -1, output: `could not run kubectl: ${err.message}`, stdout: ''});
    });
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({status: code ?? -1, output, stdout});
    });
    p.stdin.on('error', () => undefined);
    p.stdin.end(input);
  });
}

/** Failures that say nothing about the manifest: the run cannot be trusted. */
export const INFRASTRUCTURE = /Unable to connect to the server|connection refused|i\/o timeout|TLS handshake|could not run kubectl|net\/http: request canceled/;

export interface BatchCase {
  id: string;
  text: string;
}

export interface BatchStats {
  calls: number;
  /** Cases run alone (their text cannot share a stream). */
  alone: number;
  /** Calls started again after a case stopped a stream. */
  restarts: number;
}

const MARK = /^configmap\/ksn-mark-(\d+) (created|configured|unchanged)/;

function marker(i: number): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ksn-mark-${i}\n`;
}

/** Whether a case's text can sit between `---` separators and still be read as written. */
export function streamable(text: string): boolean {
  return !/^(---|\.\.\.|%)/m.test(text) && !text.includes('\r');
}

/**
 * kubectl apply --dry-run=server --validate=strict for every case, `size` per call, in `ns`.
 * Returns, per case id, whether the server refused it.
 */
export async function applyInBatches(cases: BatchCase[], ns: string, size: number, stats: BatchStats): Promise<Map<string, boolean>> {
  const verdicts = new Map<string, boolean>();
  const args = ['apply', '--dry-run=server', '--validate=strict', '-f', '-', '--namespace', ns];
  const alone = cases.filter((c) => !streamable(c.text));
  for (const c of alone) {
    stats.alone++;
    stats.calls++;
    const r = await kubectlAsync(args, c.text);
    if (INFRASTRUCTURE.test(r.output)) throw new Error(`kubectl could not reach the server for ${c.id}: ${r.output.trim()}`);
    verdicts.set(c.id, r.status !== 0);
  }
  let queue = cases.filter((c) => streamable(c.text));
  while (queue.length) {
    const batch = queue.slice(0, size);
    queue = queue.slice(size);
    const stream = batch.map((c, i) => `${marker(i)}---\n${c.text.endsWith('\n') ? c.text : c.text + '\n'}---\n`).join('') + marker(batch.length);
    stats.calls++;
    const r = await kubectlAsync(args, stream);
    if (INFRASTRUCTURE.test(r.output))
      throw new Error(`kubectl could not reach the server for ${batch[0].id} and the rest of its batch: ${r.output.trim().slice(0, 500)}`);
    const accepted = new Array<boolean>(batch.length).fill(false);
    let current = -1;
    let last = -1;
    for (const line of r.stdout.split('\n')) {
      const m = MARK.exec(line.trim());
      if (m) {
        current = Number(m[1]);
        last = Math.max(last, current);
      } else if (line.trim() !== '' && current >= 0 && current < batch.length) accepted[current] = true;
    }
    if (last < 0) {
      // Not even the first marker: the namespace itself is refused (a mutation naming an invalid
      // one) or the first case stopped the stream. Each case of this batch runs alone.
      for (const c of batch) {
        stats.alone++;
        stats.calls++;
        const one = await kubectlAsync(args, c.text);
        if (INFRASTRUCTURE.test(one.output)) throw new Error(`kubectl could not reach the server for ${c.id}: ${one.output.trim()}`);
        verdicts.set(c.id, one.status !== 0);
      }
      continue;
    }
    const done = Math.min(last, batch.length);
    for (let i = 0; i < done; i++) verdicts.set(batch[i].id, !accepted[i]);
    if (last < batch.length) {
      // The case after the last marker stopped the stream: refused. The rest go again.
      verdicts.set(batch[last].id, true);
      queue = [...batch.slice(last + 1), ...queue];
      stats.restarts++;
    }
  }
  return verdicts;
}

/**
 * One job per chunk of `size` cases of a namespace; each job asks the server (applyInBatches) and
 * records its verdicts in `verdicts`.
 */
export function batchJobs(groups: Map<string, BatchCase[]>, size: number, stats: BatchStats, verdicts: Map<string, boolean>): (() => Promise<void>)[] {
  const jobs: (() => Promise<void>)[] = [];
  for (const [ns, list] of groups) {
    for (let i = 0; i < list.length; i += size) {
      const chunk = list.slice(i, i + size);
      jobs.push(async () => {
        for (const [id, rejected] of await applyInBatches(chunk, ns, size, stats)) verdicts.set(id, rejected);
      });
    }
  }
  return jobs;
}
