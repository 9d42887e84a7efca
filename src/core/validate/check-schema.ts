/**
 * Strict decoding, as the API server does it with fieldValidation=Strict: unknown fields, wrong
 * JSON types, required fields, number ranges (int32/int64), and the formats checked while
 * decoding (resource.Quantity, []byte as base64, metav1.Time). The schema is generated from the
 * OpenAPI v3 spec and compiled ahead of time (src/core/generated, scripts/generate-schemas.ts).
 */
import type {CheckedKind} from '../generated/catalog';
import type {Path, Reporter} from './reporter';
import {suggestField} from './suggest-field';
import {displayText} from '../scalar-text';

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Splits an ajv instancePath into segments, numbering array indices. */
function segments(pointer: string, root: unknown): (string | number)[] {
  if (!pointer) return [];
  const out: (string | number)[] = [];
  let cur: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      const i = Number(seg);
      out.push(i);
      cur = cur[i];
    } else {
      out.push(seg);
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

function valueAt(root: unknown, path: Path): unknown {
  let cur = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

const YAML11_BOOLEAN_WORDS = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

/**
 * "Did you mean" suggestions per object: past this many, unknown fields are still reported, each
 * one, but without a suggestion (a reader fixes the first ones first; thousands of unknown
 * fields would otherwise cost thousands of searches).
 */
export const SUGGESTIONS_PER_OBJECT = 20;

export function checkSchema(kind: CheckedKind, object: unknown, r: Reporter, sourceText: string): void {
  const ok = kind.validate(object);
  if (ok) return;
  const seen = new Set<string>();
  let searches = 0;
  for (const e of kind.validate.errors ?? []) {
    const path = segments(e.instancePath, object);
    const key = `${e.keyword}:${e.instancePath}:${JSON.stringify(e.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    switch (e.keyword) {
      case 'additionalProperties': {
        const field = displayText(e.params.additionalProperty);
        const params: Record<string, string> = {field};
        if (++searches > SUGGESTIONS_PER_OBJECT) {
          r.report('UNKNOWN_FIELD', [...path, field], params, 'key');
          break;
        }
        const known = r.knownFields(path);
        const suggestion = known && suggestField(field, known);
        if (suggestion) params.suggestion = suggestion;
        else {
          // A field put one level too deep or too shallow (imagePullSecrets under a container
          // instead of the pod spec): suggest a near-identical name of an enclosing object.
          for (let depth = path.length - 1; depth >= 0; depth--) {
            const ancestor = path.slice(0, depth);
            const fields = r.knownFields(ancestor);
            const near = fields && suggestField(field, fields, 1);
            if (near && !(near in (valueAt(object, ancestor) as Record<string, unknown>))) {
              params.suggestion = near;
              params.suggestionPath = r.formatPath([...ancestor, near]);
              break;
            }
          }
        }
        r.report('UNKNOWN_FIELD', [...path, field], params, 'key');
        break;
      }
      case 'required': {
        const field = displayText(e.params.missingProperty);
        r.report('REQUIRED_FIELD', [...path, field], {field});
        break;
      }
      case 'type': {
        const value = valueAt(object, path);
        const expectedList = (Array.isArray(e.params.type) ? e.params.type : [e.params.type]).filter((t) => t !== 'null');
        const params: Record<string, string> = {expected: expectedList.join(' or '), actual: typeName(value)};
        if (typeof value === 'boolean') {
          const offset = r.valueOffset(path);
          const word = offset === undefined ? '' : (/^[^\s,\]}#]+/.exec(sourceText.slice(offset, offset + 8))?.[0] ?? '');
          if (YAML11_BOOLEAN_WORDS.test(word)) params.hint = 'yaml11-boolean';
        }
        r.report('INVALID_TYPE', path, params);
        break;
      }
      case 'minimum':
      case 'maximum': {
        const value = valueAt(object, path);
        const limit = Number(e.params.limit);
        r.report('VALUE_OUT_OF_RANGE', path, {
          value: typeof value === 'number' ? value : displayText(value),
          ...(e.keyword === 'minimum' ? {min: limit} : {max: limit}),
        });
        break;
      }
      case 'pattern': {
        const value = valueAt(object, path);
        const pattern = displayText(e.params.pattern);
        if (pattern.includes('numkMGTPE')) r.report('INVALID_QUANTITY', path, {value: displayText(value)});
        else if (pattern.includes('A-Za-z0-9+/')) r.report('INVALID_BASE64', path);
        else r.report('INVALID_TIMESTAMP', path, {value: displayText(value)});
        break;
      }
      default:
        // The generated schema uses no other keyword (a unit test checks the generated code).
        r.report('INVALID_VALUE', path, {value: displayText(valueAt(object, path)), reason: 'format'});
    }
  }
}
