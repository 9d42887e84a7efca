/**
 * Objects to text as kubectl prints them: `-o yaml` goes through sigs.k8s.io/yaml (JSON to a
 * generic map, then go-yaml v2's encoder: keys sorted, sequences not indented under their key,
 * strings quoted only when they would read back as something else, long strings folded at
 * column 80); `-o json` is Go's json.MarshalIndent with four spaces (map keys sorted, <, >, &
 * escaped). Upstream: go.yaml.in/yaml/v2 encode.go (stringv), emitterc.go
 * (yaml_emitter_analyze_scalar, yaml_emitter_write_plain_scalar), resolve.go, sorter.go.
 */

import {displayText} from '../scalar-text';

/** Characters YAML cannot print plainly or single-quoted: they force double quotes (go-yaml's isPrintable). */
// eslint-disable-next-line no-control-regex
const NON_PRINTABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u0085\ufeff]/;

type Json = null | boolean | number | string | Json[] | {[k: string]: Json};

// ---------------------------------------------------------------------------------------------
// go-yaml v2 key order (sorter.go keyList.Less): letters and digits runs compare "naturally".

function isLetter(c: string): boolean {
  return /\p{L}/u.test(c);
}
function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

export function yamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]);
    const bl = isLetter(br[i]);
    if (al && bl) return ar[i] < br[i];
    if (al || bl) {
      if (i > 0 && isLetter(ar[i - 1])) return al;
      return bl;
    }
    let ai = i;
    while (ai > 0 && isDigit(ar[ai - 1])) ai--;
    let an = 0;
    let bn = 0;
    if (isDigit(ar[ai] ?? '') || isDigit(br[ai] ?? '')) {
      let k = ai;
      for (; k < ar.length && isDigit(ar[k]); k++) an = an * 10 + Number(ar[k]);
      let m = ai;
      for (; m < br.length && isDigit(br[m]); m++) bn = bn * 10 + Number(br[m]);
      if (an !== bn) return an < bn;
      if (k !== m) return k < m;
    }
    return ar[i] < br[i];
  }
  return ar.length < br.length;
}

function sortedKeys(o: Record<string, unknown>): string[] {
  return Object.keys(o).sort((x, y) => (x === y ? 0 : yamlKeyLess(x, y) ? -1 : 1));
}

// ---------------------------------------------------------------------------------------------
// Scalars

const BOOL_OR_NULL = new Set([
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'true',
  'True',
  'TRUE',
  'false',
  'False',
  'FALSE',
  'on',
  'On',
  'ON',
  'off',
  'Off',
  'OFF',
  '~',
  'null',
  'Null',
  'NULL',
  '',
]);

/** Would go-yaml v2 read this plain string back as something other than a string (resolve.go)? */
function resolvesToNonString(s: string): boolean {
  if (BOOL_OR_NULL.has(s)) return true;
  if (/^[-+]?(\.inf|\.Inf|\.INF)$/.test(s) || /^(\.nan|\.NaN|\.NAN)$/.test(s)) return true;
  const plain = s.replace(/_/g, '');
  if (/^[-+]?(0b[01]+|0x[0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.test(plain)) return true;
  if (/^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?$/.test(plain)) return true;
  // isBase60Float
  if (/^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s)) return true;
  // timestamps (resolve.go allowedTimestampFormats)
  if (/^\d{4}-\d\d?-\d\d?([Tt]|\s+)\d\d?:\d\d:\d\d(\.\d+)?(\s*(Z|[-+]\d\d?(:\d\d)?))?$/.test(s) || /^\d{4}-\d\d-\d\d$/.test(s)) return true;
  return false;
}

/** yaml_emitter_analyze_scalar: may the string be written plain in block context? */
function plainAllowed(s: string): boolean {
  if (s === '') return false;
  if (/^\s|\s$/.test(s)) return false;
  const first = s[0];
  if ('#,[]{}&*!|>\'"%@`'.includes(first)) return false;
  if ((first === '-' || first === '?' || first === ':') && (s.length === 1 || /\s/.test(s[1]))) return false;
  if (s.startsWith('---') || s.startsWith('...')) return false;
  if (/: |:$| #/.test(s)) return false;
  if (s.includes(': ') || s.includes('\t')) return false;
  // any non-printable character forces double quotes
  if (NON_PRINTABLE.test(s)) return false;
  return true;
}

function doubleQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c === 0) out += '\\0';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).toUpperCase().padStart(2, '0')}`;
    else if (c === 0x85) out += '\\N';
    else if (c === 0xfeff) out += '\\uFEFF';
    else out += ch;
  }
  return `${out}"`;
}

/** Plain or single-quoted text folded the way the emitter does past column 80 (best_width). */
function fold(text: string, startColumn: number, indent: number): string {
  if (startColumn + text.length <= 80 || !text.includes(' ')) return text;
  let out = '';
  let column = startColumn;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === ' ' && column > 80 && text[i + 1] !== ' ' && text[i - 1] !== ' ' && i + 1 < text.length) {
      out += `\n${' '.repeat(indent)}`;
      column = indent;
      continue;
    }
    out += c;
    column++;
  }
  return out;
}

function scalarText(s: string, column: number, indent: number): string {
  if (s.includes('\n')) {
    // literal block; "|-" when there is no final line break, "|+" when several
    const chomp = s.endsWith('\n') ? (s.endsWith('\n\n') ? '+' : '') : '-';
    const lead = /^\s/.test(s) ? displayText(2) : '';
    const body = (s.endsWith('\n') ? s.slice(0, -1) : s).split('\n');
    const pad = ' '.repeat(indent);
    return `|${lead}${chomp}\n${body.map((l) => (l === '' ? '' : pad + l)).join('\n')}`;
  }
  if (resolvesToNonString(s)) return doubleQuoted(s);
  if (plainAllowed(s)) return fold(s, column, indent);
  if (NON_PRINTABLE.test(s)) return doubleQuoted(s);
  return fold(`'${s.replace(/'/g, "''")}'`, column, indent);
}

function numberText(n: number): string {
  if (Number.isInteger(n)) return displayText(n);
  // strconv.FormatFloat(f, 'g', -1, 64)
  const s = displayText(n);
  return s.includes('e') ? s.replace(/e([+-])(\d)$/, 'e$10$2') : s;
}

// ---------------------------------------------------------------------------------------------
// Block structure

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function scalar(value: unknown, column: number, indent: number): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return numberText(value);
  return scalarText(displayText(value), column, indent);
}

function scalarKey(k: string): string {
  if (resolvesToNonString(k)) return doubleQuoted(k);
  if (plainAllowed(k)) return k;
  return `'${k.replace(/'/g, "''")}'`;
}

function emitEntry(key: string, v: unknown, indent: number, lines: string[], lead: string): void {
  if (isMap(v)) {
    if (Object.keys(v).length === 0) {
      lines.push(`${lead}${key}: {}`);
      return;
    }
    lines.push(`${lead}${key}:`);
    for (const k of sortedKeys(v)) emitEntry(scalarKey(k), v[k], indent + 2, lines, ' '.repeat(indent + 2));
    return;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) {
      lines.push(`${lead}${key}: []`);
      return;
    }
    lines.push(`${lead}${key}:`);
    for (const item of v) emitItem(item, indent + 2, lines, `${' '.repeat(indent)}- `);
    return;
  }
  const head = `${lead}${key}: `;
  const text = scalar(v, head.length, indent + 2);
  lines.push(head + text);
}

function emitItem(item: unknown, indent: number, lines: string[], lead: string): void {
  // lead is "<spaces>- "; the item's content is indented at `indent`
  if (isMap(item)) {
    const keys = sortedKeys(item);
    if (keys.length === 0) {
      lines.push(`${lead}{}`);
      return;
    }
    keys.forEach((k, i) => emitEntry(scalarKey(k), item[k], indent, lines, i === 0 ? lead : ' '.repeat(indent)));
    return;
  }
  if (Array.isArray(item)) {
    if (item.length === 0) {
      lines.push(`${lead}[]`);
      return;
    }
    item.forEach((inner, i) => emitItem(inner, indent + 2, lines, i === 0 ? `${lead}- ` : `${' '.repeat(indent)}- `));
    return;
  }
  lines.push(lead + scalar(item, lead.length, indent));
}

/** One object as `kubectl get -o yaml` prints it (ends with a line break). */
export function toYaml(value: unknown): string {
  const lines: string[] = [];
  if (isMap(value)) {
    const keys = sortedKeys(value);
    if (keys.length === 0) return '{}\n';
    for (const k of keys) emitEntry(scalarKey(k), value[k], 0, lines, '');
  } else if (Array.isArray(value)) {
    if (value.length === 0) return '[]\n';
    for (const item of value) emitItem(item, 2, lines, '- ');
  } else {
    lines.push(scalar(value, 0, 0));
  }
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// JSON

function sortDeep(v: unknown): Json {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (isMap(v)) {
    const out: {[k: string]: Json} = {};
    for (const k of Object.keys(v).sort()) out[k] = sortDeep(v[k]);
    return out;
  }
  return v as Json;
}

/** Go's encoding/json escapes these even inside strings (HTMLEscape). */
function goEscape(text: string): string {
  return text.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `-o json`: keys sorted (a generic map, as kubectl holds server objects), four-space indent. */
export function toJson(value: unknown, sortKeys = true): string {
  const text = JSON.stringify(sortKeys ? sortDeep(value) : value, null, 4) ?? 'null';
  return `${goEscape(text)}\n`;
}

/** Compact JSON with sorted keys, as Go's json.Marshal writes a map (jsonpath prints lists and maps this way). */
export function toCompactJson(value: unknown): string {
  return goEscape(JSON.stringify(sortDeep(value)) ?? 'null');
}
