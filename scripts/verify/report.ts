/**
 * What a verify run prints and writes: a live progress line (TTY) or plain lines (CI), the
 * summary table, a diff for every failed assertion, the list of skipped steps with their
 * reasons, JUnit XML and JSON. Pure functions of a RunResult, except Progress (it writes).
 *
 * Counting: every step is a test case, and so is each check (discovery problems, leftovers) and
 * each example-level error (unreadable steps.yaml, failed setup or cleanup). JSON's passed /
 * failed / skipped and JUnit's tests / failures / skipped count the same test cases.
 */
import type {CheckResult, Diff, ExampleResult, RunResult, Status, StepResult} from './types';
import {formatValue as formatFlow} from '../../src/core';

// ---------------------------------------------------------------------------------------------
// Counting

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

function exampleErrorCase(e: ExampleResult): boolean {
  return !!e.error && e.error !== 'interrupted';
}

export function countCases(result: RunResult): Counts {
  const c: Counts = {passed: 0, failed: 0, skipped: 0};
  for (const e of result.examples) {
    for (const s of e.steps) c[s.status]++;
    if (exampleErrorCase(e)) c.failed++;
  }
  for (const k of result.checks) c[k.status]++;
  return c;
}

export function countExamples(result: RunResult): Counts {
  const c: Counts = {passed: 0, failed: 0, skipped: 0};
  for (const e of result.examples) c[e.status]++;
  return c;
}

export function countStepsByTier(result: RunResult): Record<'api' | 'runtime', {run: number; passed: number; failed: number; skipped: number}> {
  const out = {api: {run: 0, passed: 0, failed: 0, skipped: 0}, runtime: {run: 0, passed: 0, failed: 0, skipped: 0}};
  for (const e of result.examples) {
    for (const s of e.steps) {
      out[s.tier][s.status]++;
      if (s.status !== 'skipped') out[s.tier].run++;
    }
  }
  return out;
}

/** Examples that ran at least one step of the tier. */
export function examplesRunByTier(result: RunResult): Record<'api' | 'runtime', number> {
  const out = {api: 0, runtime: 0};
  for (const tier of ['api', 'runtime'] as const)
    out[tier] = result.examples.filter((e) => e.steps.some((s) => s.tier === tier && s.status !== 'skipped')).length;
  return out;
}

export function failed(result: RunResult): boolean {
  return result.interrupted || countCases(result).failed > 0;
}

// ---------------------------------------------------------------------------------------------
// Text

/** A value in a diff: YAML flow style (src/core formatValue), one line, at most `max` characters. */
export function formatValue(v: unknown, max = 60): string {
  return formatFlow(v, {max});
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function table(rows: string[][], indent = ''): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map(
      (r) =>
        indent +
        r
          .map((c, i) => (i === r.length - 1 ? c : pad(c, widths[i])))
          .join('  ')
          .trimEnd(),
    )
    .join('\n');
}

/** path | expected | actual, one row per difference. */
export function renderDiff(diffs: Diff[], indent = '      '): string {
  if (!diffs.length) return '';
  return table([['path', 'expected', 'actual'], ...diffs.map((d) => [d.path || '(object)', formatValue(d.expected), formatValue(d.actual)])], indent);
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

const RESULT_WORD: Record<Status, string> = {passed: 'PASS', failed: 'FAIL', skipped: 'SKIP'};

function stepsCell(e: ExampleResult): string {
  const run = e.steps.filter((s) => s.status !== 'skipped').length;
  const skipped = e.steps.length - run;
  return `${run} run${skipped ? `, ${skipped} skipped` : ''}`;
}

function stepLine(s: StepResult): string {
  return `step ${s.index}${s.name ? ` (${s.name})` : ''}: ${s.label}`;
}

/** The first `lines` lines, and how many more the JSON and JUnit reports hold. */
function clip(text: string, lines: number): string {
  const all = text.trimEnd().split('\n');
  return all.length <= lines ? all.join('\n') : [...all.slice(0, lines), `... ${all.length - lines} more line(s) in the JSON and JUnit reports`].join('\n');
}

function indentLines(text: string, indent: string): string {
  return text
    .split('\n')
    .map((l) => indent + l)
    .join('\n');
}

function compressIndexes(indexes: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < indexes.length; i++) {
    let j = i;
    while (j + 1 < indexes.length && indexes[j + 1] === indexes[j] + 1) j++;
    parts.push(i === j ? String(indexes[i]) : `${indexes[i]}-${indexes[j]}`);
    i = j;
  }
  return parts.join(', ');
}

export function renderSummary(result: RunResult): string {
  const out: string[] = [];
  const rows = [
    ['Example', 'Steps', 'Result', 'Time'],
    ...result.examples.map((e) => [e.id + (e.exclusive ? ' *' : ''), stepsCell(e), RESULT_WORD[e.status], seconds(e.durationMs)]),
  ];
  out.push(table(rows));
  if (result.examples.some((e) => e.exclusive)) out.push('* ran alone: it creates cluster-scoped objects');

  const failures = result.examples.filter((e) => e.status === 'failed');
  if (failures.length) {
    out.push('', 'Failures');
    for (const e of failures) {
      out.push(`  ${e.id}: ${e.title}`);
      if (exampleErrorCase(e)) out.push(indentLines(e.error!, '    '));
      for (const s of e.steps.filter((x) => x.status === 'failed')) {
        out.push(`    ${stepLine(s)}`, `      ${s.reason ?? 'failed'}`);
        if (s.details) out.push(indentLines(clip(s.details, 15), '      | '));
        if (s.diffs?.length) out.push(renderDiff(s.diffs));
      }
    }
  }

  const skippedAny = result.examples.filter((e) => e.steps.some((s) => s.status === 'skipped' || s.skippedParts?.length));
  if (skippedAny.length) {
    out.push('', 'Skipped steps');
    for (const e of skippedAny) {
      const byReason = new Map<string, number[]>();
      for (const s of e.steps.filter((x) => x.status === 'skipped'))
        byReason.set(s.reason ?? '(no reason given)', [...(byReason.get(s.reason ?? '(no reason given)') ?? []), s.index]);
      for (const [reason, indexes] of byReason) out.push(`  ${e.id}: step${indexes.length > 1 ? 's' : ''} ${compressIndexes(indexes)}: ${reason}`);
      for (const s of e.steps) for (const part of s.skippedParts ?? []) out.push(`  ${e.id}: part of step ${s.index}: ${part}`);
    }
  }

  if (result.images?.length) {
    out.push('', 'Images built for this cluster in place of the ones the pages name');
    for (const i of result.images) out.push(`  ${i.ref}${i.registry === 'private' ? ' (registry requires a password)' : ''}: ${i.builtFrom}`);
  }

  if (result.checks.length) {
    out.push('', 'Checks');
    for (const k of result.checks) {
      out.push(`  ${RESULT_WORD[k.status]} ${k.suite}: ${k.name}${k.reason ? ` (${k.reason})` : ''}`);
      if (k.details && k.status !== 'passed') out.push(indentLines(k.details, '      '));
    }
  }

  const cases = countCases(result);
  const ex = countExamples(result);
  const tiers = countStepsByTier(result);
  const exTiers = examplesRunByTier(result);
  out.push(
    '',
    `examples: ${ex.passed} passed, ${ex.failed} failed, ${ex.skipped} skipped (of ${result.examples.length})`,
    `steps run: api ${tiers.api.run} in ${exTiers.api} example(s), runtime ${tiers.runtime.run} in ${exTiers.runtime} example(s); skipped: api ${tiers.api.skipped}, runtime ${tiers.runtime.skipped}`,
    `cluster ${result.cluster}, tier ${result.tier}, run ${result.runId}: ${seconds(result.durationMs)} (start-up ${seconds(result.startupMs)})${result.interrupted ? ', INTERRUPTED' : ''}`,
    `tests: ${cases.passed} passed, ${cases.failed} failed, ${cases.skipped} skipped`,
  );
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// JUnit XML (the schema Jenkins and GitHub test reporters read: testsuites > testsuite > testcase)

/** Control characters XML 1.0 does not allow (tab, newline and carriage return are allowed). */
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

export function xmlEscape(s: string): string {
  return s.replace(XML_FORBIDDEN, '').replace(/[<>&"']/g, (c) => ({'<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;'})[c]!);
}

function stepFailureText(s: StepResult): string {
  return [s.reason, s.details, s.diffs?.length ? renderDiff(s.diffs, '') : ''].filter(Boolean).join('\n');
}

function testcase(classname: string, name: string, status: Status, timeMs: number, message?: string, body?: string, notes?: string[]): string {
  const open = `    <testcase classname="${xmlEscape(classname)}" name="${xmlEscape(name)}" time="${(timeMs / 1000).toFixed(3)}"`;
  if (status === 'passed')
    return notes?.length ? `${open}>\n      <system-out>${xmlEscape(notes.map((n) => `skipped: ${n}`).join('\n'))}</system-out>\n    </testcase>` : `${open}/>`;
  if (status === 'skipped') return `${open}>\n      <skipped message="${xmlEscape(message ?? '')}"/>\n    </testcase>`;
  return `${open}>\n      <failure message="${xmlEscape(message ?? 'failed')}">${xmlEscape(body ?? message ?? '')}</failure>\n    </testcase>`;
}

function suite(name: string, cases: {xml: string; status: Status}[], timeMs: number): string {
  const failures = cases.filter((c) => c.status === 'failed').length;
  const skipped = cases.filter((c) => c.status === 'skipped').length;
  return `  <testsuite name="${xmlEscape(name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${(timeMs / 1000).toFixed(3)}">\n${cases.map((c) => c.xml).join('\n')}\n  </testsuite>`;
}

export function renderJUnit(result: RunResult): string {
  const suites: string[] = [];
  for (const e of result.examples) {
    const cases = e.steps.map((s) => ({
      status: s.status,
      xml: testcase(e.id, stepLine(s), s.status, s.durationMs, s.reason, s.status === 'failed' ? stepFailureText(s) : undefined, s.skippedParts),
    }));
    if (exampleErrorCase(e)) cases.unshift({status: 'failed', xml: testcase(e.id, 'example', 'failed', 0, e.error, e.error)});
    suites.push(suite(`example ${e.id}`, cases, e.durationMs));
  }
  const bySuite = new Map<string, CheckResult[]>();
  for (const k of result.checks) bySuite.set(k.suite, [...(bySuite.get(k.suite) ?? []), k]);
  for (const [name, checks] of bySuite) {
    suites.push(
      suite(
        name,
        checks.map((k) => ({status: k.status, xml: testcase(name, k.name, k.status, 0, k.reason, [k.reason, k.details].filter(Boolean).join('\n'))})),
        0,
      ),
    );
  }
  const c = countCases(result);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="verify-examples (${xmlEscape(result.cluster)}, tier ${xmlEscape(result.tier)})" tests="${c.passed + c.failed + c.skipped}" failures="${c.failed}" errors="0" skipped="${c.skipped}" time="${(result.durationMs / 1000).toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`;
}

// ---------------------------------------------------------------------------------------------
// JSON (scripts/run-tests.mjs reads passed, failed and skipped)

export function renderJson(result: RunResult): Record<string, unknown> {
  const c = countCases(result);
  return {
    passed: c.passed,
    failed: c.failed,
    skipped: c.skipped,
    durationSeconds: Number((result.durationMs / 1000).toFixed(3)),
    startupSeconds: Number((result.startupMs / 1000).toFixed(3)),
    runId: result.runId,
    cluster: result.cluster,
    tier: result.tier,
    interrupted: result.interrupted,
    images: result.images ?? [],
    totals: {examples: countExamples(result), steps: countStepsByTier(result), examplesRun: examplesRunByTier(result)},
    examples: result.examples.map((e) => ({
      id: e.id,
      title: e.title,
      status: e.status,
      durationSeconds: Number((e.durationMs / 1000).toFixed(3)),
      exclusive: e.exclusive,
      ...(e.error ? {error: e.error} : {}),
      namespaces: e.namespaces,
      steps: e.steps.map((s) => ({...s, durationMs: undefined, durationSeconds: Number((s.durationMs / 1000).toFixed(3))})),
    })),
    checks: result.checks,
  };
}

// ---------------------------------------------------------------------------------------------
// Progress

export interface ProgressSink {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/** On a TTY one line rewritten in place; otherwise a plain line per finished example. */
export class Progress {
  private done = 0;
  private readonly running = new Set<string>();
  private lineShown = false;

  constructor(
    private readonly total: number,
    private readonly sink: ProgressSink,
  ) {}

  private counter(): string {
    const w = String(this.total).length;
    return `[${String(this.done).padStart(w)}/${this.total}]`;
  }

  private redraw(): void {
    if (!this.sink.isTTY) return;
    const text = `${this.counter()} running: ${[...this.running].join(', ') || '-'}`;
    const max = Math.max(20, (this.sink.columns || 100) - 1);
    this.sink.write(`\r\x1b[K${text.length > max ? `${text.slice(0, max - 1)}…` : text}`);
    this.lineShown = true;
  }

  /** A log line that must not be overwritten by the progress line. */
  log(line: string): void {
    if (this.sink.isTTY && this.lineShown) this.sink.write('\r\x1b[K');
    this.sink.write(`${line}\n`);
    this.redraw();
  }

  start(id: string): void {
    this.running.add(id);
    if (!this.sink.isTTY) return;
    this.redraw();
  }

  finish(result: ExampleResult): void {
    this.running.delete(result.id);
    this.done++;
    const steps = result.steps.filter((s) => s.status !== 'skipped').length;
    const line = `${this.counter()} ${RESULT_WORD[result.status]} ${result.id} (${steps} step${steps === 1 ? '' : 's'}, ${seconds(result.durationMs)})`;
    if (this.sink.isTTY) {
      // Keep passes on the progress line only; failures stay on screen.
      if (result.status === 'failed') this.log(line);
      else this.redraw();
    } else {
      this.sink.write(`${line}\n`);
    }
  }

  end(): void {
    if (this.sink.isTTY && this.lineShown) this.sink.write('\r\x1b[K');
    this.lineShown = false;
  }
}
