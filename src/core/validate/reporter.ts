/**
 * Collects diagnostics for one object: turns a field path into a line and column (via the
 * parser's position tree) and into a readable path (spec.containers[0].image, metadata.labels[app]).
 */
import type {Diagnostic} from '../diagnostics';
import {SHAPES} from '../generated/catalog';
import {findPosition, type LineIndex, type ParsedObject} from '../parse';
import {DIAGNOSTIC_CODES, type DiagnosticCode} from './codes';

export type Path = readonly (string | number)[];
export type Params = Record<string, string | number>;

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  private readonly mistyped = new Set<string>();

  constructor(
    private readonly parsed: ParsedObject,
    private readonly lines: LineIndex,
    private readonly rootShape: number | undefined,
  ) {}

  /**
   * Reports `code` at `path`. `at: 'key'` points at the field's name (unknown fields), 'value'
   * at its value; a path that is not in the text points at its nearest ancestor that is.
   */
  report(code: DiagnosticCode, path: Path, params?: Params, at: 'key' | 'value' = 'value'): void {
    const formatted = formatPath(path, this.rootShape);
    // A value of the wrong type was reported already; what a rule says about it (or about the
    // fields it should have had) adds nothing.
    if (code !== 'INVALID_TYPE') {
      for (const m of this.mistyped) if (formatted === m || formatted.startsWith(`${m}.`) || formatted.startsWith(`${m}[`)) return;
    }
    if (code === 'INVALID_TYPE') this.mistyped.add(formatted);
    const {node, depth} = findPosition(this.parsed.positions, path);
    const exact = depth === path.length;
    const offset = exact ? (at === 'key' ? (node.keyOffset ?? node.offset) : node.offset) : (node.keyOffset ?? node.offset);
    const {line, column} = this.lines.locate(offset);
    const d: Diagnostic = {code, severity: DIAGNOSTIC_CODES[code].severity};
    if (path.length) d.path = formatted;
    d.line = line;
    d.column = column;
    if (params && Object.keys(params).length) d.params = params;
    this.diagnostics.push(d);
  }

  has(code: DiagnosticCode, path?: Path): boolean {
    const p = path && formatPath(path, this.rootShape);
    return this.diagnostics.some((d) => d.code === code && (p === undefined || d.path === p));
  }

  /** The field names the schema knows at `path` (for suggestions), if the path leads to an object. */
  knownFields(path: Path): string[] | undefined {
    const shape = shapeAt(path, this.rootShape);
    if (shape === undefined) return undefined;
    const fields = SHAPES[shape]?.[0];
    return fields ? Object.keys(fields) : undefined;
  }

  /** The path as it appears in diagnostics. */
  formatPath(path: Path): string {
    return formatPath(path, this.rootShape);
  }

  /** The offset where the value at `path` starts, if the text has it. */
  valueOffset(path: Path): number | undefined {
    const {node, depth} = findPosition(this.parsed.positions, path);
    return depth === path.length ? node.offset : undefined;
  }
}

function shapeAt(path: Path, root: number | undefined): number | undefined {
  let sh = root;
  for (const seg of path) {
    if (sh === undefined || sh < 0) return undefined;
    const [fields, mapValue, items, free] = SHAPES[sh];
    if (free) return undefined;
    if (typeof seg === 'number') sh = items >= 0 ? items : undefined;
    else if (fields && seg in fields) sh = fields[seg];
    else if (mapValue !== -2) sh = mapValue;
    else return undefined;
  }
  return sh;
}

/** Kubernetes-style field paths: `.field` for fields, `[i]` for items, `[key]` for map keys. */
export function formatPath(path: Path, root: number | undefined): string {
  let out = '';
  let sh = root;
  for (const seg of path) {
    const shape = sh !== undefined && sh >= 0 ? SHAPES[sh] : undefined;
    if (typeof seg === 'number') {
      out += `[${seg}]`;
      sh = shape && shape[2] >= 0 ? shape[2] : undefined;
      continue;
    }
    const fields = shape?.[0];
    if (fields && seg in fields) {
      out += out ? `.${seg}` : seg;
      sh = fields[seg];
    } else if (shape && shape[1] !== -2) {
      out += `[${seg}]`;
      sh = shape[1];
    } else {
      out += /^[A-Za-z_][A-Za-z0-9_]*$/.test(seg) ? (out ? `.${seg}` : seg) : `[${seg}]`;
      sh = undefined;
    }
  }
  return out;
}
