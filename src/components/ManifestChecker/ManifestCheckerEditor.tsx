/**
 * The interactive part of <ManifestChecker>, loaded lazily in the browser: the editor, the
 * checklist that turns green check by check, "expected vs found" for each failing check, a
 * verdict for screen readers (aria-live) and Reset. Each change is judged (after a short pause)
 * by ../shared/check-exercise.ts in the engine's Web Worker (../shared/engine-client.ts); a job
 * that takes longer than the time limit gets a verdict that says so. The panel carries the time of
 * the last judgement in the worker (data-eval-ms), from the request to the verdict on screen
 * (data-verdict-ms) and from the last keystroke to the verdict on screen, debounce included
 * (data-latency-ms); data-outcome says whether the last judgement finished (done), took too long
 * (timeout) or failed (error).
 */
import React, {useEffect, useId, useLayoutEffect, useRef, useState} from 'react';
import Translate, {translate} from '@docusaurus/Translate';
import {stepCommand} from '../../core';
import type {Assertion, AssertionFailure, AssertionResult, Diagnostic} from '../../core';
import type {EmbeddedExample} from '../shared/embedded-data';
import type {CheckResult} from '../shared/check-exercise';
import {runEngine, type EngineOutcome} from '../shared/engine-client';
import {DiagnosticList, EditorWithHint, useDebouncedValue, type EditorHandle} from '../shared/editor-parts';
import {accessReason, directionReason, failureMessage, formatValue, trafficReason} from '../shared/messages';
import {diagnosticMessage} from '../shared/diagnostic-messages';
import {useLocaleText} from '../shared/locale';
import SecurityContextTable from '../SecurityContextExplorer/SecurityContextTable';
import styles from '../shared/checker.module.css';
import {registerStrings} from '../shared/lazy-strings';
import strings from '@generated/codeTranslations.json?lazy-strings=manifest';

// The strings of this part, kept out of the main chunk (src/plugins/lazy-strings-loader.cjs).
registerStrings(strings);

// Short: judging a 300-line manifest takes a few milliseconds, so only a burst of keys is coalesced.
const DEBOUNCE_MS = 25;

/** What an assertion asks, as a command or a short line, shown under its description. */
function questionOf(a: Assertion): string | undefined {
  if ('canI' in a) return stepCommand({canI: a.canI, expect: a.expect});
  if ('reach' in a) {
    const end = (e: string | {ip: string}) => (typeof e === 'string' ? e : e.ip);
    return `${end(a.reach.from)} → ${end(a.reach.to)} : ${a.reach.port}/${a.reach.protocol ?? 'TCP'}`;
  }
  if ('securityContext' in a) return `${a.securityContext.namespace ?? 'default'}/${a.securityContext.pod} [${a.securityContext.container}]`;
  if ('object' in a) return `${a.object.kind} ${a.object.namespace ? `${a.object.namespace}/` : ''}${a.object.name}`;
  if ('absent' in a) return `${a.absent.kind} ${a.absent.namespace ? `${a.absent.namespace}/` : ''}${a.absent.name}`;
  return undefined;
}

function formatOutcome(failure: AssertionFailure, value: unknown): string {
  if (failure.code === 'CAN_I_DIFFERS' && typeof value === 'boolean') {
    return value ? translate({id: 'checker.outcome.allowed', message: '허용(yes)'}) : translate({id: 'checker.outcome.denied', message: '거부(no)'});
  }
  if (failure.code === 'REACH_DIFFERS' && typeof value === 'boolean') {
    return value ? translate({id: 'checker.outcome.reachable', message: '연결됨'}) : translate({id: 'checker.outcome.blocked', message: '막힘'});
  }
  return formatValue(value);
}

/** Codes for which a path, an expected and a found value say something. */
const SHOWS_DIFF = new Set([
  'VALUE_DIFFERS',
  'MISSING',
  'TYPE_DIFFERS',
  'ITEM_MISSING',
  'NAMED_ITEM_MISSING',
  'NOT_EMPTY',
  'UNEXPECTED_PRESENT',
  'CAN_I_DIFFERS',
  'REACH_DIFFERS',
]);

function FailureView({failure, result, assertion}: {failure: AssertionFailure; result: AssertionResult; assertion: Assertion}): React.JSX.Element {
  const detail = result.detail;
  let extra: React.ReactNode = null;
  if (failure.code === 'VALIDATION_ERROR') {
    const {diagnostic, line, column, ...params} = failure.params ?? {};
    const d: Diagnostic<string> = {
      code: String(diagnostic),
      severity: 'error',
      ...(failure.path ? {path: failure.path} : {}),
      ...(line !== undefined ? {line: Number(line)} : {}),
      ...(column !== undefined ? {column: Number(column)} : {}),
      params,
    };
    extra = <div>{diagnosticMessage(d)}</div>;
  } else if (detail && 'canI' in detail && 'canI' in assertion) {
    extra = <div data-testid="reason">{accessReason(detail.canI, assertion.canI)}</div>;
  } else if (detail && 'reach' in detail) {
    const r = detail.reach;
    extra = (
      <div data-testid="reason">
        {trafficReason(r)}
        <ul>
          <li>{directionReason('egress', r.egress, String(r.params.from))}</li>
          <li>{directionReason('ingress', r.ingress, String(r.params.to))}</li>
        </ul>
      </div>
    );
  } else if (detail && 'candidates' in detail && detail.candidates.length > 0) {
    extra = (
      <div>
        {translate(
          {id: 'checker.failure.candidates', message: '같은 종류로 찾은 오브젝트: {objects}'},
          {objects: detail.candidates.map((c) => `${c.kind} ${c.namespace ? `${c.namespace}/` : ''}${c.name}`).join(', ')},
        )}
      </div>
    );
  } else if (detail && 'securityContext' in detail && failure.path) {
    const field = failure.path.split(/[.[]/)[0] as keyof typeof detail.securityContext.sources;
    const level = detail.securityContext.sources[field];
    if (level) {
      extra = (
        <div>
          {level === 'default'
            ? translate({id: 'checker.failure.setBy.default', message: '파드와 컨테이너 어느 수준에서도 이 필드를 정하지 않았다'})
            : level === 'pod'
              ? translate({id: 'checker.failure.setBy.pod', message: '지금 값은 파드 수준(spec.securityContext)에서 왔다'})
              : translate({id: 'checker.failure.setBy.container', message: '지금 값은 컨테이너 수준(securityContext)에서 왔다'})}
        </div>
      );
    }
  }
  return (
    <li data-code={failure.code}>
      <strong>{failureMessage(failure)}</strong>
      {SHOWS_DIFF.has(failure.code) ? (
        <dl className={styles.diff}>
          {failure.path && failure.path !== 'allowed' ? (
            <>
              <dt>
                <Translate id="checker.diff.path">경로</Translate>
              </dt>
              <dd>
                <code>{failure.path}</code>
              </dd>
            </>
          ) : null}
          <dt>
            <Translate id="checker.diff.expected">기대</Translate>
          </dt>
          <dd>
            <code data-testid="expected">{formatOutcome(failure, failure.expected)}</code>
          </dd>
          <dt>
            <Translate id="checker.diff.actual">실제</Translate>
          </dt>
          <dd>
            <code data-testid="actual">{formatOutcome(failure, failure.actual)}</code>
          </dd>
        </dl>
      ) : null}
      {extra}
    </li>
  );
}

/** What the reader sees before the first verdict, and while the engine is not done. */
const NO_DIAGNOSTICS: Diagnostic[] = [];

interface Judged {
  /** The text this outcome is about. */
  text: string;
  outcome: Exclude<EngineOutcome<CheckResult>, {status: 'superseded'}>;
  /** When the request was sent (performance.now()). */
  started: number;
}

function verdictText(check: CheckResult): string {
  const total = check.results.length;
  const passed = check.results.filter((r) => r.passed).length;
  const errors = check.diagnostics.filter((d) => d.severity === 'error').length;
  if (passed === total) return translate({id: 'checker.verdict.pass', message: '통과: 채점 항목 {total}개를 모두 만족한다.'}, {total});
  const base = translate({id: 'checker.verdict.partial', message: '아직: 채점 항목 {total}개 중 {passed}개를 만족한다.'}, {total, passed});
  return errors > 0 ? `${base} ${translate({id: 'checker.verdict.errors', message: '매니페스트 오류 {errors}개.'}, {errors})}` : base;
}

export default function ManifestCheckerEditor({example}: {example: EmbeddedExample}): React.JSX.Element {
  const exercise = example.exercise!;
  const text = useLocaleText();
  const startText = exercise.start ? (example.files[exercise.start] ?? '') : '';
  const [value, setValue] = useState(startText);
  const settled = useDebouncedValue(value, DEBOUNCE_MS);
  const givenText = exercise.given ? (example.files[exercise.given] ?? '') : undefined;
  const channel = useId();
  const editor = useRef<EditorHandle>({}).current;
  const panelRef = useRef<HTMLDivElement>(null);
  const lastChange = useRef<number | undefined>(undefined);
  const [judged, setJudged] = useState<Judged | undefined>(undefined);

  // Each settled text goes to the engine; only the newest answer is kept.
  useEffect(() => {
    let current = true;
    const started = performance.now();
    const job = {op: 'check' as const, text: settled, assertions: exercise.assertions, ...(givenText !== undefined ? {given: givenText} : {})};
    void runEngine(channel, job).then((outcome) => {
      if (current && outcome.status !== 'superseded') setJudged({text: settled, outcome, started});
    });
    return () => {
      current = false;
    };
  }, [settled, exercise, givenText, channel]);

  const outcome = judged?.outcome;
  const check = outcome?.status === 'done' ? outcome.value : undefined;

  // The verdict is on screen: record the evaluation, evaluation + rendering, and the time since
  // the last keystroke (the debounce included).
  useLayoutEffect(() => {
    const panel = panelRef.current;
    if (!panel || !judged) return;
    const now = performance.now();
    if (judged.outcome.status === 'done') panel.dataset.evalMs = judged.outcome.ms.toFixed(2);
    panel.dataset.verdictMs = (now - judged.started).toFixed(2);
    if (lastChange.current !== undefined) panel.dataset.latencyMs = (now - lastChange.current).toFixed(2);
  }, [judged]);

  useEffect(() => {
    panelRef.current?.setAttribute('data-ready', 'true');
  }, []);

  const onChange = (next: string) => {
    lastChange.current = performance.now();
    setValue(next);
  };

  const passed = check ? check.results.every((r) => r.passed) : false;
  const hasSecurityContext = exercise.assertions.some((a) => 'securityContext' in a);
  const results = check?.results;
  const diagnostics = check?.diagnostics ?? NO_DIAGNOSTICS;
  const verdict =
    outcome === undefined
      ? translate({id: 'checker.verdict.judging', message: '채점하는 중…'})
      : outcome.status === 'done'
        ? verdictText(outcome.value)
        : outcome.status === 'timeout'
          ? translate(
              {
                id: 'checker.verdict.timeout',
                message: '채점이 {seconds}초 안에 끝나지 않아 멈췄다. 답안을 줄이거나 나눠서 다시 고쳐 보면 다시 채점한다.',
              },
              {seconds: outcome.limitMs / 1000},
            )
          : translate({id: 'checker.verdict.engineError', message: '채점기가 이 답안을 채점하지 못했다: {message}'}, {message: outcome.message});

  return (
    <div
      ref={panelRef}
      data-testid="checker"
      data-passed={passed ? 'true' : 'false'}
      data-pending={judged?.text === value ? 'false' : 'true'}
      data-judged-chars={judged?.text.length}
      data-outcome={outcome?.status ?? 'pending'}
      data-debounce-ms={DEBOUNCE_MS}>
      <EditorWithHint
        value={value}
        onChange={onChange}
        diagnostics={diagnostics}
        label={translate({id: 'checker.editor.label', message: '답안 매니페스트(YAML) 편집기'})}
        handle={editor}
      />
      <div className={styles.toolbar}>
        <button type="button" className="button button--secondary button--sm" onClick={() => onChange(startText)}>
          <Translate id="checker.reset">처음으로 되돌리기</Translate>
        </button>
        {check && check.replaced.length > 0 ? (
          <span className={styles.hint}>
            {translate({id: 'checker.replaced', message: '답안이 클러스터의 {objects}을(를) 대신한다'}, {objects: check.replaced.join(', ')})}
          </span>
        ) : null}
      </div>
      <DiagnosticList diagnostics={diagnostics} handle={editor} />
      <p
        role="status"
        aria-live="polite"
        className={`${styles.verdict} ${passed ? styles.verdictPass : styles.verdictFail}`}
        data-testid={outcome ? 'verdict' : undefined}>
        {verdict}
      </p>
      <ul className={styles.checklist} aria-label={translate({id: 'checker.checks.label', message: '채점 항목'})}>
        {results === undefined
          ? exercise.assertions.map((a) => (
              <li key={a.id} className={styles.pending} data-assertion={a.id}>
                {text(a.describe)}
              </li>
            ))
          : results.map((r, i) => {
              const assertion = exercise.assertions[i];
              const question = questionOf(assertion);
              return (
                <li key={r.id} className={r.passed ? styles.pass : styles.fail} data-assertion={r.id} data-passed={r.passed ? 'true' : 'false'}>
                  <span className={styles.visuallyHidden}>
                    {r.passed ? translate({id: 'checker.check.passed', message: '만족:'}) : translate({id: 'checker.check.failed', message: '불만족:'})}{' '}
                  </span>
                  {text(r.describe)}
                  {question ? (
                    <>
                      {' '}
                      <code className={styles.hint}>{question}</code>
                    </>
                  ) : null}
                  {!r.passed && r.failures.length > 0 ? (
                    <ul className={styles.failures}>
                      {r.failures.map((f, j) => (
                        <FailureView key={j} failure={f} result={r} assertion={assertion} />
                      ))}
                    </ul>
                  ) : null}
                </li>
              );
            })}
      </ul>
      {hasSecurityContext && check ? <SecurityContextTable objects={check.objects} /> : null}
    </div>
  );
}
