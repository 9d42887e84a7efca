/**
 * "Did you mean imagePullSecrets?": the closest known field name to an unknown one.
 * A case-insensitive match wins outright; otherwise the smallest Damerau-Levenshtein distance
 * (adjacent swaps count as one edit), if it is small for the length of the name.
 *
 * Bounded: no suggestion is ever further than MAX_SUGGESTION_DISTANCE, so each comparison gives
 * up as soon as it cannot beat that (or the best so far): a name whose length differs by more
 * costs nothing, and a long one costs a band of the table, not all of it. 1,000 unknown
 * 60-character fields took 4.6 s with an unbounded distance; see the hostile-input test.
 */
export function suggestField(unknown: string, known: Iterable<string>, maxDistance?: number): string | undefined {
  const lower = unknown.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.min(maxDistance ?? MAX_SUGGESTION_DISTANCE, MAX_SUGGESTION_DISTANCE) + 1;
  for (const k of known) {
    if (k.toLowerCase() === lower) return k;
    const d = editDistance(lower, k.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  const allowed = maxDistance ?? Math.max(1, Math.min(MAX_SUGGESTION_DISTANCE, Math.floor(Math.max(unknown.length, best.length) / 4)));
  return bestDistance <= allowed ? best : undefined;
}

/** The largest edit distance a suggestion may have. */
export const MAX_SUGGESTION_DISTANCE = 3;

/** Optimal string alignment distance, giving up (returning cap) once it cannot beat cap. */
export function editDistance(a: string, b: string, cap = Infinity): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  if (a.length > 64 || b.length > 64) return Math.max(a.length, b.length);
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = [];
  for (let i = 0; i < rows; i++) {
    d.push(new Array<number>(cols).fill(0));
    d[i][0] = i;
  }
  for (let j = 0; j < cols; j++) d[0][j] = j;
  for (let i = 1; i < rows; i++) {
    let rowMin = Infinity;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2][j - 2] + 1);
      d[i][j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin >= cap) return cap;
  }
  return d[a.length][b.length];
}
