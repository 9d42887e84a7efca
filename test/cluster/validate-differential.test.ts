/**
 * validateManifests() against the real API server: every manifest under examples/ (and the
 * validator's fixtures) plus a corpus of mutations of them (dropped fields, misspelled field
 * names, wrong types, invalid names, out-of-range ports, unsupported enum values, bad labels, and
 * YAML 1.1 cases) go through validateManifests and through
 *   kubectl apply --dry-run=server --validate=strict -f -
 * (kubectl create for objects that only have a generateName: apply refuses those client-side).
 * validateManifests must report an error exactly when kubectl fails. Any disagreement fails the
 * run unless test/cluster/allowed-disagreements.yaml lists it (section `validate`, entries
 * `{case, rejects, reason}`: the exact case id and which side rejects, `ours` or `server`). Every
 * listed case runs in every run, whether the sample drew it or not, and an entry whose
 * disagreement did not happen (the case agrees, the other side rejects, or there is no such
 * case) fails the run as stale.
 *
 * Usage:
 *   node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects cluster test/cluster/validate-differential.test.ts
 *   KSN_VALIDATE_PER_SEED=100000 ...  every mutation of every seed (default 20 per seed, sampled
 *                                     deterministically; the case ids are stable)
 *   KSN_VALIDATE_ONLY=<text> ...      only the cases whose id contains <text>
 *   KSN_VALIDATE_CONCURRENCY=8 ...    kubectl processes at a time
 *   KSN_VALIDATE_BATCH=50 ...         documents per kubectl call (batch-apply.ts: a verdict per
 *                                     document); 1 runs one call per case, as before
 *
 * Environment the objects need, made before each case: the namespace an object names (created
 * once, deleted at the end), and the ServiceAccount a Pod names (the ServiceAccount admission
 * plugin refuses a Pod whose account does not exist: that is not validation). Objects without a
 * namespace go to a fresh namespace of this run.
 */
import {afterAll, beforeAll, describe, expect, it} from '@jest/globals';
import {existsSync, readFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {load} from 'js-yaml';
import {parseManifests, validateManifests} from '../../src/core/index';
import {buildCorpus, type CorpusCase} from '@test-support/manifest-corpus';
import {batchJobs, INFRASTRUCTURE, kubectlAsync, type BatchStats} from './batch-apply';
import {runJobs} from '@test-support/run-jobs';
import {cluster, clusterSkipReason, createNamespace, deleteNamespace, kubectl, waitFor} from './support';

const skip = clusterSkipReason();
const suite = skip ? describe.skip : describe;
const title = (name: string) => (skip ? `${name} (skipped: ${skip})` : name);

const HERE = dirname(fileURLToPath(import.meta.url));
const PER_SEED = Number(process.env.KSN_VALIDATE_PER_SEED ?? 20);
const ONLY = process.env.KSN_VALIDATE_ONLY ?? '';
const CONCURRENCY = Math.max(1, Number(process.env.KSN_VALIDATE_CONCURRENCY ?? 8));
const BATCH = Math.max(1, Number(process.env.KSN_VALIDATE_BATCH ?? 50));
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

interface Allowed {
  case: string;
  rejects: 'ours' | 'server';
  reason: string;
}

function allowedDisagreements(): Allowed[] {
  const file = join(HERE, 'allowed-disagreements.yaml');
  if (!existsSync(file)) return [];
  const data = load(readFileSync(file, 'utf8')) as {validate?: unknown} | null;
  const list = Array.isArray(data?.validate) ? (data.validate as Allowed[]) : [];
  for (const e of list) {
    if (
      typeof e?.case !== 'string' ||
      e.case.includes('*') ||
      (e.rejects !== 'ours' && e.rejects !== 'server') ||
      typeof e?.reason !== 'string' ||
      !e.reason.trim()
    ) {
      throw new Error(
        `allowed-disagreements.yaml, validate: every entry needs case (an exact case id, no wildcard), rejects (ours or server) and a reason; got ${JSON.stringify(e)}`,
      );
    }
  }
  return list;
}

/** Whether an outcome is the disagreement an entry names: that case, with that side rejecting. */
const isListed = (a: Allowed, o: {c: CorpusCase; ours: boolean; server: boolean}) =>
  a.case === o.c.id && (a.rejects === 'ours' ? o.ours && !o.server : o.server && !o.ours);

interface Outcome {
  c: CorpusCase;
  ours: boolean;
  ourErrors: string[];
  server: boolean;
  serverMessage: string;
}

suite(title('validateManifests agrees with the API server (kubectl apply --dry-run=server --validate=strict)'), () => {
  let freshNs = '';
  const namespaces = new Map<string, Promise<boolean>>();
  const accounts = new Map<string, Promise<void>>();
  const createdNamespaces: string[] = [];

  beforeAll(async () => {
    freshNs = await createNamespace('validate-diff');
  }, 60_000);

  afterAll(async () => {
    await deleteNamespace(freshNs);
    for (const ns of createdNamespaces) await deleteNamespace(ns);
  }, 60_000);

  /** Creates a namespace an object names, once, if it does not exist yet. */
  function ensureNamespace(ns: string): Promise<boolean> {
    let p = namespaces.get(ns);
    if (!p) {
      p = (async () => {
        if (kubectl(['get', 'namespace', ns]).status === 0) return true;
        const r = kubectl(['create', 'namespace', ns]);
        if (r.status !== 0 && !/AlreadyExists/.test(r.stderr)) return false;
        if (r.status === 0) createdNamespaces.push(ns);
        if (!cluster().controllerManager) kubectl(['create', 'serviceaccount', 'default'], {namespace: ns});
        await waitFor(`the default ServiceAccount in ${ns}`, () => kubectl(['get', 'serviceaccount', 'default'], {namespace: ns}).status === 0);
        return true;
      })();
      namespaces.set(ns, p);
    }
    return p;
  }

  function ensureServiceAccount(ns: string, name: string): Promise<void> {
    const key = `${ns}/${name}`;
    let p = accounts.get(key);
    if (!p) {
      p = (async () => {
        const r = kubectl(['create', 'serviceaccount', name], {namespace: ns});
        if (r.status !== 0 && !/AlreadyExists|already exists/.test(r.stderr)) throw new Error(`could not create ServiceAccount ${key}: ${r.stderr.trim()}`);
      })();
      accounts.set(key, p);
    }
    return p;
  }

  /** The namespace a case goes to (made first), and whether kubectl create must be used. */
  async function prepare(c: CorpusCase): Promise<{ns: string; named: boolean; generateOnly: boolean}> {
    const object = parseManifests(c.text).objects[0]?.object as
      | {kind?: unknown; metadata?: {name?: unknown; generateName?: unknown; namespace?: unknown}; spec?: {serviceAccountName?: unknown}}
      | undefined;
    const named = typeof object?.metadata?.namespace === 'string' && object.metadata.namespace !== '' ? object.metadata.namespace : undefined;
    if (named && DNS_LABEL.test(named) && named.length <= 63) await ensureNamespace(named);
    // An Event names its involved object's namespace, which must be the Event's own: the engine
    // takes an Event without a namespace to go where kubectl sends it with a default context
    // ("default"), so such cases go there (a dry run: nothing is stored).
    const ns = named ?? (object?.kind === 'Event' ? 'default' : freshNs);
    const sa = object?.kind === 'Pod' ? object.spec?.serviceAccountName : undefined;
    if (typeof sa === 'string' && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(sa) && sa.length <= 253 && DNS_LABEL.test(ns)) await ensureServiceAccount(ns, sa);
    const generateOnly = !object?.metadata?.name && typeof object?.metadata?.generateName === 'string' && object.metadata.generateName !== '';
    return {ns, named: named !== undefined || ns === 'default', generateOnly};
  }

  /** One kubectl call for one case (generateName-only objects, and the message of a disagreement). */
  async function serverVerdict(c: CorpusCase): Promise<{rejected: boolean; message: string}> {
    const {generateOnly, ns} = await prepare(c);
    const args = [generateOnly ? 'create' : 'apply', '--dry-run=server', '--validate=strict', '-f', '-', '--namespace', ns];
    const r = await kubectlAsync(args, c.text);
    if (INFRASTRUCTURE.test(r.output)) throw new Error(`kubectl could not reach the server for ${c.id}: ${r.output.trim()}`);
    return {rejected: r.status !== 0, message: r.output.trim()};
  }

  it(
    'on every example, fixture and mutation',
    async () => {
      const allowed = allowedDisagreements();
      const sample = buildCorpus(PER_SEED);
      // The listed cases run every time, so an entry cannot outlive its disagreement unseen.
      const missing = new Set(allowed.map((a) => a.case).filter((id) => !sample.some((c) => c.id === id)));
      const listedExtra = missing.size ? buildCorpus(Number.MAX_SAFE_INTEGER).filter((c) => missing.has(c.id)) : [];
      const corpus = [...sample, ...listedExtra].filter((c) => c.id.includes(ONLY));
      expect(corpus.length).toBeGreaterThan(0);
      // Namespaces first: creating one while another case applies a Namespace of that name would
      // race (AlreadyExists), and that says nothing about validation.
      for (const c of corpus) {
        const ns = (parseManifests(c.text).objects[0]?.object?.metadata as {namespace?: unknown} | undefined)?.namespace;
        if (typeof ns === 'string' && DNS_LABEL.test(ns) && ns.length <= 63) await ensureNamespace(ns);
      }
      const started = Date.now();
      // The server's verdicts: cases grouped by namespace, BATCH documents per kubectl call.
      const verdicts = new Map<string, boolean>();
      const messages = new Map<string, string>();
      const stats: BatchStats = {calls: 0, alone: 0, restarts: 0};
      const groups = new Map<string, CorpusCase[]>();
      const singles: CorpusCase[] = [];
      for (const c of corpus) {
        const {ns, generateOnly} = await prepare(c);
        if (generateOnly || BATCH === 1) singles.push(c);
        else groups.set(ns, [...(groups.get(ns) ?? []), c]);
      }
      const jobs: (() => Promise<void>)[] = [];
      for (const c of singles) {
        jobs.push(async () => {
          stats.calls++;
          const v = await serverVerdict(c);
          verdicts.set(c.id, v.rejected);
          messages.set(c.id, v.message);
        });
      }
      jobs.push(...batchJobs(groups, BATCH, stats, verdicts));
      await runJobs(jobs, CONCURRENCY);
      const outcomes: Outcome[] = corpus.map((c) => {
        const errors = validateManifests(c.text).filter((d) => d.severity === 'error');
        if (!verdicts.has(c.id)) throw new Error(`no server verdict for ${c.id}`);
        return {
          c,
          ours: errors.length > 0,
          ourErrors: errors.map((d) => `${d.code}${d.path ? ` ${d.path}` : ''}`),
          server: verdicts.get(c.id)!,
          serverMessage: messages.get(c.id) ?? '',
        };
      });
      // A disagreement is run again on its own, for the server's message; its verdict must be the
      // batch's (if not, the batching is wrong, and the run says so).
      const mismatched: string[] = [];
      for (const o of outcomes.filter((x) => x.ours !== x.server && !messages.has(x.c.id))) {
        const v = await serverVerdict(o.c);
        o.serverMessage = v.message;
        if (v.rejected !== o.server) mismatched.push(o.c.id);
      }
      const seconds = (Date.now() - started) / 1000;

      const disagreements = outcomes.filter((o) => o.ours !== o.server).sort((a, b) => a.c.id.localeCompare(b.c.id));
      const explained = disagreements.filter((o) => allowed.some((a) => isListed(a, o)));
      const unexplained = disagreements.filter((o) => !explained.includes(o));
      // An entry whose disagreement did not happen in this run is out of date (KSN_VALIDATE_ONLY
      // leaves the entries it filters out unjudged, and says so).
      const judged = allowed.filter((a) => a.case.includes(ONLY));
      const stale = judged.filter((a) => !outcomes.some((o) => isListed(a, o)));
      const staleWhy = (a: Allowed) => {
        const o = outcomes.find((x) => x.c.id === a.case);
        if (!o) return 'there is no such case in the corpus';
        if (o.ours === o.server) return `both sides ${o.ours ? 'reject' : 'accept'} it now`;
        return `it is ${o.ours ? 'ours' : 'the server'} that rejects, not ${a.rejects === 'ours' ? 'ours' : 'the server'}`;
      };

      const rejected = outcomes.filter((o) => o.server).length;
      const byKind = (k: CorpusCase['kind']) => outcomes.filter((o) => o.c.kind === k).length;
      const lines = [
        `validate-differential: ${outcomes.length} cases (${byKind('seed')} examples and fixtures, ${byKind('yaml')} YAML cases, ${byKind('rule')} refused objects of served kinds, ${byKind('mutation')} mutations; ` +
          `${PER_SEED} mutations per seed), the server rejected ${rejected} and accepted ${outcomes.length - rejected}`,
        `  agreements: ${outcomes.length - disagreements.length}; disagreements: ${disagreements.length} (${explained.length} listed in allowed-disagreements.yaml, ${unexplained.length} not)`,
        ...explained.map(
          (o) =>
            `  listed: ${o.c.id} (ours ${o.ours ? 'rejects' : 'accepts'}, server ${o.server ? 'rejects' : 'accepts'}): ${allowed.find((a) => isListed(a, o))!.reason}`,
        ),
        ...unexplained.map(
          (o) =>
            `  UNEXPLAINED ${o.c.id}\n    ours:   ${o.ours ? `rejects (${o.ourErrors.join('; ')})` : 'accepts'}\n    server: ${o.server ? 'rejects' : 'accepts'}: ${o.serverMessage.split('\n').slice(-3).join(' | ').slice(0, 500)}`,
        ),
        ...stale.map((a) => `  STALE allow-list entry ${a.case} (rejects: ${a.rejects}): ${staleWhy(a)}`),
        ...allowed.filter((a) => !judged.includes(a)).map((a) => `  not judged (KSN_VALIDATE_ONLY=${ONLY}): ${a.case}`),
        `  server verdicts in ${seconds.toFixed(1)} s: ${stats.calls} kubectl calls for ${outcomes.length} cases (${BATCH} per call, ${stats.alone} run alone, ${stats.restarts} restarts after a stream stopped, concurrency ${CONCURRENCY})`,
        ...mismatched.map((id) => `  BATCH MISMATCH ${id}: the batched verdict differs from the verdict of the case alone`),
      ];
      process.stdout.write(lines.join('\n') + '\n');
      expect(mismatched).toEqual([]);
      expect(unexplained.map((o) => o.c.id)).toEqual([]);
      expect(stale.map((a) => a.case)).toEqual([]);
      // The corpus must exercise both verdicts, or agreement proves little.
      expect(rejected).toBeGreaterThan(0);
      expect(outcomes.length - rejected).toBeGreaterThan(0);
    },
    60 * 60 * 1000,
  );
});
