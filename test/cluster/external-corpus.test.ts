/**
 * validateManifests() against the real API server on manifests no one here wrote (issue 13,
 * item 4): the Kubernetes project's own manifests in the Go module cache,
 *   k8s.io/kubernetes@v1.36.3/test/e2e/testing-manifests, test/fixtures, cluster/addons,
 * and, when present (the local node's build fetches them), the manifests of other modules there:
 *   github.com/cloudnativelabs/kube-router/v2@v2.1.0/daemonset, github.com/google/cadvisor@v0.56.2/deploy/kubernetes/base;
 * every YAML or JSON document that names an apiVersion and a kind, each as its own case
 * (id `<folder>/<file>#<document>`, prefixed by the module for the other modules). The server's verdict comes from
 *   kubectl apply --dry-run=server --validate=strict
 * many documents per call (batch-apply.ts). The engine must report an error exactly when the
 * server refuses the document. Cases whose verdict depends on the environment, not on the
 * manifest (a ServiceAccount or a Namespace that would have to exist, an admission plugin, ...)
 * are listed by exact id with their reason in test/cluster/external-corpus-allowed.yaml; an
 * unlisted disagreement fails, and so does a listed case that agrees now (the list can only
 * shrink). The run prints the agreement figure.
 *
 * The files are read from the module cache (about 2 MB, too large to copy into the repository):
 * without k8s.io/kubernetes@v1.36.3 there (fetch it: cd scripts/control-plane && go mod download
 * k8s.io/kubernetes), the suite says so and, under CI=true, fails.
 *
 * Usage:
 *   node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects cluster --runInBand --testPathPatterns external-corpus
 *   KSN_EXTERNAL_ONLY=<text> ...   only the cases whose id contains <text>
 */
import {afterAll, beforeAll, describe, expect, it} from '@jest/globals';
import {execFileSync} from 'node:child_process';
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import {homedir} from 'node:os';
import {dirname, join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';
import {load} from 'js-yaml';
import {parseManifests, splitDocuments, validateManifests} from '../../src/core/index';
import {batchJobs, type BatchStats} from './batch-apply';
import {runJobs} from '@test-support/run-jobs';
import {clusterSkipReason, createNamespace, deleteNamespace, kubectl} from './support';

const HERE = dirname(fileURLToPath(import.meta.url));
const MODULE = 'k8s.io/kubernetes@v1.36.3';
const FOLDERS = ['test/e2e/testing-manifests', 'test/fixtures', 'cluster/addons'];
/** Other modules' manifests, read when the module is in the cache (not required). */
const OPTIONAL: {module: string; folders: string[]}[] = [
  {module: 'github.com/cloudnativelabs/kube-router/v2@v2.1.0', folders: ['daemonset']},
  {module: 'github.com/google/cadvisor@v0.56.2', folders: ['deploy/kubernetes/base']},
];
const ONLY = process.env.KSN_EXTERNAL_ONLY ?? '';
const BATCH = 50;
const CONCURRENCY = 6;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const CI = process.env.CI === 'true' || process.env.CI === '1';

function cacheRoots(): string[] {
  const roots: string[] = [];
  try {
    roots.push(execFileSync('go', ['env', 'GOMODCACHE'], {encoding: 'utf8'}).trim());
  } catch {
    // go is not on PATH
  }
  roots.push(join(homedir(), 'go/pkg/mod'));
  return roots.filter((r) => r !== '');
}

function moduleRoot(): string | undefined {
  return cacheRoots()
    .map((r) => join(r, MODULE))
    .find((r) => existsSync(join(r, FOLDERS[0])));
}

const ROOT = moduleRoot();
const skip = clusterSkipReason() ?? (ROOT ? null : `${MODULE} is not in the Go module cache (cd scripts/control-plane && go mod download k8s.io/kubernetes)`);
if (skip && CI && !clusterSkipReason()) throw new Error(`CI=true: the external corpus cannot run: ${skip}`);
const suite = skip ? describe.skip : describe;
const title = (name: string) => (skip ? `${name} (skipped: ${skip})` : name);

interface Case {
  id: string;
  text: string;
  namespace?: string;
}

function files(dir: string): string[] {
  let out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out = out.concat(files(p));
    else if (/\.(ya?ml|json)$/.test(e)) out.push(p);
  }
  return out;
}

/** Every document that names an apiVersion and a kind (Lists aside: kubectl expands them). */
function loadCases(root: string): {cases: Case[]; skipped: string[]; sources: string[]} {
  const cases: Case[] = [];
  const skipped: string[] = [];
  const sources: {root: string; prefix: string; folder: string}[] = FOLDERS.map((folder) => ({root, prefix: '', folder}));
  for (const o of OPTIONAL) {
    const r = cacheRoots()
      .map((c) => join(c, o.module))
      .find((c) => existsSync(c));
    for (const folder of o.folders) if (r && existsSync(join(r, folder))) sources.push({root: r, prefix: `${o.module}/`, folder});
  }
  for (const {root: base, prefix, folder} of sources) {
    for (const file of files(join(base, folder))) {
      const rel = prefix + relative(base, file);
      const text = readFileSync(file, 'utf8');
      splitDocuments(text).chunks.forEach((chunk, i) => {
        const id = `${rel}#${i}`;
        // Which object, read loosely (a template placeholder makes it invalid YAML for kubectl, but
        // it is still a case: both must refuse it).
        const head = /^apiVersion:\s*(\S+)\s*$/m.exec(chunk.text) && /^kind:\s*(\S+)\s*$/m.exec(chunk.text);
        const json = file.endsWith('.json') ? /"apiVersion"\s*:/.test(chunk.text) && /"kind"\s*:/.test(chunk.text) : false;
        if (!head && !json) return;
        if (/^kind:\s*\w*List\s*$/m.test(chunk.text)) {
          skipped.push(`${id} (a List)`);
          return;
        }
        const parsed = parseManifests(chunk.text).objects[0]?.object as {metadata?: {namespace?: unknown}} | undefined;
        const ns = parsed?.metadata?.namespace;
        cases.push({id, text: chunk.text, namespace: typeof ns === 'string' && ns !== '' ? ns : undefined});
      });
    }
  }
  return {cases: cases.filter((c) => c.id.includes(ONLY)), skipped, sources: sources.map((s) => s.prefix + s.folder)};
}

interface Allowed {
  case: string;
  reason: string;
}

function allowList(): Allowed[] {
  const file = join(HERE, 'external-corpus-allowed.yaml');
  if (!existsSync(file)) return [];
  const data = load(readFileSync(file, 'utf8')) as {disagreements?: unknown} | null;
  const list = Array.isArray(data?.disagreements) ? (data.disagreements as Allowed[]) : [];
  for (const e of list) {
    if (typeof e?.case !== 'string' || typeof e?.reason !== 'string' || !e.reason.trim() || e.case.includes('*')) {
      throw new Error(`external-corpus-allowed.yaml: every entry needs an exact case id (no wildcard) and a reason; got ${JSON.stringify(e)}`);
    }
  }
  return list;
}

suite(title('validateManifests agrees with the API server on the Kubernetes project manifests'), () => {
  let freshNs = '';
  const created: string[] = [];

  beforeAll(async () => {
    freshNs = await createNamespace('external-corpus');
  }, 60_000);

  afterAll(async () => {
    await deleteNamespace(freshNs);
    for (const ns of created) await deleteNamespace(ns);
  }, 120_000);

  it(
    'on every document of test/e2e/testing-manifests, test/fixtures and cluster/addons',
    async () => {
      const {cases, skipped, sources} = loadCases(ROOT!);
      expect(cases.length).toBeGreaterThan(0);
      // The namespaces the documents name exist (made here, deleted after); kube-system does.
      const groups = new Map<string, Case[]>();
      for (const c of cases) {
        let ns = c.namespace ?? freshNs;
        if (!DNS_LABEL.test(ns) || ns.length > 63) ns = freshNs;
        else if (c.namespace && kubectl(['get', 'namespace', ns]).status !== 0) {
          if (kubectl(['create', 'namespace', ns]).status === 0) created.push(ns);
        }
        groups.set(ns, [...(groups.get(ns) ?? []), c]);
      }
      const started = Date.now();
      const stats: BatchStats = {calls: 0, alone: 0, restarts: 0};
      const verdicts = new Map<string, boolean>();
      const jobs: (() => Promise<void>)[] = [];
      jobs.push(...batchJobs(groups, BATCH, stats, verdicts));
      await runJobs(jobs, CONCURRENCY);
      const seconds = (Date.now() - started) / 1000;

      const outcomes = cases.map((c) => {
        const errors = validateManifests(c.text).filter((d) => d.severity === 'error');
        if (!verdicts.has(c.id)) throw new Error(`no server verdict for ${c.id}`);
        return {c, ours: errors.length > 0, ourErrors: errors.map((d) => `${d.code}${d.path ? ` ${d.path}` : ''}`), server: verdicts.get(c.id)!};
      });
      const allowed = allowList();
      const disagreements = outcomes.filter((o) => o.ours !== o.server).sort((a, b) => a.c.id.localeCompare(b.c.id));
      const listed = disagreements.filter((o) => allowed.some((a) => a.case === o.c.id));
      const unexplained = disagreements.filter((o) => !listed.includes(o));
      const stale = allowed.filter((a) => !disagreements.some((o) => o.c.id === a.case));
      // The server's message for each unexplained case, run alone.
      const messages = new Map<string, string>();
      for (const o of unexplained) {
        const ns = groups.has(o.c.namespace ?? '') ? o.c.namespace! : freshNs;
        const r = kubectl(['apply', '--dry-run=server', '--validate=strict', '-f', '-', '--namespace', ns], {input: o.c.text});
        messages.set(o.c.id, (r.stdout + r.stderr).trim().split('\n').slice(-2).join(' | ').slice(0, 400));
      }
      const rejected = outcomes.filter((o) => o.server).length;
      const agree = outcomes.length - disagreements.length;
      process.stdout.write(
        [
          `external-corpus: ${outcomes.length} documents from ${MODULE} and other modules (${sources.join(', ')}); the server rejected ${rejected} and accepted ${outcomes.length - rejected}; ${skipped.length} Lists not compared`,
          `  agreement: ${agree} of ${outcomes.length} (${((100 * agree) / outcomes.length).toFixed(1)}%); disagreements: ${disagreements.length} (${listed.length} listed as environment-bound, ${unexplained.length} not)`,
          `  agreement without the environment-bound cases: ${agree} of ${outcomes.length - listed.length} (${((100 * agree) / (outcomes.length - listed.length)).toFixed(1)}%)`,
          `  what the refused ones are refused for (the engine's first error): ${[...outcomes.filter((o) => o.server && o.ours).reduce((m, o) => m.set(o.ourErrors[0].split(' ')[0], (m.get(o.ourErrors[0].split(' ')[0]) ?? 0) + 1), new Map<string, number>())].map(([k, n]) => `${k} ${n}`).join(', ')}`,
          `  server verdicts in ${seconds.toFixed(1)} s: ${stats.calls} kubectl calls (${BATCH} per call, ${stats.alone} alone, ${stats.restarts} restarts)`,
          ...unexplained.map(
            (o) =>
              `  UNEXPLAINED ${o.c.id}\n    ours:   ${o.ours ? `rejects (${o.ourErrors.slice(0, 4).join('; ')})` : 'accepts'}\n    server: ${o.server ? 'rejects' : 'accepts'}: ${messages.get(o.c.id)}`,
          ),
          ...stale.map((a) => `  STALE entry (agrees now, or no such case): ${a.case}`),
        ].join('\n') + '\n',
      );
      expect(unexplained.map((o) => o.c.id)).toEqual([]);
      expect(stale.map((a) => a.case)).toEqual([]);
      expect(rejected).toBeGreaterThan(0);
      expect(outcomes.length - rejected).toBeGreaterThan(0);
    },
    30 * 60 * 1000,
  );
});
