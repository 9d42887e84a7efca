/**
 * Multi-document YAML to Kubernetes objects, with a line and column for every diagnostic and a
 * position for every field. Hostile input (alias bombs, huge or deeply nested documents, binary
 * garbage) is refused with a diagnostic; parsing never throws.
 */
import {loadAll, YAMLException, type LoadOptions} from 'js-yaml';
import type {Diagnostic} from '../diagnostics';
import {loadWithGoYamlEscapes} from './go-yaml-escapes';
import {GO_YAML_SCHEMA} from './go-yaml-schema';
import {LineIndex} from './line-index';
import {measureValue} from './measure-value';
import {splitDocuments} from './split-documents';
import {buildPositions, FrameRecorder, type DuplicateKey, type PositionNode} from './track-positions';
import {displayText} from '../scalar-text';
import {DIAGNOSTICS_PER_CODE, limitDiagnostics, omitted} from '../limit-diagnostics';
import {isRecord} from '../is-record';

/** Limits on what the parser accepts. The API server itself refuses request bodies over 3 MiB. */
export const PARSE_LIMITS = {
  /** Characters in the whole text. */
  maxInputLength: 4 * 1024 * 1024,
  /** Characters in one document (between `---` lines). */
  maxDocumentLength: 1024 * 1024,
  /** Non-empty documents in one text. */
  maxDocuments: 1000,
  /** Nesting of collections, in the text and after aliases are expanded. */
  maxDepth: 100,
  /** Nodes of one document once aliases are expanded. */
  maxNodes: 200_000,
} as const;

/** One Kubernetes object found in the text. */
export interface ParsedObject {
  object: Record<string, unknown>;
  /** 1-based line and column where the object starts. */
  line: number;
  column: number;
  /** 0-based index of its YAML document (objects of a `kind: List` share one). */
  document: number;
  /** Offsets of its fields in the text. */
  positions: PositionNode;
}

export interface ParsedManifests {
  objects: ParsedObject[];
  diagnostics: Diagnostic[];
  /** The text the offsets refer to. */
  text: string;
  lines: LineIndex;
}

function at(lines: LineIndex, offset: number): {line: number; column: number} {
  return lines.locate(offset);
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v;
}

function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${seg}]`;
  }
  return out;
}

/**
 * Parses a manifest with positions. The object values are exactly what kubectl would send
 * (YAML 1.1 scalars, as go.yaml.in/yaml/v2 reads them).
 */
export function parseManifestsDetailed(input: string): ParsedManifests {
  const diagnostics: Diagnostic[] = [];
  const objects: ParsedObject[] = [];
  const text = typeof input === 'string' ? input : '';
  const lines = new LineIndex(text.length > PARSE_LIMITS.maxInputLength ? '' : text);
  if (typeof input !== 'string') {
    diagnostics.push({code: 'INPUT_NOT_TEXT', severity: 'error', line: 1, column: 1, params: {type: typeName(input)}});
    return {objects, diagnostics, text, lines};
  }
  if (text.length > PARSE_LIMITS.maxInputLength) {
    diagnostics.push({
      code: 'INPUT_TOO_LARGE',
      severity: 'error',
      line: 1,
      column: 1,
      params: {length: text.length, limit: PARSE_LIMITS.maxInputLength},
    });
    return {objects, diagnostics, text, lines};
  }

  const {chunks, badSeparators} = splitDocuments(text);
  // Only as many as limitDiagnostics keeps, then the count of the rest: 800,000 bad separators
  // cost no more memory than 101.
  for (const offset of badSeparators.slice(0, DIAGNOSTICS_PER_CODE)) {
    diagnostics.push({
      code: 'YAML_SYNTAX',
      severity: 'error',
      ...at(lines, offset),
      params: {reason: 'invalid document separator: only a comment may follow ---'},
    });
  }
  if (badSeparators.length > DIAGNOSTICS_PER_CODE) {
    diagnostics.push(omitted('YAML_SYNTAX', badSeparators.length - DIAGNOSTICS_PER_CODE, at(lines, badSeparators[DIAGNOSTICS_PER_CODE])));
  }

  let nonEmpty = 0;
  for (const chunk of chunks) {
    if (isBlank(chunk.text)) continue;
    nonEmpty++;
    if (nonEmpty > PARSE_LIMITS.maxDocuments) {
      diagnostics.push({
        code: 'TOO_MANY_DOCUMENTS',
        severity: 'error',
        ...at(lines, chunk.offset),
        params: {limit: PARSE_LIMITS.maxDocuments},
      });
      break;
    }
    if (chunk.text.length > PARSE_LIMITS.maxDocumentLength) {
      diagnostics.push({
        code: 'DOCUMENT_TOO_LARGE',
        severity: 'error',
        ...at(lines, chunk.offset),
        params: {length: chunk.text.length, limit: PARSE_LIMITS.maxDocumentLength},
      });
      continue;
    }
    // js-yaml drops a byte-order mark at the start; keep offsets aligned with the text.
    const bom = chunk.text.charCodeAt(0) === 0xfeff ? 1 : 0;
    const base = chunk.offset + bom;
    let recorder = new FrameRecorder();
    let docs: unknown[];
    try {
      docs = loadWithGoYamlEscapes(chunk.text, (text) => {
        recorder = new FrameRecorder();
        return loadAll(text, null, {
          schema: GO_YAML_SCHEMA,
          json: true, // duplicate keys: the later value wins, as in kubectl; reported below
          listener: recorder.listener,
          maxDepth: PARSE_LIMITS.maxDepth,
        } as LoadOptions);
      });
    } catch (e) {
      diagnostics.push(yamlError(e, base, lines, chunk.offset));
      continue;
    }
    if (docs.length === 0) continue;
    if (docs.length > 1) {
      // go-yaml's Unmarshal reads the first document of a chunk only (after `...`).
      const second = recorder.roots[1];
      diagnostics.push({
        code: 'EXTRA_DOCUMENT_IGNORED',
        severity: 'warning',
        ...at(lines, base + (second ? second.start : 0)),
      });
    }
    const value = docs[0];
    const rootFrame = recorder.roots[0];
    const docOffset = base + (rootFrame ? skipLeading(chunk.text.slice(bom), rootFrame.start) : 0);
    if (value === null || value === undefined) continue; // an empty document, as kubectl skips it
    if (!isRecord(value)) {
      diagnostics.push({code: 'NOT_AN_OBJECT', severity: 'error', ...at(lines, docOffset), params: {type: typeName(value)}});
      continue;
    }
    const m = measureValue(value, PARSE_LIMITS.maxNodes);
    if (m.cycle) {
      diagnostics.push({code: 'YAML_ALIAS_CYCLE', severity: 'error', ...at(lines, docOffset)});
      continue;
    }
    if (m.nodes > PARSE_LIMITS.maxNodes) {
      const aliases = m.distinct < m.nodes / 2;
      diagnostics.push({
        code: aliases ? 'YAML_ALIAS_EXPANSION_TOO_LARGE' : 'DOCUMENT_TOO_LARGE',
        severity: 'error',
        ...at(lines, docOffset),
        params: aliases ? {limit: PARSE_LIMITS.maxNodes} : {length: chunk.text.length, limit: PARSE_LIMITS.maxDocumentLength},
      });
      continue;
    }
    if (m.depth > PARSE_LIMITS.maxDepth) {
      diagnostics.push({code: 'NESTING_TOO_DEEP', severity: 'error', ...at(lines, docOffset), params: {limit: PARSE_LIMITS.maxDepth}});
      continue;
    }

    const duplicates: DuplicateKey[] = [];
    const invalidKeys: number[] = [];
    const positions = shiftPositions(buildPositions(rootFrame, chunk.text.slice(bom), duplicates, invalidKeys), base);
    if (invalidKeys.length) {
      // kubectl cannot read the document at all: "error converting YAML to JSON: yaml: invalid map key".
      diagnostics.push({
        code: 'YAML_SYNTAX',
        severity: 'error',
        ...at(lines, base + Math.min(...invalidKeys.slice(0, 1000))),
        params: {reason: 'invalid map key'},
      });
      continue;
    }
    for (const d of duplicates) {
      diagnostics.push({
        code: 'DUPLICATE_KEY',
        severity: 'warning',
        path: formatPath(d.path),
        ...at(lines, base + d.offset),
        params: {key: d.key, firstLine: at(lines, base + d.firstOffset).line},
      });
    }

    // kubectl flattens lists (resource.Builder.Flatten): `kind: List` and `kind: FooList` with items.
    const kind = value.kind;
    if (typeof kind === 'string' && kind.endsWith('List') && Array.isArray(value.items)) {
      const itemKind = kind.slice(0, -'List'.length);
      value.items.forEach((item, i) => {
        const itemPos = positions.fields?.get('items')?.items?.[i] ?? positions;
        if (!isRecord(item)) {
          diagnostics.push({code: 'NOT_AN_OBJECT', severity: 'error', path: `items[${i}]`, ...at(lines, itemPos.offset), params: {type: typeName(item)}});
          return;
        }
        // UnstructuredList items without apiVersion and kind take them from the list.
        if (item.kind === undefined && item.apiVersion === undefined && itemKind) {
          item = {...item, apiVersion: value.apiVersion, kind: itemKind};
        }
        objects.push({object: item, ...at(lines, itemPos.offset), document: chunk.index, positions: itemPos});
      });
      continue;
    }
    objects.push({object: value, ...at(lines, docOffset), document: chunk.index, positions});
  }
  diagnostics.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return {objects, diagnostics: limitDiagnostics(diagnostics), text, lines};
}

/** Only spaces, line breaks and comments: an empty document, which kubectl skips. */
function isBlank(text: string): boolean {
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '#') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\ufeff') i++;
    else return false;
  }
  return true;
}

function skipLeading(text: string, offset: number): number {
  let i = offset;
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text[i] === '#') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
      continue;
    }
    if (text.startsWith('---', i) && (i === 0 || text[i - 1] === '\n' || text[i - 1] === '\r')) {
      i += 3;
      continue;
    }
    return i;
  }
}

function shiftPositions(node: PositionNode, by: number, seen = new Set<PositionNode>()): PositionNode {
  // Alias nodes share children with their anchor; shift each node once.
  if (seen.has(node)) return node;
  seen.add(node);
  node.offset += by;
  if (node.keyOffset !== undefined) node.keyOffset += by;
  if (node.fields) for (const child of node.fields.values()) shiftPositions(child, by, seen);
  if (node.items) for (const child of node.items) shiftPositions(child, by, seen);
  return node;
}

function yamlError(e: unknown, base: number, lines: LineIndex, chunkOffset: number): Diagnostic {
  if (e instanceof YAMLException) {
    const reason = e.reason || 'invalid YAML';
    const offset = typeof e.mark?.position === 'number' ? base + e.mark.position : chunkOffset;
    const where = at(lines, offset);
    if (/maxDepth/.test(reason)) return {code: 'NESTING_TOO_DEEP', severity: 'error', ...where, params: {limit: PARSE_LIMITS.maxDepth}};
    return {code: 'YAML_SYNTAX', severity: 'error', ...where, params: {reason}};
  }
  // js-yaml is not supposed to throw anything else; report it rather than crash.
  const reason = e instanceof Error ? e.message : displayText(e);
  return {code: 'YAML_SYNTAX', severity: 'error', ...at(lines, chunkOffset), params: {reason}};
}

/**
 * The public contract: every object with the line it starts on, and the parse diagnostics.
 */
export function parseManifests(text: string): {objects: {object: Record<string, unknown>; line: number}[]; diagnostics: Diagnostic[]} {
  const parsed = parseManifestsDetailed(text);
  return {objects: parsed.objects.map((o) => ({object: o.object, line: o.line})), diagnostics: parsed.diagnostics};
}

export {formatPath};
