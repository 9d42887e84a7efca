/**
 * Escapes in double-quoted scalars as kubectl's YAML decoder reads them, not as YAML 1.2 (and
 * js-yaml) does. kubectl 1.36 decodes with sigs.k8s.io/yaml v1.6.0, which uses the go-yaml v2
 * fork go.yaml.in/yaml/v2 v2.4.3; its scanner (scannerc.go, yaml_parser_scan_flow_scalar) knows
 * `\'` (an apostrophe) and does not know `\/`. js-yaml is the other way round. Checked with the
 * kubectl 1.36.3 built from the same module (src/core/parse/__tests__/kubectl-decoding.test.ts):
 * `"it\'s"` decodes, `"a\/b"` fails with "found unknown escape character".
 *
 * How, without a YAML parser of our own: `\/` is made an unknown escape for js-yaml (the same
 * length, so every offset stays), so a `\/` inside a double-quoted scalar, and only there, makes
 * it fail where go-yaml fails. A `\'` that js-yaml refuses is inside a double-quoted scalar (it
 * says where); each such `\'` of that scalar becomes a two-character escape that js-yaml knows
 * and that stands for a character the text cannot otherwise contain, and that character becomes
 * `'` again in the decoded values. One retry per double-quoted scalar with a `\'`, at most
 * MAX_RETRIES.
 */
import {YAMLException} from 'js-yaml';

const MAX_RETRIES = 100;

/** Escapes js-yaml knows, each for one character, to stand in for `\'` (the first the text cannot hold otherwise). */
const PLACEHOLDERS: {escape: string; char: string; used: RegExp}[] = [
  {escape: '\\L', char: '\u2028', used: /\\L|\u2028|\\u2028|\\U00002028/i},
  {escape: '\\P', char: '\u2029', used: /\\P|\u2029|\\u2029|\\U00002029/i},
  {escape: '\\N', char: '\u0085', used: /\\N|\u0085|\\x85|\\u0085|\\U00000085/i},
];

function unknownEscapeAt(e: unknown): number | undefined {
  if (!(e instanceof YAMLException) || e.reason !== 'unknown escape sequence') return undefined;
  const position = (e.mark as {position?: unknown} | undefined)?.position;
  return typeof position === 'number' ? position - 1 : undefined;
}

/** Every `\'` of the double-quoted scalar that holds the one at `at`, replaced by `escape` (same length). */
function replaceInScalar(text: string, at: number, escape: string): string {
  const out = text.split('');
  for (let i = at; i < text.length && text[i] !== '"'; i++) {
    if (text[i] !== '\\') continue;
    if (text[i + 1] === "'") {
      out[i] = escape[0];
      out[i + 1] = escape[1];
    }
    i++; // the escaped character, whatever it is
  }
  return out.join('');
}

function restore(value: unknown, char: string, seen = new Set<object>()): unknown {
  if (typeof value === 'string') return value.includes(char) ? value.split(char).join("'") : value;
  if (typeof value !== 'object' || value === null || seen.has(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = restore(value[i], char, seen);
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const v = restore(record[key], char, seen);
    if (key.includes(char)) {
      delete record[key];
      Object.defineProperty(record, key.split(char).join("'"), {value: v, enumerable: true, writable: true, configurable: true});
    } else record[key] = v;
  }
  return value;
}

/**
 * Loads `text` with `load` (js-yaml's loadAll with the caller's options and a fresh listener per
 * call; the last call is the one whose result is returned), with go-yaml's escapes. Throws what
 * `load` throws, and a YAMLException "found unknown escape character" for `\/`.
 */
export function loadWithGoYamlEscapes(text: string, load: (text: string) => unknown[]): unknown[] {
  const hasSlash = text.includes('\\/');
  if (!hasSlash && !text.includes("\\'")) return load(text);
  const placeholder = PLACEHOLDERS.find((p) => !p.used.test(text));
  let working = text;
  let probe = hasSlash ? text.replace(/\\\//g, '\\q') : text;
  for (let retry = 0; ; retry++) {
    try {
      const docs = load(probe);
      const result = probe === working ? docs : load(working);
      return placeholder && working !== text ? (restore(result, placeholder.char) as unknown[]) : result;
    } catch (e) {
      const at = unknownEscapeAt(e);
      if (at === undefined) throw e;
      if (text.startsWith('\\/', at))
        throw new YAMLException('found unknown escape character', {...(e as YAMLException).mark, position: at} as YAMLException['mark']);
      if (!text.startsWith("\\'", at) || !placeholder || retry >= MAX_RETRIES) throw e;
      working = replaceInScalar(working, at, placeholder.escape);
      probe = replaceInScalar(probe, at, placeholder.escape);
    }
  }
}
