/**
 * The assertions of an exercise (examples/README.md, exercise.yaml), judged against a list of
 * objects: in the browser, the reader's YAML merged with the exercise's `given` objects; in CI,
 * the live objects read back from the cluster after the reference solution was applied. Same
 * language, same engine, so a checker's verdict and the cluster's agree.
 *
 * Each result is data: passed or not, and failures as {path, expected, actual, code}. Nothing
 * here throws: an unknown pod, a missing container or an assertion the engine cannot read comes
 * back as a failure with its own code.
 */
import type {Diagnostic} from '../diagnostics';
import type {Assertion, Localized} from '../examples/steps';
import type {CanIOptions, CanIResult} from '../rbac/evaluate-access';
import {canI} from '../rbac/evaluate-access';
import type {ReachOptions, ReachResult} from '../netpol/evaluate-traffic';
import {reachable, TrafficQueryError} from '../netpol/evaluate-traffic';
import type {ResolvedSecurityContext} from '../security-context/resolve-security-context';
import {resolveSecurityContext, SecurityContextError} from '../security-context/resolve-security-context';
import type {Mismatch} from './match-partial';
import {matchPartial} from './match-partial';
import type {ObjectRef} from './objects';
import {describeRef, findObject, scopedRef, similarObjects} from './objects';
import {displayText} from '../scalar-text';

export type AssertionKind = 'object' | 'absent' | 'canI' | 'reach' | 'securityContext' | 'valid';

export type FailureCode =
  | Mismatch['code']
  | 'OBJECT_NOT_FOUND'
  | 'OBJECT_PRESENT'
  | 'CAN_I_DIFFERS'
  | 'REACH_DIFFERS'
  | 'UNKNOWN_POD'
  | 'INVALID_ADDRESS'
  | 'INVALID_PORT'
  | 'CONTAINER_NOT_FOUND'
  | 'NOT_A_POD'
  | 'VALIDATION_ERROR'
  | 'NO_VALIDATOR'
  | 'UNKNOWN_ASSERTION'
  | 'EVALUATION_ERROR';

export interface AssertionFailure {
  /** Field path (see matchPartial), or "allowed" for canI/reach, or "" for the object as a whole. */
  path: string;
  expected: unknown;
  actual: unknown;
  code: FailureCode;
  /** Values for a message: the pod that is missing, a diagnostic's line, ... */
  params?: Record<string, string | number>;
}

export interface AssertionResult {
  id: string;
  kind: AssertionKind | 'unknown';
  passed: boolean;
  describe: Localized;
  failures: AssertionFailure[];
  /**
   * What the engine saw, for the UI to show: the CanIResult (with its reason), the ReachResult,
   * the resolved securityContext (with the level that set each field), the diagnostics, or the
   * objects of the same kind when an object is missing.
   */
  detail?:
    | {canI: CanIResult}
    | {reach: ReachResult}
    | {securityContext: ResolvedSecurityContext}
    | {diagnostics: readonly Diagnostic<string>[]}
    | {object: Record<string, unknown>}
    | {candidates: ObjectRef[]};
}

export interface AssertionOptions extends CanIOptions, ReachOptions {
  /** Namespace of objects and assertions that do not name one. Default "default". */
  defaultNamespace?: string;
  /**
   * For `valid: true`: the diagnostics of the text being judged (validateManifests(text) in the
   * browser, the server's answers in CI), or a function that produces them on demand. Without
   * either, a `valid` assertion fails with NO_VALIDATOR rather than passing unseen.
   */
  diagnostics?: readonly Diagnostic<string>[];
  validate?: () => readonly Diagnostic[];
}

function kindOf(a: Assertion): AssertionKind | 'unknown' {
  for (const k of ['object', 'absent', 'canI', 'reach', 'securityContext', 'valid'] as const) if (k in a) return k;
  return 'unknown';
}

function evaluateOne(objects: readonly unknown[], a: Assertion, options: AssertionOptions): Omit<AssertionResult, 'id' | 'describe' | 'kind'> {
  const ns = options.defaultNamespace ?? 'default';
  if ('object' in a) {
    const want: ObjectRef = {...a.object};
    const found = findObject(objects, want, ns);
    if (!found) {
      return {
        passed: false,
        failures: [{path: '', expected: describeRef(scopedRef(want, ns)), actual: null, code: 'OBJECT_NOT_FOUND'}],
        detail: {candidates: similarObjects(objects, want, ns)},
      };
    }
    const failures = matchPartial(found, a.matches);
    return {passed: failures.length === 0, failures, detail: {object: found}};
  }
  if ('absent' in a) {
    const found = findObject(objects, a.absent, ns);
    return found
      ? {passed: false, failures: [{path: '', expected: null, actual: describeRef(scopedRef(a.absent, ns)), code: 'OBJECT_PRESENT'}]}
      : {passed: true, failures: []};
  }
  if ('canI' in a) {
    const result = canI(objects, a.canI, options);
    const passed = result.allowed === a.expect;
    return {passed, failures: passed ? [] : [{path: 'allowed', expected: a.expect, actual: result.allowed, code: 'CAN_I_DIFFERS'}], detail: {canI: result}};
  }
  if ('reach' in a) {
    try {
      const result = reachable(objects, a.reach, options);
      const passed = result.allowed === a.expect;
      return {passed, failures: passed ? [] : [{path: 'allowed', expected: a.expect, actual: result.allowed, code: 'REACH_DIFFERS'}], detail: {reach: result}};
    } catch (e) {
      if (e instanceof TrafficQueryError)
        return {
          passed: false,
          failures: [
            {path: displayText(e.params.role ?? ''), expected: a.reach[e.params.role === 'to' ? 'to' : 'from'], actual: null, code: e.code, params: e.params},
          ],
        };
      throw e;
    }
  }
  if ('securityContext' in a) {
    const {pod, container, namespace} = a.securityContext;
    const found = findObject(objects, {kind: 'Pod', name: pod, namespace}, ns);
    if (!found) {
      return {
        passed: false,
        failures: [{path: '', expected: describeRef(scopedRef({kind: 'Pod', name: pod, namespace}, ns)), actual: null, code: 'OBJECT_NOT_FOUND'}],
        detail: {candidates: similarObjects(objects, {kind: 'Pod', name: pod}, ns)},
      };
    }
    try {
      const resolved = resolveSecurityContext(found, container);
      // A list is alternatives: any one matching passes (e.g. root as `runAsUser: 0` or as the
      // image's own user, `runAsUser` unset); otherwise the closest one's mismatches are shown.
      const alternatives = Array.isArray(a.expect) ? a.expect : [a.expect];
      const tried = alternatives.map((e) => matchPartial(resolved.effective, e));
      const failures = tried.some((f) => f.length === 0) ? [] : tried.reduce((best, f) => (f.length < best.length ? f : best));
      return {passed: failures.length === 0, failures, detail: {securityContext: resolved}};
    } catch (e) {
      if (e instanceof SecurityContextError) return {passed: false, failures: [{path: '', expected: container, actual: null, code: e.code, params: e.params}]};
      throw e;
    }
  }
  if ('valid' in a) {
    const diagnostics = options.diagnostics ?? options.validate?.();
    if (!diagnostics) return {passed: false, failures: [{path: '', expected: 'diagnostics of the text', actual: null, code: 'NO_VALIDATOR'}]};
    const errors = diagnostics.filter((d) => d.severity === 'error');
    return {
      passed: errors.length === 0,
      failures: errors.map((d) => ({
        path: d.path ?? '',
        expected: 'accepted by the API server',
        actual: d.code,
        code: 'VALIDATION_ERROR' as const,
        params: {
          ...(d.params ?? {}),
          diagnostic: d.code,
          ...(d.line !== undefined ? {line: d.line} : {}),
          ...(d.column !== undefined ? {column: d.column} : {}),
        },
      })),
      detail: {diagnostics},
    };
  }
  return {
    passed: false,
    failures: [
      {
        path: '',
        expected: 'one of object, absent, canI, reach, securityContext, valid',
        actual: Object.keys(a as object).join(', '),
        code: 'UNKNOWN_ASSERTION',
      },
    ],
  };
}

/**
 * Judges each assertion against `objects` (see the file comment). One result per assertion, in
 * order; never throws.
 *
 * @example evaluateAssertions([...given, ...readerObjects], exercise.assertions, {diagnostics: validateManifests(text)})
 */
export function evaluateAssertions(objects: readonly unknown[], assertions: readonly Assertion[], options: AssertionOptions = {}): AssertionResult[] {
  return assertions.map((a) => {
    const base = {id: a.id, describe: a.describe, kind: kindOf(a)};
    try {
      return {...base, ...evaluateOne(objects, a, options)};
    } catch (e) {
      return {
        ...base,
        passed: false,
        failures: [{path: '', expected: null, actual: e instanceof Error ? e.message : displayText(e), code: 'EVALUATION_ERROR' as const}],
      };
    }
  });
}
