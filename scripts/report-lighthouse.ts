/**
 * Usage: npm run build && npm run report:lighthouse [-- --runs 3] [--build DIR] [/path ...]
 *
 * Lighthouse (mobile emulation, its default: a mid-range phone on a slow 4G link, simulated) on
 * the built site, served gzipped as a static host serves it, with Debian's Chromium. Default
 * pages: the Korean landing page and the NetworkPolicy practice page (the heaviest kind). Each
 * page runs `--runs` times (default 3) and the median performance score is kept: one run on a
 * busy machine is noise. Prints performance and accessibility scores and the metrics behind
 * them; writes reports/lighthouse.json. A report, not a test: the scores depend on the machine.
 * --build DIR measures another built site the same way (for instance a fresh create-docusaurus
 * site, the floor the README compares with); its scores are printed and not written.
 */
import {spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {CHROMIUM, chromiumMissingMessage} from '../test/support/browser';
import {BUILD_DIR, serveBuild} from '../test/support/static-server';

const METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index'] as const;

interface Run {
  performance: number;
  accessibility: number;
  metrics: Record<string, string>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Runs the CLI without blocking: the site's server answers from this same process. */
async function lighthouse(url: string, out: string): Promise<Run> {
  const child = spawn(
    join('node_modules', '.bin', 'lighthouse'),
    [
      url,
      '--quiet',
      '--only-categories=performance,accessibility',
      '--output=json',
      `--output-path=${out}`,
      '--chrome-flags=--headless --no-sandbox --disable-gpu',
    ],
    {env: {...process.env, CHROME_PATH: CHROMIUM}, stdio: ['ignore', 'pipe', 'pipe']},
  );
  let said = '';
  child.stdout.on('data', (d: Buffer) => (said = (said + d.toString()).slice(-2000)));
  child.stderr.on('data', (d: Buffer) => (said = (said + d.toString()).slice(-2000)));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (status !== 0) throw new Error(`lighthouse failed on ${url} (exit ${status}): ${said}`);
  const report = JSON.parse(readFileSync(out, 'utf8')) as {categories: Record<string, {score: number}>; audits: Record<string, {displayValue?: string}>};
  return {
    performance: Math.round(report.categories.performance.score * 100),
    accessibility: Math.round(report.categories.accessibility.score * 100),
    metrics: Object.fromEntries(METRICS.map((m) => [m, (report.audits[m]?.displayValue ?? '?').replace(/\u00a0/g, ' ')])),
  };
}

async function main(): Promise<void> {
  const missing = chromiumMissingMessage();
  if (missing) throw new Error(missing);
  const args = process.argv.slice(2);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a positive whole number');
  const buildAt = args.indexOf('--build');
  const buildDir = buildAt >= 0 ? args[buildAt + 1] : BUILD_DIR;
  if (!buildDir || buildDir.startsWith('--')) throw new Error('--build takes the folder of a built site');
  const asked = args.filter((a, i) => a.startsWith('/') && i !== buildAt + 1);
  const pages = asked.length > 0 ? asked : ['/', '/network-policy/practice-network-policy'];
  const server = await serveBuild(buildDir, {gzip: true});
  const scratch = mkdtempSync(join(tmpdir(), 'ksn-lighthouse-'));
  const rows: {path: string; runs: Run[]; performance: number; accessibility: number; metrics: Record<string, string>}[] = [];
  try {
    for (const path of pages) {
      const done: Run[] = [];
      for (let i = 0; i < runs; i++) done.push(await lighthouse(server.url + path, join(scratch, `run-${i}.json`)));
      const perf = median(done.map((r) => r.performance));
      const kept = done.find((r) => r.performance === perf) ?? done[0];
      rows.push({path, runs: done, performance: perf, accessibility: Math.min(...done.map((r) => r.accessibility)), metrics: kept.metrics});
    }
  } finally {
    await server.close();
    rmSync(scratch, {recursive: true, force: true});
  }
  console.log(`Lighthouse, mobile emulation, median of ${runs} run(s), ${buildDir}`);
  for (const r of rows) {
    console.log(`${r.path}: performance ${r.performance} (runs ${r.runs.map((x) => x.performance).join(', ')}), accessibility ${r.accessibility}`);
    console.log(`  ${METRICS.map((m) => `${m} ${r.metrics[m]}`).join(', ')}`);
  }
  if (buildAt >= 0) return;
  mkdirSync('reports', {recursive: true});
  writeFileSync(join('reports', 'lighthouse.json'), `${JSON.stringify(rows, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
