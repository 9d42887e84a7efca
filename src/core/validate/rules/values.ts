/**
 * Reading a decoded object the way Go reads its struct: a missing or mistyped field is the zero
 * value ("" for strings, 0 for numbers, nil for lists). The schema check reports wrong types;
 * the rules only need safe reads.
 */
import {isRecord} from '../../is-record';

/** The same guard under the name the rules use. */
export const isObj = isRecord;
export type Obj = Record<string, unknown>;

export function obj(v: unknown): Obj | undefined {
  return isRecord(v) ? v : undefined;
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function optStr(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

/** A map[string]string: string values only (others were reported by the schema check). */
export function strMap(v: unknown): [string, string][] {
  if (!isRecord(v)) return [];
  return Object.entries(v).map(([k, x]) => [k, typeof x === 'string' ? x : ''] as [string, string]);
}

/** Objects of a list, with their index (items that are not objects are skipped). */
export function objItems(v: unknown): [Obj, number][] {
  const out: [Obj, number][] = [];
  arr(v).forEach((x, i) => {
    if (isRecord(x)) out.push([x, i]);
  });
  return out;
}

/** Whether the field is present (after nulls were removed). */
export function has(o: Obj | undefined, key: string): boolean {
  return o !== undefined && o[key] !== undefined;
}
