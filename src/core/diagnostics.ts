/**
 * A verdict is data (STYLE.md, point 2): a SCREAMING_SNAKE code, where it is, and the values a
 * message needs. Only components turn a code into Korean or English words.
 *
 * The core's codes are the DiagnosticCode union (validate/codes.ts); a front end that adds its
 * own verdicts (the verifier's SERVER_REJECTED) widens `Code` with its own union.
 */
import type {DiagnosticCode} from './validate/codes';

export interface Diagnostic<Code extends string = DiagnosticCode> {
  /** e.g. UNKNOWN_FIELD, YAML_SYNTAX, INVALID_DNS1123_SUBDOMAIN */
  code: Code;
  /** 'error' exactly where the API server (strict field validation, as kubectl apply uses) rejects the object. */
  severity: 'error' | 'warning';
  /** Field path in the object, e.g. spec.containers[0].securityContext.runAsUser */
  path?: string;
  /** 1-based line in the manifest text. */
  line?: number;
  /** 1-based column in the manifest text. */
  column?: number;
  /** Values for the message, e.g. {field: 'imagePullsecrets', suggestion: 'imagePullSecrets'}. */
  params?: Record<string, string | number>;
}
