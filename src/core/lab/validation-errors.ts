/**
 * validateManifests' verdicts as the API server words them to kubectl:
 * - unknown fields (strict field validation): 400 BadRequest,
 *   `<Kind> in version "<v>" cannot be handled as a <Kind>: strict decoding error: unknown field "<path>", ...`
 *   (k8s.io/apiserver pkg/endpoints/handlers/rest.go, transformDecodeError);
 * - other field errors: 422 Invalid, `The <Kind> "<name>" is invalid: <path>: <reason>`
 *   (k8s.io/apimachinery pkg/api/errors NewInvalid), which kubectl prints without a prefix.
 */
import {displayText} from '../scalar-text';
import type {Diagnostic} from '../diagnostics';
import {ApiError} from './api-server';
import type {ApiResource} from './resources';
import type {KubeObject} from './store';
import {nameOf} from './store';

/** An Invalid error: kubectl prints its message alone (no "Error from server"). */
export class InvalidError extends ApiError {}

const REASONS: Partial<Record<string, (d: Diagnostic) => string>> = {
  REQUIRED_FIELD: () => 'Required value',
  UNSUPPORTED_VALUE: (d) => `Unsupported value: "${d.params?.value}": supported values: ${displayText(d.params?.supported ?? '')
    .split(',')
    .map((v) => `"${v.trim()}"`)
    .join(', ')}`,
  DUPLICATE_VALUE: (d) => `Duplicate value: "${d.params?.value}"`,
  INVALID_TYPE: (d) => `Invalid value: "${d.params?.actual}": expected ${d.params?.expected}`,
};

export function serverErrorFor(verb: string, file: string, r: ApiResource, object: KubeObject, diagnostics: Diagnostic[]): ApiError {
  const unknown = diagnostics.filter((d) => d.code === 'UNKNOWN_FIELD');
  const where = `error when ${verb === 'apply' ? 'creating' : 'creating'} "${file}": `;
  if (unknown.length) {
    const fields = unknown.map((d) => `unknown field "${displayText(d.params?.field ?? d.path ?? '')}"`).join(', ');
    return new ApiError('BadRequest', `${where}${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: strict decoding error: ${fields}`);
  }
  const parts = diagnostics.map((d) => `${d.path ?? ''}: ${REASONS[d.code]?.(d) ?? `Invalid value: ${d.code}`}`);
  const message = `The ${r.kind} "${nameOf(object)}" is invalid: ${parts.length > 1 ? `[${parts.join(', ')}]` : parts[0]}`;
  return new InvalidError('Invalid', message);
}
