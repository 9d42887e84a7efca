/**
 * Fuzz: thousands of random and mutated inputs through parseManifests and validateManifests.
 * Each must return (never throw) well-formed diagnostics. Durations are measured and printed;
 * the only time bound asserted is a generous one per input (a hang or a blow-up, not a benchmark).
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit --testPathPatterns fuzz
 *   KSN_FUZZ_RUNS=5000 ...   runs per generator (default 1500)
 *   KSN_FUZZ_MUTATIONS=100000 ...  structured mutations per real manifest (default 60: a sample)
 *   KSN_FUZZ_SEED=123 ...    replay (the seed is printed)
 */
import {afterAll, describe, expect, it} from '@jest/globals';
import fc from 'fast-check';
import {DIAGNOSTIC_CODES, parseManifests, validateManifests, type DiagnosticCode} from '../../index';
import {loadSeeds, sampledMutations, toYaml} from './manifest-corpus';

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
  'apiVersion: v1\n', 'apiVersion: apps/v1\n', 'kind: Pod\n', 'kind: Deployment\n', 'kind: NetworkPolicy\n', 'metadata:\n',
  '  name: x\n', 'spec:\n', '  containers:\n', '  - name: c\n', '    image: nginx\n', '  ', '    ', '- ', ': ', '{', '}', '[',
  ']', ',', '&a ', '*a ', '<<: *a\n', '---\n', '...\n', '"', "'", '|\n', '>-\n', '# c\n', '\t', 'yes', 'no', '0644', '0x1f',
  '~', 'null', '1e400', '.inf', '!!str ', '!!int ', '!custom ', '? ', ':', '\n', '\r\n', 'key', 'Ünïcödé', '\u0000', '\ufeff',
  '%YAML 1.1\n', '%TAG ! tag:x,2000:\n', 'labels: {app: web}\n', 'ports: [{containerPort: 70000}]\n',
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
  ['v1', 'Pod'], ['v1', 'Service'], ['v1', 'Secret'], ['v1', 'ConfigMap'], ['v1', 'Namespace'], ['v1', 'ServiceAccount'],
  ['apps/v1', 'Deployment'], ['apps/v1', 'StatefulSet'], ['batch/v1', 'CronJob'], ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
  ['networking.k8s.io/v1', 'NetworkPolicy'], ['v1', 'LimitRange'], ['v9', 'Nothing'],
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

describe('fuzz: no input makes the parser or the validator throw or hang', () => {
  it('random strings, including binary', () => {
    fc.assert(fc.property(fc.oneof(fc.string({maxLength: 400}), fc.string({unit: 'binary', maxLength: 400}), fc.string({unit: 'grapheme', maxLength: 200})), (s) => check(s)), {numRuns: RUNS, seed: SEED});
  });

  it('YAML token soup', () => {
    fc.assert(fc.property(yamlSoup, (s) => check(s)), {numRuns: RUNS, seed: SEED});
  });

  it('real manifests with random edits', () => {
    expect(seeds.length).toBeGreaterThan(0);
    fc.assert(fc.property(editedSeed, (s) => check(s)), {numRuns: RUNS, seed: SEED});
  });

  it('objects of known kinds with arbitrary contents', () => {
    fc.assert(fc.property(wildObject, (s) => check(s)), {numRuns: RUNS, seed: SEED});
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
    `fuzz (seed ${SEED}): ${inputs} inputs, ${withErrors} with errors; per input p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${q(1)} ms\n`,
  );
});
