#!/usr/bin/env node
/**
 * Usage: npm test                 every tier, in order (what CI runs)
 *        npm test -- --only unit  one tier: typecheck | lint | unit | build | browser | cluster | verify
 *        npm test -- --skip build,browser
 *
 * The tiers, in order:
 *   typecheck  tsc --noEmit for the site and, separately, for the pure core (src/core/tsconfig.json)
 *   lint       ESLint (eslint.config.mjs: ESLint, typescript-eslint and the rules of hooks), then
 *              Biome's format check (biome.json); `npm run format` fixes the formatting
 *   unit       jest projects "unit" and "content" (core modules, components, pages, locales)
 *   build      docusaurus build of both locales; broken links and anchors fail it; then jest
 *              project "build": a second build with the production base URL, every asset and
 *              link of which must resolve under it (test/production/)
 *   browser    jest project "browser": the built site in Debian's Chromium via playwright-core
 *   cluster    jest project "cluster": a real API server from the local control plane, and the
 *              local node (test/cluster/node.test.ts; Linux and root)
 *   verify     every documented example against the local control plane with its node, every
 *              tier (npm run verify); KSN_VERIFY_TIER=api for the api tier alone
 *
 * When the cluster or verify tier is selected and Go is here, the control plane's (and, where a
 * node can run, the node's) Go build starts at once in the background at low priority (nice 10),
 * so a first run on a machine builds while the earlier tiers run; its log is
 * reports/control-plane-build.log, and the cluster tier waits for it. With the binaries cached it
 * ends in seconds.
 *
 * A tier that cannot run here says why on one line. With CI=true nothing may be skipped: a
 * missing Go toolchain or Chromium fails the run instead. The last line is the total, as
 * "tests: N passed, N failed, N skipped".
 */
import {spawn, spawnSync} from 'node:child_process';
import {closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync} from 'node:fs';
import {join} from 'node:path';

const CI = process.env.CI === 'true' || process.env.CI === '1';
const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? '').split(',').filter(Boolean) : null;
};
const only = flag('--only');
const skip = flag('--skip') ?? [];
const reportDir = join(process.cwd(), 'reports');
mkdirSync(reportDir, {recursive: true});

const totals = {passed: 0, failed: 0, skipped: 0};
const summary = [];

function run(cmd, cmdArgs, env = {}) {
  const started = Date.now();
  const result = spawnSync(cmd, cmdArgs, {stdio: 'inherit', env: {...process.env, ...env}});
  return {ok: result.status === 0, seconds: (Date.now() - started) / 1000, status: result.status ?? result.signal};
}

function jest(projects, name) {
  const out = join(reportDir, `jest-${name}.json`);
  rmSync(out, {force: true});
  const r = run(process.execPath, [
    '--experimental-vm-modules',
    'node_modules/jest/bin/jest.js',
    '--selectProjects',
    ...projects,
    '--json',
    '--outputFile',
    out,
    ...(name === 'cluster' || name === 'browser' ? ['--runInBand'] : []),
  ]);
  let counts = {passed: 0, failed: r.ok ? 0 : 1, skipped: 0};
  if (existsSync(out)) {
    const j = JSON.parse(readFileSync(out, 'utf8'));
    counts = {passed: j.numPassedTests, failed: j.numFailedTests + (r.ok ? 0 : j.numFailedTests === 0 ? 1 : 0), skipped: j.numPendingTests + j.numTodoTests};
    if (j.numTotalTests === 0) {
      console.error(`${name}: jest ran no test: that is a failure, not a pass`);
      counts.failed += 1;
    }
  }
  return {...r, ...counts, ok: r.ok && counts.failed === 0};
}

const asked = new Map();
/**
 * Asks the control-plane CLI whether binaries can be had here (KUBEBUILDER_ASSETS, the cache or
 * Go), with `node`: whether the local node can run here too. Asked once per run for each.
 * `say` is the CLI's line, e.g. "available via cache" or why not.
 */
function askControlPlane(node = false) {
  if (!asked.has(node)) {
    const r = spawnSync('npx', ['tsx', 'scripts/control-plane/cli.ts', 'available', ...(node ? ['--node'] : [])], {encoding: 'utf8'});
    const say = (r.stdout || r.stderr).trim();
    asked.set(node, r.status === 0 ? {ok: true, say} : {ok: false, say, why: say || `the control-plane check failed (exit ${r.status})`});
  }
  return asked.get(node);
}
const controlPlaneAvailable = () => askControlPlane(false);

const tiers = [
  {
    name: 'typecheck',
    run: () => {
      const a = run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
      const b = run('npx', ['tsc', '--noEmit', '-p', 'src/core/tsconfig.json']);
      return {ok: a.ok && b.ok, seconds: a.seconds + b.seconds, passed: (a.ok ? 1 : 0) + (b.ok ? 1 : 0), failed: (a.ok ? 0 : 1) + (b.ok ? 0 : 1), skipped: 0};
    },
  },
  {
    name: 'lint',
    run: () => {
      const a = run('npx', ['eslint', '.']);
      const b = run('npx', ['biome', 'format', '.']);
      return {ok: a.ok && b.ok, seconds: a.seconds + b.seconds, passed: (a.ok ? 1 : 0) + (b.ok ? 1 : 0), failed: (a.ok ? 0 : 1) + (b.ok ? 0 : 1), skipped: 0};
    },
  },
  {name: 'unit', run: () => jest(['unit', 'content'], 'unit')},
  {
    name: 'build',
    run: () => {
      const r = run('npx', ['docusaurus', 'build']);
      const production = jest(['build'], 'build');
      return {
        ok: r.ok && production.ok,
        seconds: r.seconds + production.seconds,
        passed: (r.ok ? 1 : 0) + production.passed,
        failed: (r.ok ? 0 : 1) + production.failed,
        skipped: production.skipped,
      };
    },
  },
  {
    name: 'browser',
    precondition: () => {
      if (!existsSync(join(process.cwd(), 'build', 'index.html'))) return {ok: false, why: 'no built site in build/: run the build tier first (npm run build)'};
      const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
      if (!existsSync(chromium))
        return {
          ok: false,
          why: `Chromium is not installed at ${chromium}: sudo apt-get install -y chromium fonts-noto-cjk fonts-noto-color-emoji (or set CHROMIUM_PATH)`,
        };
      return {ok: true};
    },
    run: () => jest(['browser'], 'browser'),
  },
  {name: 'cluster', precondition: controlPlaneAvailable, run: () => jest(['cluster'], 'cluster')},
  {
    name: 'verify',
    precondition: () => {
      const cp = controlPlaneAvailable();
      if (!cp.ok || process.env.KSN_VERIFY_TIER === 'api') return cp;
      // The runtime tier needs the local node (Linux, root, the Debian packages of README.md).
      const node = askControlPlane(true);
      return node.ok ? node : {ok: false, why: `${node.why} (or KSN_VERIFY_TIER=api for the api tier alone)`};
    },
    run: () => {
      // KSN_VERIFY_TIER=api asks for the api tier explicitly (GitHub's test job: no root there,
      // the kind job is the runtime proof); by default the local cluster runs every tier when a
      // node can run here, and the verifier fails a run whose runtime steps were skipped.
      const tier = process.env.KSN_VERIFY_TIER ? ['--tier', process.env.KSN_VERIFY_TIER] : [];
      const r = run('npx', [
        'tsx',
        'scripts/verify-examples.ts',
        '--cluster',
        'local',
        ...tier,
        '--parallel',
        '2',
        '--report',
        join(reportDir, 'verify-junit.xml'),
        '--json',
        join(reportDir, 'verify.json'),
      ]);
      let counts = {passed: r.ok ? 1 : 0, failed: r.ok ? 0 : 1, skipped: 0};
      const json = join(reportDir, 'verify.json');
      if (existsSync(json)) {
        const v = JSON.parse(readFileSync(json, 'utf8'));
        counts = {passed: v.passed, failed: v.failed + (r.ok || v.failed > 0 ? 0 : 1), skipped: v.skipped};
      }
      return {...r, ...counts, ok: r.ok && counts.failed === 0};
    },
  },
];

const selected = (name) => !((only && !only.includes(name)) || skip.includes(name));

/**
 * Starts `control-plane build [--node]` in the background when a later tier needs the binaries
 * and they can be built here; returns a promise of {ok, why} for the tiers that need them.
 */
function startBackgroundBuild() {
  if (!selected('cluster') && !selected('verify')) return null;
  const available = askControlPlane(false);
  if (!available.ok || !/via (go|cache)/.test(available.say)) return null;
  const withNode = askControlPlane(true).ok;
  const log = join(reportDir, 'control-plane-build.log');
  const fd = openSync(log, 'w');
  const args = ['-n', '10', 'npx', 'tsx', 'scripts/control-plane/cli.ts', 'build', ...(withNode ? ['--node'] : [])];
  const child = spawn('nice', args, {stdio: ['ignore', fd, fd]});
  closeSync(fd);
  const started = Date.now();
  console.log(`control plane${withNode ? ' and node' : ''}: build (or cache check) started in the background, log in ${log}`);
  return new Promise((resolve) => {
    child.on('error', (error) => resolve({ok: false, why: `could not start the build: ${error.message}`}));
    child.on('exit', (code, signal) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      if (code === 0) resolve({ok: true, why: `background build done after ${seconds} s`});
      else {
        const tail = readFileSync(log, 'utf8').trim().split('\n').slice(-15).join('\n');
        resolve({ok: false, why: `the background build failed (${signal ?? `exit ${code}`}) after ${seconds} s; the end of ${log}:\n${tail}`});
      }
    });
  });
}

const backgroundBuild = startBackgroundBuild();

let failed = false;
for (const tier of tiers) {
  if (!selected(tier.name)) {
    summary.push([tier.name, 'not selected', '']);
    continue;
  }
  if ((tier.name === 'cluster' || tier.name === 'verify') && backgroundBuild) {
    const built = await backgroundBuild;
    console.log(`${tier.name}: ${built.why}`);
    if (!built.ok) {
      summary.push([tier.name, 'FAILED (build)', '']);
      totals.failed += 1;
      failed = true;
      continue;
    }
  }
  const pre = tier.precondition?.() ?? {ok: true};
  if (!pre.ok) {
    const line = `${tier.name}: skipped: ${pre.why}`;
    if (CI) {
      console.error(`${line} (CI=true: nothing may be skipped, so this fails the run)`);
      summary.push([tier.name, 'FAILED (unavailable in CI)', '']);
      totals.failed += 1;
      failed = true;
    } else {
      console.log(line);
      summary.push([tier.name, `skipped: ${pre.why}`, '']);
      totals.skipped += 1;
    }
    continue;
  }
  console.log(`\n=== ${tier.name} ===`);
  const r = tier.run();
  totals.passed += r.passed;
  totals.failed += r.failed;
  totals.skipped += r.skipped;
  summary.push([tier.name, r.ok ? 'ok' : `FAILED (${r.status})`, `${r.seconds.toFixed(1)} s`, `${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`]);
  if (!r.ok) failed = true;
}

console.log('\nTier       Result                         Time      Tests');
for (const [name, result, time = '', tests = ''] of summary) console.log(`${name.padEnd(10)} ${result.padEnd(30).slice(0, 30)} ${time.padEnd(9)} ${tests}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failed ? 1 : 0);
