/**
 * The one place where the core turns a value of unknown type into text.
 *
 * A reader's YAML can put a mapping where a string belongs (`values: [{toString: 2}]`, a container
 * named `{toString: 1}`). `String(v)`, a template literal or `[v].join()` on such a value calls
 * the object's own `toString`/`valueOf` and throws "Cannot convert object to primitive value" (or
 * runs whatever the keys name). The API server never gets that far: its JSON decoding refuses a
 * mapping for a string field, which the schema check reports as INVALID_TYPE. So the core reads
 * only primitives as text, and every other value is "not a string" to the caller.
 *
 * A unit test (src/core/__tests__/scalar-text.test.ts) keeps `String(` out of the rest of the core.
 */

/** The text of a primitive (string, number, boolean, bigint), or undefined for anything else (objects, lists, null, undefined). */
export function scalarText(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
    case 'boolean':
    case 'bigint':
      return `${v}`;
    default:
      return undefined;
  }
}

/**
 * A value as it may appear in a message or a diagnostic's params: a primitive's text, `null` for
 * null, and a short type name (`<object>`, `<array>`) for anything else; never calls the value's
 * own methods.
 */
export function displayText(v: unknown): string {
  const s = scalarText(v);
  if (s !== undefined) return s;
  if (v === null) return 'null';
  if (v === undefined) return '';
  return Array.isArray(v) ? '<array>' : `<${typeof v}>`;
}

/** The texts of a list's primitive items, in order (other items are left out); not a list: empty. */
export function scalarTexts(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  const out: string[] = [];
  for (const x of v) {
    const s = scalarText(x);
    if (s !== undefined) out.push(s);
  }
  return out;
}
