/**
 * A js-yaml schema that resolves plain scalars the way kubectl does.
 *
 * kubectl reads manifests with sigs.k8s.io/yaml, which decodes YAML with go.yaml.in/yaml/v2 (a
 * YAML 1.1 resolver) and then converts the result to JSON. So `yes`, `on` and `y` are booleans,
 * `0644` is octal 420, `1_000` is 1000 and a timestamp stays a string; js-yaml's default YAML 1.2
 * schema would read `yes` as a string and `0644` as 644. Ported from resolve() in
 * go.yaml.in/yaml/v2@v2.4.3/resolve.go; keys are turned into strings as in sigs.k8s.io/yaml's
 * convertToJSONableObject (a boolean key `on:` becomes "true").
 *
 * Reproduce: `printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: yes}\n' |
 * kubectl apply --dry-run=server -f -` is rejected: the value is a boolean, not a string.
 */
import {FAILSAFE_SCHEMA, Type} from 'js-yaml';

export type GoScalar =
  | {kind: 'null'; value: null}
  | {kind: 'bool'; value: boolean}
  | {kind: 'int'; value: number}
  | {kind: 'float'; value: number}
  | {kind: 'str'; value: string};

const MAPPED: Record<string, GoScalar> = {};
for (const s of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) MAPPED[s] = {kind: 'bool', value: true};
for (const s of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']) MAPPED[s] = {kind: 'bool', value: false};
for (const s of ['', '~', 'null', 'Null', 'NULL']) MAPPED[s] = {kind: 'null', value: null};
for (const s of ['.nan', '.NaN', '.NAN']) MAPPED[s] = {kind: 'float', value: NaN};
for (const s of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) MAPPED[s] = {kind: 'float', value: Infinity};
for (const s of ['-.inf', '-.Inf', '-.INF']) MAPPED[s] = {kind: 'float', value: -Infinity};

/** yamlStyleFloat in resolve.go. */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** The subset of Go's strconv.ParseFloat syntax reachable from a '.' first character. */
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
const UINT64_MAX = 18446744073709551615n;

/** strconv.ParseInt(s, 0, 64) (signed) or ParseUint(s, 0, 64) (unsigned), underscores already removed. */
function parseGoInt(s: string, signed: boolean): number | undefined {
  let i = 0;
  let negative = false;
  if (signed && (s[0] === '+' || s[0] === '-')) {
    negative = s[0] === '-';
    i = 1;
  }
  const rest = s.slice(i);
  let digits: string;
  let base: number;
  if (/^0[xX]/.test(rest)) {
    base = 16;
    digits = rest.slice(2);
  } else if (/^0[oO]/.test(rest)) {
    base = 8;
    digits = rest.slice(2);
  } else if (/^0[bB]/.test(rest)) {
    base = 2;
    digits = rest.slice(2);
  } else if (rest.length > 1 && rest[0] === '0') {
    base = 8;
    digits = rest.slice(1);
  } else {
    base = 10;
    digits = rest;
  }
  const valid = base === 16 ? /^[0-9a-fA-F]+$/ : base === 10 ? /^[0-9]+$/ : base === 8 ? /^[0-7]+$/ : /^[01]+$/;
  if (!valid.test(digits)) return undefined;
  const prefix = base === 16 ? '0x' : base === 8 ? '0o' : base === 2 ? '0b' : '';
  let big = BigInt(prefix + digits);
  if (negative) big = -big;
  if (signed ? big > INT64_MAX || big < INT64_MIN : big > UINT64_MAX) return undefined;
  return Number(big);
}

let lastInput: string | undefined;
let lastResult: GoScalar = {kind: 'str', value: ''};

/** resolve("", in) of go.yaml.in/yaml/v2 for a plain (unquoted, untagged) scalar. */
export function resolveGoScalar(input: string): GoScalar {
  if (input === lastInput) return lastResult;
  const result = resolveUncached(input);
  lastInput = input;
  lastResult = result;
  return result;
}

function resolveUncached(input: string): GoScalar {
  const mapped = MAPPED[input];
  if (mapped) return mapped;
  const c = input.charCodeAt(0);
  const isDigit = c >= 0x30 && c <= 0x39;
  if (input[0] === '.') {
    if (DOT_FLOAT.test(input)) return {kind: 'float', value: Number(input)};
    return {kind: 'str', value: input};
  }
  if (!isDigit && input[0] !== '+' && input[0] !== '-') return {kind: 'str', value: input};
  // Timestamps stay strings when decoded into interface{} (decode.go, "backward compatibility").
  if (/^[0-9]{4}-/.test(input)) return {kind: 'str', value: input};
  const plain = input.replace(/_/g, '');
  const asInt = parseGoInt(plain, true);
  if (asInt !== undefined) return {kind: 'int', value: asInt};
  const asUint = parseGoInt(plain, false);
  if (asUint !== undefined) return {kind: 'int', value: asUint};
  if (YAML_STYLE_FLOAT.test(plain)) {
    const f = Number(plain);
    // strconv.ParseFloat fails on overflow (±Inf), and then the scalar stays a string.
    if (Number.isFinite(f)) return {kind: 'float', value: f};
  }
  return {kind: 'str', value: input};
}

const scalarType = (tag: string, accepts: (r: GoScalar) => boolean) =>
  new Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: (data: unknown) => typeof data === 'string' && accepts(resolveGoScalar(data)),
    construct: (data: string) => resolveGoScalar(data).value,
  });

const nullType = new Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (data: unknown) => data === null || (typeof data === 'string' && resolveGoScalar(data).kind === 'null'),
  construct: () => null,
});
const boolType = scalarType('bool', (r) => r.kind === 'bool');
const intType = scalarType('int', (r) => r.kind === 'int');
// An explicit !!float accepts an integer too (resolve.go's deferred tag check).
const floatType = scalarType('float', (r) => r.kind === 'float' || r.kind === 'int');

/** `<<` merge keys (go-yaml v2 supports them: decode.go merge()). js-yaml merges by this tag. */
const mergeType = new Type('tag:yaml.org,2002:merge', {
  kind: 'scalar',
  resolve: (data: unknown) => data === '<<',
});

/** Local tags (`!foo`) are not resolvable in go-yaml v2: the node keeps its plain value. */
const localTag = (kind: 'scalar' | 'sequence' | 'mapping') =>
  new Type('!', {
    kind,
    multi: true,
    resolve: () => true,
    construct: (data: unknown) => (kind === 'scalar' ? (data ?? '') : (data ?? (kind === 'sequence' ? [] : {}))),
  });

/** The schema parseManifests uses: YAML 1.1 scalars as go.yaml.in/yaml/v2 reads them. */
export const GO_YAML_SCHEMA = FAILSAFE_SCHEMA.extend({
  implicit: [mergeType, nullType, boolType, intType, floatType],
  explicit: [localTag('scalar'), localTag('sequence'), localTag('mapping')],
});
