/**
 * A value of a manifest on one line, the way YAML flow style writes it: `[create, list]`,
 * `{name: web}`, a string only quoted where YAML would read it as something else (`"8080"`,
 * `"true"`, `""`). Both the browser checker and the verifier's report show diffs with it, so a
 * reader sees the same text for the same value in either place.
 */
import {displayText} from './scalar-text';

export interface FormatValueOptions {
  /** Text for a missing value (undefined). */
  absent?: string;
  /** At most this many characters; a longer text ends in `…`. */
  max?: number;
}

export function formatValue(value: unknown, options: FormatValueOptions = {}): string {
  const text = flow(value, options.absent ?? '(missing)', 0);
  const max = options.max;
  return max !== undefined && text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function flow(value: unknown, absent: string, depth: number): string {
  if (value === undefined) return absent;
  if (value === null) return 'null';
  if (typeof value === 'string')
    return value === ''
      ? '""'
      : /^[\w./:@*-][\w ./:@*-]*$/.test(value) && !/^(true|false|null|\d+)$/.test(value) && !/ $/.test(value)
        ? value
        : JSON.stringify(value);
  // Deeply nested input (a hostile paste) is cut off rather than walked without end.
  if (depth > 20) return '…';
  if (Array.isArray(value)) return `[${value.map((v) => flow(v, absent, depth + 1)).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${flow(v, absent, depth + 1)}`)
      .join(', ')}}`;
  }
  return displayText(value);
}
