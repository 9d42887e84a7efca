/**
 * Seeds that once made a fuzz or differential test fail. Every run of such a test runs its own
 * seed (random or given) and then every seed listed for it in test/regression-seeds.json, so a
 * failure found by a random seed cannot turn green on a retry that draws another seed.
 *
 * A failing run adds its seed to the file itself (and says so): commit the file with the fix.
 * A seed leaves the list only by a change someone reviews.
 */
import {readFileSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

export type SeededSuite = 'fuzz' | 'rbac' | 'netpol';

export const REGRESSION_SEEDS_FILE = join(dirname(fileURLToPath(import.meta.url)), '../regression-seeds.json');

function readList(file: string): Record<SeededSuite, number[]> {
  const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const out = {} as Record<SeededSuite, number[]>;
  for (const suite of ['fuzz', 'rbac', 'netpol'] as const) {
    const list = data[suite];
    if (!Array.isArray(list) || !list.every((s) => Number.isSafeInteger(s))) throw new Error(`${file}: "${suite}" must be a list of whole numbers`);
    out[suite] = list as number[];
  }
  return out;
}

/** The seeds listed for a suite. */
export function regressionSeeds(suite: SeededSuite, file = REGRESSION_SEEDS_FILE): number[] {
  return readList(file)[suite];
}

/** This run's seed first, then the listed ones (without repeating it). */
export function seedsToRun(suite: SeededSuite, seed: number, file = REGRESSION_SEEDS_FILE): number[] {
  return [seed, ...regressionSeeds(suite, file).filter((s) => s !== seed)];
}

/** Adds a failing seed to the list (once) and returns the line to print. */
export function recordFailingSeed(suite: SeededSuite, seed: number, file = REGRESSION_SEEDS_FILE): string {
  const data = readList(file);
  if (!data[suite].includes(seed)) {
    data[suite] = [...data[suite], seed];
    writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
    return `seed ${seed} failed: added to ${file} (section ${suite}); commit it with the fix`;
  }
  return `seed ${seed} failed again; it is already in ${file} (section ${suite})`;
}

/** Runs `body` for this run's seed and every listed one; a failing seed is recorded, then the failure is rethrown. */
export function forEachSeed(suite: SeededSuite, seed: number, body: (seed: number) => void, file = REGRESSION_SEEDS_FILE): void {
  for (const s of seedsToRun(suite, seed, file)) {
    try {
      body(s);
    } catch (e) {
      process.stderr.write(`${recordFailingSeed(suite, s, file)}\n`);
      throw e;
    }
  }
}
