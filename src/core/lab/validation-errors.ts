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
import {ApiError, InvalidError} from './api-server';
import type {ApiResource} from './resources';
import type {KubeObject} from './store';
import {nameOf} from './store';

export {InvalidError};

const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/** Go's %v / %q of a field value in field.Invalid: strings quoted, numbers bare. */
function invalidValue(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : displayText(v);
}

/** The field error text after "<path>: " (k8s.io/apimachinery pkg/util/validation/field errors.go). */
const REASONS: Partial<Record<string, (d: Diagnostic) => string>> = {
  REQUIRED_FIELD: (d) => (/rules\[\d+\]\.verbs$/.test(d.path ?? '') ? 'Required value: verbs must contain at least one value' : 'Required value'),
  UNSUPPORTED_VALUE: (d) =>
    `Unsupported value: ${invalidValue(d.params?.value)}: supported values: ${displayText(d.params?.supported)
      .split(',')
      .map((v) => `"${v.trim()}"`)
      .join(', ')}`,
  DUPLICATE_VALUE: (d) => `Duplicate value: ${invalidValue(d.params?.value)}`,
  INVALID_DNS1123_SUBDOMAIN: (d) => `Invalid value: ${invalidValue(d.params?.value)}: ${DNS1123_SUBDOMAIN_MSG}`,
  INVALID_DNS1123_LABEL: (d) => `Invalid value: ${invalidValue(d.params?.value)}: ${DNS1123_LABEL_MSG}`,
  CIDR_EXCEPT_OUTSIDE: (d) => `Invalid value: ${invalidValue(d.params?.value)}: must be a strict subset of \`cidr\``,
  MUTUALLY_EXCLUSIVE: (d) =>
    /ipBlock/.test(displayText(d.params?.fields))
      ? 'Forbidden: may not specify both ipBlock and another peer'
      : `Forbidden: may not specify more than 1 of ${displayText(d.params?.fields)}`,
  INVALID_VALUE: (d) =>
    d.params?.reason === 'end-port-with-named-port'
      ? `Invalid value: ${invalidValue(d.params?.value)}: may not be specified when \`port\` is non-numeric`
      : `Invalid value: ${invalidValue(d.params?.value)}`,
};

export function serverErrorFor(verb: string, file: string, r: ApiResource, object: KubeObject, diagnostics: Diagnostic[]): ApiError {
  const unknown = diagnostics.filter((d) => d.code === 'UNKNOWN_FIELD');
  void verb;
  void file;
  if (unknown.length) {
    const fields = unknown.map((d) => `unknown field "${displayText(d.path ?? d.params?.field)}"`).join(', ');
    return new ApiError('BadRequest', `${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: strict decoding error: ${fields}`);
  }
  const parts = diagnostics.map((d) => `${d.path ?? ''}: ${REASONS[d.code]?.(d) ?? `Invalid value: ${d.code}`}`);
  const message = `The ${r.kind} "${nameOf(object)}" is invalid: ${parts.length > 1 ? `[${parts.join(', ')}]` : parts[0]}`;
  return new InvalidError('Invalid', message);
}
