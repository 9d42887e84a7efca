/**
 * Fuzz: thousands of random and mutated inputs through parseManifests and validateManifests.
 * Each must return (never throw) well-formed diagnostics. Durations are measured and printed;
 * the only time bound asserted is a generous one per input (a hang or a blow-up, not a benchmark).
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit --testPathPatterns fuzz
 *   KSN_FUZZ_RUNS=5000 ...   runs per generator (default 1500)
 *   KSN_FUZZ_MUTATIONS=100000 ...  structured mutations per real manifest (default 60: a sample)
 *   KSN_FUZZ_SEED=123 ...    replay (the seed is printed)
 * Each property runs with this run's seed and then with every seed in test/regression-seeds.json
 * (section fuzz); a failing seed is added there (test/support/regression-seeds.ts).
 */
import {afterAll, describe, expect, it} from '@jest/globals';
import fc from 'fast-check';
import {
  DIAGNOSTIC_CODES,
  SecurityContextError,
  TrafficQueryError,
  canI,
  effectiveSecurityContext,
  parseManifests,
  reachability,
  validateManifests,
  type DiagnosticCode,
} from '../../index';
import {aggregationChain, badSeparators, networkCluster, podNames, unknownFields} from '@test-support/hostile-cases';
import {loadSeeds, sampledMutations, toYaml} from '@test-support/manifest-corpus';
import {forEachSeed, regressionSeeds} from '@test-support/regression-seeds';

const RUNS = Number(process.env.KSN_FUZZ_RUNS ?? 1500);
const MUTATIONS_PER_SEED = Number(process.env.KSN_FUZZ_MUTATIONS ?? 60);
const SEED = Number(process.env.KSN_FUZZ_SEED ?? Date.now() % 2 ** 31);
/** A hang or an exponential blow-up takes far longer; a slow machine does not. */
const PER_INPUT_BOUND_MS = 10_000;

const durations: number[] = [];
let inputs = 0;
let withErrors = 0;

function check(text: string): void {
  const started = performance.now();
  const parsed = parseManifests(text);
  const diags = validateManifests(text);
  const ms = performance.now() - started;
  durations.push(ms);
  inputs++;
  expect(ms).toBeLessThan(PER_INPUT_BOUND_MS);
  expect(Array.isArray(parsed.objects)).toBe(true);
  const lines = text.split(/\r\n|\r|\n/).length;
  for (const d of diags) {
    const info = DIAGNOSTIC_CODES[d.code as DiagnosticCode];
    if (!info) throw new Error(`unknown code ${d.code} for input ${JSON.stringify(text.slice(0, 200))}`);
    // A rule that threw (caught by validateManifests' safety net) is a bug: fail with the input.
    if (d.code === 'CHECK_FAILED') throw new Error(`${d.params?.reason} for input ${JSON.stringify(text.slice(0, 400))}`);
    expect(d.severity).toBe(info.severity);
    expect(Number.isInteger(d.line) && d.line! >= 1 && d.line! <= lines).toBe(true);
    expect(Number.isInteger(d.column) && d.column! >= 1).toBe(true);
  }
  if (diags.some((d) => d.severity === 'error')) withErrors++;
}

const seeds = loadSeeds();

const TOKENS = [
  'apiVersion: v1\n',
  'apiVersion: apps/v1\n',
  'kind: Pod\n',
  'kind: Deployment\n',
  'kind: NetworkPolicy\n',
  'metadata:\n',
  '  name: x\n',
  'spec:\n',
  '  containers:\n',
  '  - name: c\n',
  '    image: nginx\n',
  '  ',
  '    ',
  '- ',
  ': ',
  '{',
  '}',
  '[',
  ']',
  ',',
  '&a ',
  '*a ',
  '<<: *a\n',
  '---\n',
  '...\n',
  '"',
  "'",
  '|\n',
  '>-\n',
  '# c\n',
  '\t',
  'yes',
  'no',
  '0644',
  '0x1f',
  '~',
  'null',
  '1e400',
  '.inf',
  '!!str ',
  '!!int ',
  '!custom ',
  '? ',
  ':',
  '\n',
  '\r\n',
  'key',
  'Ünïcödé',
  '\u0000',
  '\ufeff',
  '%YAML 1.1\n',
  '%TAG ! tag:x,2000:\n',
  'labels: {app: web}\n',
  'ports: [{containerPort: 70000}]\n',
];

const yamlSoup = fc.array(fc.constantFrom(...TOKENS), {maxLength: 80}).map((t) => t.join(''));

/** A seed text with a few random edits: deletions, insertions, duplicated or re-indented lines. */
const editedSeed = fc
  .record({
    seed: fc.integer({min: 0, max: Math.max(0, seeds.length - 1)}),
    edits: fc.array(
      fc.record({
        op: fc.constantFrom('delete', 'insert', 'dupline', 'indent', 'dedent', 'swap'),
        at: fc.nat(),
        len: fc.integer({min: 1, max: 12}),
        text: fc.string({maxLength: 8}),
      }),
      {minLength: 1, maxLength: 6},
    ),
  })
  .map(({seed, edits}) => {
    let text = seeds[seed]?.text ?? '';
    for (const e of edits) {
      const at = text.length ? e.at % text.length : 0;
      const lines = text.split('\n');
      const li = lines.length ? e.at % lines.length : 0;
      switch (e.op) {
        case 'delete':
          text = text.slice(0, at) + text.slice(at + e.len);
          break;
        case 'insert':
          text = text.slice(0, at) + e.text + text.slice(at);
          break;
        case 'dupline':
          lines.splice(li, 0, lines[li] ?? '');
          text = lines.join('\n');
          break;
        case 'indent':
          lines[li] = '  ' + (lines[li] ?? '');
          text = lines.join('\n');
          break;
        case 'dedent':
          lines[li] = (lines[li] ?? '').replace(/^ {1,2}/, '');
          text = lines.join('\n');
          break;
        case 'swap':
          if (lines.length > 1) {
            const lj = (li + 1) % lines.length;
            [lines[li], lines[lj]] = [lines[lj], lines[li]];
          }
          text = lines.join('\n');
          break;
      }
    }
    return text;
  });

const KINDS: [string, string][] = [
  ['v1', 'Pod'],
  ['v1', 'Service'],
  ['v1', 'Secret'],
  ['v1', 'ConfigMap'],
  ['v1', 'Namespace'],
  ['v1', 'ServiceAccount'],
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'StatefulSet'],
  ['batch/v1', 'CronJob'],
  ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
  ['networking.k8s.io/v1', 'NetworkPolicy'],
  ['v1', 'LimitRange'],
  ['v9', 'Nothing'],
];

/** Objects of a checked kind with arbitrary (often absurd) contents. */
const wildObject = fc
  .record({
    kind: fc.constantFrom(...KINDS),
    metadata: fc.oneof(fc.anything(), fc.record({name: fc.string(), labels: fc.dictionary(fc.string(), fc.anything())}, {requiredKeys: []})),
    spec: fc.anything({maxDepth: 6}),
    extra: fc.dictionary(fc.string({maxLength: 10}), fc.anything({maxDepth: 3}), {maxKeys: 3}),
  })
  .map(({kind, metadata, spec, extra}) => toYaml({...extra, apiVersion: kind[0], kind: kind[1], metadata, spec}));

/** Every scalar path of a value. */
function scalarPaths(v: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (Array.isArray(v)) v.forEach((x, i) => scalarPaths(x, [...path, i], out));
  else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) scalarPaths(x, [...path, k], out);
  else if (path.length) out.push(path);
  return out;
}

/** Values whose String() throws or lies: what a mapping in the YAML (`{toString: 1}`) becomes. */
const objectScalar = fc.constantFrom<unknown>({toString: 1}, [{toString: 2}], {valueOf: {}, toString: {}}, {toString: 1, valueOf: 2}, {}, [[]]);

/** A real manifest's object with some of its scalars replaced by mappings or lists. */
const objectScalarSeed = fc
  .record({
    seed: fc.integer({min: 0, max: Math.max(0, seeds.length - 1)}),
    picks: fc.array(fc.record({at: fc.nat(), value: objectScalar}), {minLength: 1, maxLength: 4}),
  })
  .map(({seed, picks}) => {
    const object = structuredClone(seeds[seed]?.object ?? {}) as Record<string, unknown>;
    const paths = scalarPaths(object);
    for (const {at, value} of picks) {
      const path = paths[at % Math.max(1, paths.length)];
      if (!path) continue;
      let parent: Record<string | number, unknown> = object;
      for (const seg of path.slice(0, -1)) parent = parent[seg] as Record<string | number, unknown>;
      parent[path[path.length - 1]] = structuredClone(value);
    }
    return object;
  });

/** The other entry points must answer, or throw only their own typed errors. */
function checkObjects(objects: Record<string, unknown>[]): void {
  const started = performance.now();
  canI(objects, {user: 'jane', verb: 'get', resource: 'pods', namespace: 'default'});
  const pods = podNames(
    objects.filter(
      (o) => typeof (o.metadata as {name?: unknown} | undefined)?.name === 'string' && typeof (o.metadata as {namespace?: unknown}).namespace !== 'object',
    ),
  );
  try {
    const ask = reachability(objects);
    for (const from of pods.slice(0, 3))
      for (const to of pods.slice(0, 3)) ask({from: from.replace(/^undefined\//, 'default/'), to: to.replace(/^undefined\//, 'default/'), port: 80});
  } catch (e) {
    if (!(e instanceof TrafficQueryError)) throw e;
  }
  for (const o of objects) {
    if (o.kind !== 'Pod') continue;
    const containers = ((o.spec as {containers?: unknown} | undefined)?.containers ?? []) as {name?: unknown}[];
    const name = Array.isArray(containers) && typeof containers[0]?.name === 'string' ? containers[0].name : 'c';
    try {
      effectiveSecurityContext(o, name);
    } catch (e) {
      if (!(e instanceof SecurityContextError)) throw e;
    }
  }
  expect(performance.now() - started).toBeLessThan(PER_INPUT_BOUND_MS);
}

/** fc.assert with this run's seed, then with every regression seed; a failing seed is recorded. */
function assertEverySeed<T>(property: fc.IProperty<T>, params: {numRuns: number}): void {
  forEachSeed('fuzz', SEED, (seed) => fc.assert(property, {...params, seed}));
}

describe('fuzz: no input makes the parser or the validator throw or hang', () => {
  it('random strings, including binary', () => {
    assertEverySeed(
      fc.property(fc.oneof(fc.string({maxLength: 400}), fc.string({unit: 'binary', maxLength: 400}), fc.string({unit: 'grapheme', maxLength: 200})), (s) =>
        check(s),
      ),
      {numRuns: RUNS},
    );
  });

  it('YAML token soup', () => {
    assertEverySeed(
      fc.property(yamlSoup, (s) => check(s)),
      {numRuns: RUNS},
    );
  });

  it('real manifests with random edits', () => {
    expect(seeds.length).toBeGreaterThan(0);
    assertEverySeed(
      fc.property(editedSeed, (s) => check(s)),
      {numRuns: RUNS},
    );
  });

  it('objects of known kinds with arbitrary contents', () => {
    assertEverySeed(
      fc.property(wildObject, (s) => check(s)),
      {numRuns: RUNS},
    );
  });

  it('object-valued scalars in real manifests: validateManifests, canI, reachability, effectiveSecurityContext', () => {
    assertEverySeed(
      fc.property(objectScalarSeed, fc.boolean(), (object, withOthers) => {
        check(toYaml(object));
        checkObjects(withOthers ? [object, ...seeds.slice(0, 12).map((s) => s.object)] : [object]);
      }),
      {numRuns: RUNS},
    );
  });

  it('hostile sizes: unknown long fields, bad separators, aggregation chains and cycles, NetworkPolicy clusters', () => {
    const sizes = {numRuns: Math.max(10, Math.round(RUNS / 50))};
    assertEverySeed(
      fc.property(fc.integer({min: 0, max: 3000}), (n) => check(unknownFields(n))),
      sizes,
    );
    assertEverySeed(
      fc.property(fc.integer({min: 0, max: 50_000}), fc.string({maxLength: 6}), (n, tail) => check(badSeparators(n) + tail)),
      sizes,
    );
    assertEverySeed(
      fc.property(fc.integer({min: 1, max: 400}), fc.array(fc.tuple(fc.nat(), fc.nat()), {maxLength: 5}), (n, loops) => {
        const objects = aggregationChain(n);
        // Extra selectors that point back up the chain: cycles of any length.
        for (const [a, b] of loops) {
          const role = objects[a % n] as {aggregationRule?: {clusterRoleSelectors: unknown[]}};
          role.aggregationRule ??= {clusterRoleSelectors: []};
          role.aggregationRule.clusterRoleSelectors.push({matchLabels: {[`example.com/l${b % n}`]: 'true'}});
        }
        const started = performance.now();
        canI(objects, {user: 'u', verb: 'get', resource: 'pods'});
        expect(performance.now() - started).toBeLessThan(PER_INPUT_BOUND_MS);
      }),
      sizes,
    );
    assertEverySeed(
      fc.property(fc.integer({min: 1, max: 120}), (n) => {
        const objects = networkCluster(n);
        const names = podNames(objects);
        const started = performance.now();
        const ask = reachability(objects);
        for (const from of names) for (const to of names) ask({from, to, port: 80});
        expect(performance.now() - started).toBeLessThan(PER_INPUT_BOUND_MS);
      }),
      sizes,
    );
  });

  it('structured mutations of every real manifest (a deterministic sample of each)', () => {
    let count = 0;
    for (const seed of seeds) {
      for (const c of sampledMutations(seed, MUTATIONS_PER_SEED)) {
        check(c.text);
        count++;
      }
    }
    expect(count).toBeGreaterThan(1000);
  });
});

afterAll(() => {
  const sorted = [...durations].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]?.toFixed(2);
  process.stdout.write(
    `fuzz (seed ${SEED}, then the regression seeds [${regressionSeeds('fuzz').join(', ')}]): ${inputs} inputs, ${withErrors} with errors; per input p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${q(1)} ms\n`,
  );
});
