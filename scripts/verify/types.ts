/**
 * The data a verify run produces: one result per example and per step, with the reason of every
 * skip and a diff for every failed assertion. report.ts turns it into the summary table, JUnit
 * XML and JSON.
 */
import type {Diagnostic, DiagnosticCode, StepKind, Tier} from '../../src/core';

/**
 * Verdicts only the cluster gives, added to the core's codes where the verifier reports an
 * answer the way the browser checker would: SERVER_REJECTED, the API server refused an object
 * (params: object, message).
 */
export type VerifierDiagnosticCode = 'SERVER_REJECTED';
export type VerifierDiagnostic = Diagnostic<DiagnosticCode | VerifierDiagnosticCode>;

export type Status = 'passed' | 'failed' | 'skipped';

/** One difference between what a step expected and what the cluster holds. */
export interface Diff {
  path: string;
  expected: unknown;
  actual: unknown;
  code?: string;
}

export interface AssertionOutcome {
  /** "solution" or "wrong" */
  answer: string;
  id: string;
  passed: boolean;
  diffs: Diff[];
  /** For canI assertions: the checker's verdict and the API server's. */
  checker?: boolean;
  server?: boolean;
}

export interface StepResult {
  /** 1-based position in steps.yaml. */
  index: number;
  name?: string;
  kind: StepKind;
  /** What the step does, in one line: "apply role.yaml", "canI dev-user list pods -n default". */
  label: string;
  tier: Tier;
  status: Status;
  /** Why it was skipped, or what went wrong, in one line. */
  reason?: string;
  /** More lines: server messages, command output. */
  details?: string;
  diffs?: Diff[];
  assertions?: AssertionOutcome[];
  /** Parts of a step that did not run, with the reason (listed with the skipped steps). */
  skippedParts?: string[];
  durationMs: number;
}

export interface ExampleResult {
  id: string;
  title: string;
  status: Status;
  durationMs: number;
  steps: StepResult[];
  /** A problem with the example itself (steps.yaml unreadable, setup failed). */
  error?: string;
  /** Ran alone because it creates cluster-scoped objects (see runner.ts). */
  exclusive: boolean;
  /** The namespace sets it used: original -> mapped, per set. */
  namespaces: Record<string, string>[];
}

export interface CheckResult {
  /** "discovery", "leftovers" */
  suite: string;
  name: string;
  status: Status;
  reason?: string;
  details?: string;
}

export interface RunResult {
  runId: string;
  cluster: string;
  tier: string;
  examples: ExampleResult[];
  checks: CheckResult[];
  interrupted: boolean;
  /** Start-up of the cluster backend, included in durationMs. */
  startupMs: number;
  durationMs: number;
  /** Images the pages name that this run's cluster served from local builds instead. */
  images?: {ref: string; builtFrom: string; registry: string}[];
}
