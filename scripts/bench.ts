/**
 * Usage: npm run bench
 *        npm run bench -- --runs 5000          timed runs of validateManifests (default 3000)
 *        npm run bench -- --no-kubeconform     skip the comparison
 *
 * Measures validateManifests on a 300-line multi-document manifest (objects of the valid
 * fixtures in src/core/validate/__fixtures__/valid, repeated until the text has 300 lines):
 * latency per call (p50, p95, p99) and throughput (objects per second). Goal: p95 under 5 ms.
 *
 * Then, if kubeconform can be had, it validates the same corpus in the same run, against strict
 * JSON schemas generated from the same OpenAPI spec (`generate-schemas --json-schemas`), and the
 * ratio of the throughputs is printed. kubeconform is found in $KSN_KUBECONFORM, or in
 * ~/.cache/kube-security-notes/kubeconform/, or built there with
 *   GOFLAGS=-mod=mod GOBIN=<that folder> go install github.com/yannh/kubeconform/cmd/kubeconform@v0.8.0
 * (the Go module proxy; override the version with KSN_KUBECONFORM_VERSION). When it cannot be
 * had, the line says why. kubeconform runs as one process over the corpus repeated many times
 * (-n 1: one worker, like validateManifests), so its start-up and schema compilation are spread.
 *
 * Then the hostile inputs (test/support/hostile-cases.ts, the same ones the hostile-input
 * test and the fuzz test bound): each once, with its time and the bound the tests allow.
 *        npm run bench -- --hostile-only     only those
 *
 * The bench prints numbers; it asserts nothing about time.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {homedir, tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {performance} from 'node:perf_hooks';
import {canI, parseManifests, reachability, splitDocuments, validateManifests} from '../src/core/index';
import {aggregationChain, hostileCases, networkCluster, podNames} from '../test/support/hostile-cases';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1] || 3000) || 3000;
const WITH_KUBECONFORM = !args.includes('--no-kubeconform');
const KUBECONFORM_VERSION = process.env.KSN_KUBECONFORM_VERSION ?? 'v0.8.0';
const TARGET_LINES = 300;

function corpus(): {text: string; lines: number; objects: number} {
  const dir = join(ROOT, 'src/core/validate/__fixtures__/valid');
  const docs: string[] = [];
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith('.yaml'))
    .sort()) {
    for (const c of splitDocuments(readFileSync(join(dir, f), 'utf8')).chunks) {
      const body = c.text.replace(/^(#.*\n)+/, '').trimEnd();
      if (body) docs.push(body);
    }
  }
  // Whole documents while they fit, then a ConfigMap that fills the text to exactly TARGET_LINES.
  const out: string[] = [];
  const count = (parts: string[]) => (parts.length ? parts.join('\n---\n').split('\n').length : 0);
  for (let i = 0; count([...out, docs[i % docs.length]]) + 6 <= TARGET_LINES; i++) out.push(docs[i % docs.length]);
  const filler = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: filler', 'data:'];
  while (count([...out, filler.join('\n')]) < TARGET_LINES) filler.push(`  key${filler.length}: value`);
  out.push(filler.join('\n'));
  const text = out.join('\n---\n') + '\n';
  return {text, lines: text.split('\n').length - 1, objects: parseManifests(text).objects.length};
}

function quantile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function findKubeconform(): {path?: string; why?: string} {
  if (process.env.KSN_KUBECONFORM) {
    return existsSync(process.env.KSN_KUBECONFORM)
      ? {path: process.env.KSN_KUBECONFORM}
      : {why: `KSN_KUBECONFORM=${process.env.KSN_KUBECONFORM} does not exist`};
  }
  const dir = join(homedir(), '.cache/kube-security-notes/kubeconform', KUBECONFORM_VERSION);
  const bin = join(dir, 'kubeconform');
  if (existsSync(bin)) return {path: bin};
  const go = spawnSync('go', ['version'], {encoding: 'utf8'});
  if (go.status !== 0) return {why: 'no Go toolchain on PATH to build kubeconform (go install github.com/yannh/kubeconform/cmd/kubeconform)'};
  mkdirSync(dir, {recursive: true});
  process.stdout.write(`building kubeconform ${KUBECONFORM_VERSION} with go install (Go module proxy) into ${dir} ...\n`);
  const built = spawnSync('go', ['install', `github.com/yannh/kubeconform/cmd/kubeconform@${KUBECONFORM_VERSION}`], {
    encoding: 'utf8',
    env: {...process.env, GOFLAGS: '-mod=mod', GOBIN: dir},
    timeout: 15 * 60 * 1000,
  });
  if (built.status !== 0 || !existsSync(bin)) {
    const tail = `${built.stderr ?? ''}${built.error?.message ?? ''}`.trim().split('\n').slice(-3).join(' | ');
    return {why: `go install of kubeconform ${KUBECONFORM_VERSION} failed: ${tail}`};
  }
  return {path: bin};
}

/** Each hostile input once: wall and CPU time (the machine may be shared), and the bound the tests allow. */
function hostile(): void {
  process.stdout.write('hostile inputs (each once; bound = what the unit tests allow):\n');
  const row = (name: string, bound: number, run: () => string) => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const what = run();
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    process.stdout.write(`  ${name}: ${ms.toFixed(0)} ms (cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms, bound ${bound} ms): ${what}\n`);
  };
  for (const c of hostileCases()) {
    row(`validateManifests, ${c.name}`, c.boundMs, () => `${validateManifests(c.text).length} diagnostics`);
  }
  for (const [n, bound] of [
    [300, 5_000],
    [1_000, 10_000],
  ]) {
    const objects = aggregationChain(n);
    row(`canI, a chain of ${n} aggregated ClusterRoles`, bound, () =>
      canI(objects, {user: 'u', verb: 'get', resource: 'pods'}).allowed ? 'allowed' : 'denied',
    );
  }
  for (const n of [150, 200]) {
    const objects = networkCluster(n);
    const names = podNames(objects);
    row(`reachability, the matrix of ${n} pods (${n * n} questions)`, 5_000, () => {
      const ask = reachability(objects);
      let allowed = 0;
      for (const from of names) for (const to of names) if (ask({from, to, port: 80}).allowed) allowed++;
      return `${allowed} allowed`;
    });
  }
}

function main(): void {
  if (args.includes('--hostile-only')) {
    hostile();
    return;
  }
  const {text, lines, objects} = corpus();
  process.stdout.write(`bench: validateManifests on a ${lines}-line manifest of ${objects} objects, ${RUNS} timed runs\n`);

  // Sanity: the corpus is valid, so both tools do the full work and agree.
  const errors = validateManifests(text).filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`the bench corpus should be valid, got ${JSON.stringify(errors.slice(0, 3))}`);

  for (let i = 0; i < 200; i++) validateManifests(text); // warm-up (JIT)
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    validateManifests(text);
    times.push(performance.now() - t0);
  }
  const total = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const ours = (objects * RUNS) / total;
  process.stdout.write(
    `  latency per manifest: p50 ${quantile(times, 0.5).toFixed(2)} ms, p95 ${quantile(times, 0.95).toFixed(2)} ms, ` +
      `p99 ${quantile(times, 0.99).toFixed(2)} ms, max ${times[times.length - 1].toFixed(2)} ms (goal: p95 < 5 ms)\n` +
      `  throughput: ${Math.round(ours).toLocaleString('en')} objects/s (${(RUNS / total).toFixed(0)} manifests/s)\n`,
  );

  hostile();

  if (!WITH_KUBECONFORM) {
    process.stdout.write('kubeconform: skipped (--no-kubeconform)\n');
    return;
  }
  const kc = findKubeconform();
  if (!kc.path) {
    process.stdout.write(`kubeconform: comparison skipped: ${kc.why}\n`);
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'ksn-bench-'));
  try {
    const schemas = join(work, 'schemas');
    const gen = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'scripts/generate-schemas.ts'), '--json-schemas', schemas],
      {
        encoding: 'utf8',
      },
    );
    if (gen.status !== 0) {
      process.stdout.write(`kubeconform: comparison skipped: could not write JSON schemas: ${(gen.stderr || gen.stdout).trim()}\n`);
      return;
    }
    const copies = Math.max(20, Math.round(RUNS / 10));
    const file = join(work, 'corpus.yaml');
    writeFileSync(file, Array(copies).fill(text).join('---\n'));
    const kcArgs = ['-strict', '-summary', '-n', '1', '-schema-location', join(schemas, '{{ .ResourceKind }}{{ .KindSuffix }}.json'), file];
    const t0 = performance.now();
    const out = execFileSync(kc.path, kcArgs, {encoding: 'utf8', maxBuffer: 64 * 1024 * 1024});
    const seconds = (performance.now() - t0) / 1000;
    const summary = out.trim().split('\n').pop() ?? '';
    const theirs = (objects * copies) / seconds;
    // One invocation on one manifest: what a single check costs with kubeconform (process start,
    // schema loading and compilation included).
    const single = join(work, 'single.yaml');
    writeFileSync(single, text);
    const s0 = performance.now();
    execFileSync(kc.path, kcArgs.slice(0, -1).concat(single), {encoding: 'utf8'});
    const singleMs = performance.now() - s0;
    process.stdout.write(
      `kubeconform ${KUBECONFORM_VERSION} (-strict, -n 1, same schemas): ${copies} copies of the manifest in ${seconds.toFixed(2)} s: ` +
        `${Math.round(theirs).toLocaleString('en')} objects/s; one manifest per process: ${singleMs.toFixed(0)} ms\n` +
        `  its summary: ${summary}\n` +
        `  ratio: validateManifests is ${(ours / theirs).toFixed(1)}x kubeconform's throughput\n`,
    );
  } finally {
    rmSync(work, {recursive: true, force: true});
  }
}

main();
