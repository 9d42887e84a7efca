/**
 * Where each field of a parsed document is in the text.
 *
 * js-yaml calls a listener when it opens and closes each node (composeNode in its loader). The
 * frames recorded here nest like the nodes; a mapping's frames alternate key and value, a
 * sequence's frames are its items. From them we build a tree of offsets that mirrors the parsed
 * value, so a diagnostic for spec.containers[0].imagePullsecrets can name the line of that key.
 */
import type {EventType, State} from 'js-yaml';
import {displayText} from '../scalar-text';
import {isRecord} from '../is-record';

/** The offsets of one node: its value, its key (for mapping values), and its children. */
export interface PositionNode {
  /** 0-based offset where the value starts. */
  offset: number;
  /** 0-based offset where its key starts, when the node is the value of a mapping entry. */
  keyOffset?: number;
  fields?: Map<string, PositionNode>;
  items?: PositionNode[];
}

/** A key that appears twice in one mapping: the later value wins, as in kubectl. */
export interface DuplicateKey {
  key: string;
  path: (string | number)[];
  offset: number;
  firstOffset: number;
}

interface Frame {
  start: number;
  end: number;
  kind: string | null;
  result: unknown;
  tag: string | null;
  children: Frame[];
}

/** Collects frames while js-yaml parses; pass `listener` in the load options. */
export class FrameRecorder {
  readonly roots: Frame[] = [];
  private readonly stack: Frame[] = [];

  readonly listener = (event: EventType, state: State): void => {
    if (event === 'open') {
      this.stack.push({start: state.position, end: -1, kind: null, result: undefined, tag: null, children: []});
      return;
    }
    const frame = this.stack.pop();
    if (!frame) return;
    frame.end = state.position;
    frame.kind = state.kind ?? null;
    frame.result = state.result;
    frame.tag = (state as unknown as {tag: string | null}).tag ?? null;
    const parent = this.stack[this.stack.length - 1];
    (parent ? parent.children : this.roots).push(frame);
  };
}

const MERGE_TAG = 'tag:yaml.org,2002:merge';

/** Skips spaces, line breaks and comments from offset; returns the first significant offset. */
export function skipInsignificant(text: string, offset: number): number {
  let i = offset;
  let atLineStartOrSpace = true;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xfeff) {
      atLineStartOrSpace = true;
      i++;
    } else if (c === 0x23 && atLineStartOrSpace) {
      while (i < text.length && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i++;
    } else break;
  }
  return i;
}

/** js-yaml turns keys into strings this way (storeMappingPair). */
function keyString(k: unknown): string {
  if (Array.isArray(k)) return k.map((x) => (isRecord(x) ? '[object Object]' : displayText(x))).join(',');
  if (isRecord(k)) return '[object Object]';
  return displayText(k);
}

/**
 * Builds the position tree of one document from its root frame. `text` is the text js-yaml
 * parsed; offsets are relative to it.
 */
export function buildPositions(root: Frame | undefined, text: string, duplicates: DuplicateKey[], invalidKeys: number[] = []): PositionNode {
  if (!root) return {offset: 0};
  const byResult = new Map<object, PositionNode>();

  const build = (frame: Frame, path: (string | number)[]): PositionNode => {
    let f = frame;
    // A node whose result was kept from a single inner node (readBlockMapping's "keep the result
    // of composeNode"): the inner frame is the real one.
    while (f.children.length === 1 && f.children[0].result === f.result && f.children[0].kind === f.kind) f = f.children[0];
    const node: PositionNode = {offset: skipInsignificant(text, f.start)};
    const result = f.result;

    if (f.kind === 'mapping' && isRecord(result)) {
      byResult.set(result, node);
      const fields = new Map<string, PositionNode>();
      const mergeSources: PositionNode[] = [];
      const kids = f.children;
      let i = 0;
      while (i < kids.length) {
        const k = kids[i];
        const afterKey = skipInsignificant(text, k.end);
        let v: Frame | undefined;
        if (text.charCodeAt(afterKey) === 0x3a /* : */ && i + 1 < kids.length) {
          v = kids[i + 1];
          i += 2;
        } else {
          i += 1;
          // The last attempt to read a key that was not there (end of the mapping).
          if (k.kind === null && k.result === null && i === kids.length) break;
        }
        const keyOffset = skipInsignificant(text, k.start);
        // A mapping or a list used as a key (`{{replicas}}`): go-yaml's decoder refuses the
        // document, "invalid map key" (go.yaml.in/yaml/v2 decode.go, decoder.mapping), which is
        // what kubectl reports. js-yaml turns such a key into a string instead.
        if (typeof k.result === 'object' && k.result !== null) invalidKeys.push(keyOffset);
        if (k.tag === MERGE_TAG) {
          if (v) {
            const src = build(v, path);
            if (src.fields) mergeSources.push(src);
            for (const item of src.items ?? []) if (item.fields) mergeSources.push(item);
          }
          continue;
        }
        const key = keyString(k.result);
        const child = v ? build(v, [...path, key]) : {offset: keyOffset};
        child.keyOffset = keyOffset;
        const previous = fields.get(key);
        if (previous) {
          duplicates.push({key, path: [...path, key], offset: keyOffset, firstOffset: previous.keyOffset ?? previous.offset});
        }
        fields.set(key, child);
      }
      // Keys that came in through `<<` merges point at the merged mapping's entries.
      for (const key of Object.keys(result)) {
        if (fields.has(key)) continue;
        for (const src of mergeSources) {
          const hit = src.fields?.get(key);
          if (hit) {
            fields.set(key, hit);
            break;
          }
        }
      }
      node.fields = fields;
      return node;
    }

    if (f.kind === 'sequence' && Array.isArray(result)) {
      byResult.set(result, node);
      const kids = f.children;
      const items: PositionNode[] = [];
      if (kids.length === result.length) {
        for (let i = 0; i < kids.length; i++) items.push(build(kids[i], [...path, i]));
      } else {
        // Empty block entries (`-` followed by a line break) have no frame of their own.
        let j = 0;
        for (let i = 0; i < result.length; i++) {
          const kf = kids[j];
          if (!kf || (result[i] === null && kf.result !== null)) {
            items.push({offset: node.offset});
            continue;
          }
          items.push(build(kf, [...path, i]));
          j++;
        }
      }
      node.items = items;
      return node;
    }

    // An alias of a mapping or a sequence: its fields are where the anchored node is.
    if (typeof result === 'object' && result !== null) {
      const anchored = byResult.get(result);
      if (anchored) return {offset: node.offset, fields: anchored.fields, items: anchored.items};
    }
    return node;
  };

  return build(root, []);
}

/**
 * The deepest node on `path` and how much of the path it covers.
 */
export function findPosition(root: PositionNode, path: readonly (string | number)[]): {node: PositionNode; depth: number} {
  let node = root;
  let depth = 0;
  for (const seg of path) {
    const next = typeof seg === 'number' ? node.items?.[seg] : node.fields?.get(seg);
    if (!next) break;
    node = next;
    depth++;
  }
  return {node, depth};
}
