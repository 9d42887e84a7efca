/**
 * The interactive part of <KubectlLab>, loaded when the reader opens the lab (its own chunk,
 * `kubectl-lab`): a terminal over the core's in-memory cluster (createLab), a YAML buffer that
 * `kubectl apply -f answer.yaml` reads, "Check" (the exercise's assertions on the lab's objects,
 * with the engine's evaluateAssertions) and "Reset".
 *
 * Keys in the command line, as in a shell: Enter runs, ArrowUp/ArrowDown walk the history, Tab
 * completes (commands, flags, kinds and the names of the lab's objects; on an empty line Tab
 * moves the focus on, so the keyboard never gets stuck), Ctrl-L clears the screen, Ctrl-C
 * cancels the line (with text selected it copies, as the browser does). A paste of several
 * lines runs them one after the other.
 *
 * What kubectl prints stays kubectl's own English; the chrome around it is translated. The
 * output is a log region (role="log": polite live region), so a screen reader hears each answer.
 */
import React, {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import Translate, {translate} from '@docusaurus/Translate';
import {evaluateAssertions, parseManifests} from '../../core';
import type {AssertionResult} from '../../core';
import type {EmbeddedExample} from '../shared/embedded-data';
import {failureMessage, formatValue} from '../shared/messages';
import {useLocaleText} from '../shared/locale';
import {registerStrings} from '../shared/lazy-strings';
import strings from '@generated/codeTranslations.json?lazy-strings=lab';
import {ANSWER_FILE, completeLine, newLab, type Lab} from './lab-engine';
import styles from '../shared/checker.module.css';
import labStyles from './lab.module.css';

// The strings of this part, kept out of the main chunk (src/plugins/lazy-strings-loader.cjs).
registerStrings(strings);

/** Lines kept on screen and characters kept per answer: a runaway output cannot freeze the page. */
const MAX_ENTRIES = 400;
const MAX_OUTPUT_CHARS = 200_000;
/** Commands kept in the history. */
const MAX_HISTORY = 200;

type EntryKind = 'command' | 'stdout' | 'stderr' | 'info';
interface Entry {
  key: number;
  kind: EntryKind;
  text: string;
}

export interface KubectlLabTerminalProps {
  example: EmbeddedExample;
  /** Commands sent by "Run in the lab" buttons, to run in order. */
  queue: readonly string[];
  /** Called with how many queued commands this terminal has run. */
  onTaken: (count: number) => void;
}

/** The objects the lab starts with: the exercise's given objects and the objects of its starting manifest. */
export function startingObjects(example: EmbeddedExample): Record<string, unknown>[] {
  const names = [example.exercise?.given, example.exercise?.start].filter((n): n is string => typeof n === 'string');
  return names.flatMap((name) => (example.files[name] !== undefined ? parseManifests(example.files[name]).objects.map((o) => o.object) : []));
}

function clip(text: string): string {
  return text.length > MAX_OUTPUT_CHARS ? `${text.slice(0, MAX_OUTPUT_CHARS)}\n…` : text;
}

export default function KubectlLabTerminal({example, queue, onTaken}: KubectlLabTerminalProps): React.JSX.Element {
  const text = useLocaleText();
  const exercise = example.exercise;
  const given = useMemo(() => startingObjects(example), [example]);
  const lab = useRef<Lab | null>(null);
  if (lab.current === null) lab.current = newLab(given);
  const [entries, setEntries] = useState<Entry[]>([]);
  const [line, setLine] = useState('');
  const [buffer, setBuffer] = useState(() => (exercise?.start ? (example.files[exercise.start] ?? '') : ''));
  const [results, setResults] = useState<AssertionResult[] | null>(null);
  const [checkedAt, setCheckedAt] = useState(0);
  const history = useRef<string[]>([]);
  const historyIndex = useRef(-1);
  const draft = useRef('');
  const nextKey = useRef(0);
  const escaped = useRef(false);
  const input = useRef<HTMLInputElement>(null);
  const output = useRef<HTMLPreElement>(null);

  const push = useCallback((items: Omit<Entry, 'key'>[]) => {
    setEntries((old) => [...old, ...items.map((e) => ({...e, key: nextKey.current++}))].slice(-MAX_ENTRIES));
  }, []);

  /** The files `-f` can name: the example's files and the buffer. */
  const files = useCallback((): Record<string, string> => ({...example.files, [ANSWER_FILE]: buffer}), [example.files, buffer]);

  const run = useCallback(
    (commands: readonly string[]) => {
      const items: Omit<Entry, 'key'>[] = [];
      let cleared = false;
      for (const raw of commands) {
        const command = raw.replace(/\s+$/, '');
        if (command.trim() === '') continue;
        history.current = [...history.current.filter((h) => h !== command), command].slice(-MAX_HISTORY);
        if (command.trim() === 'clear') {
          cleared = true;
          items.length = 0;
          continue;
        }
        items.push({kind: 'command', text: command});
        const answer = lab.current!.run(command, files());
        if (answer.stdout) items.push({kind: 'stdout', text: clip(answer.stdout.replace(/\n$/, ''))});
        if (answer.stderr) items.push({kind: 'stderr', text: clip(answer.stderr.replace(/\n$/, ''))});
      }
      historyIndex.current = -1;
      if (cleared) setEntries([]);
      if (items.length) push(items);
      setResults(null);
    },
    [files, push],
  );

  // Commands from "Run in the lab" buttons: run them once the terminal is there, then focus the line.
  useEffect(() => {
    if (queue.length === 0) return;
    run(queue);
    onTaken(queue.length);
    input.current?.focus({preventScroll: true});
  }, [queue, run, onTaken]);

  useEffect(() => {
    input.current?.focus({preventScroll: true});
  }, []);

  useEffect(() => {
    const el = output.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [entries]);

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    const el = event.currentTarget;
    const key = event.key;
    if (key === 'Escape') {
      escaped.current = true;
      return;
    }
    const wasEscaped = escaped.current;
    escaped.current = false;
    if (key === 'Enter') {
      event.preventDefault();
      run([line]);
      setLine('');
      return;
    }
    if (key === 'ArrowUp' || key === 'ArrowDown') {
      const list = history.current;
      if (list.length === 0) return;
      event.preventDefault();
      let index = historyIndex.current;
      if (index === -1) draft.current = line;
      if (key === 'ArrowUp') index = index === -1 ? list.length - 1 : Math.max(0, index - 1);
      else index = index === -1 ? -1 : index + 1 >= list.length ? -1 : index + 1;
      historyIndex.current = index;
      setLine(index === -1 ? draft.current : list[index]);
      return;
    }
    if (key === 'Tab' && !event.shiftKey && !wasEscaped && line.trim() !== '') {
      event.preventDefault();
      const cursor = el.selectionStart ?? line.length;
      const {line: completed, candidates} = completeLine(lab.current!, line.slice(0, cursor));
      const next = completed + line.slice(cursor);
      if (next !== line) {
        setLine(next);
        requestAnimationFrame(() => el.setSelectionRange(completed.length, completed.length));
      } else if (candidates.length > 1) {
        push([
          {kind: 'command', text: line},
          {kind: 'info', text: candidates.join('  ')},
        ]);
      }
      return;
    }
    if (event.ctrlKey && !event.altKey && !event.metaKey && (key === 'l' || key === 'L')) {
      event.preventDefault();
      setEntries([]);
      return;
    }
    if (event.ctrlKey && !event.altKey && !event.metaKey && (key === 'c' || key === 'C')) {
      // With a selection, Ctrl-C copies (the browser's own); without one it cancels the line.
      const selected = (el.selectionEnd ?? 0) > (el.selectionStart ?? 0) || (window.getSelection()?.toString() ?? '') !== '';
      if (selected) return;
      event.preventDefault();
      push([{kind: 'command', text: `${line}^C`}]);
      setLine('');
      historyIndex.current = -1;
    }
  };

  const onPaste = (event: React.ClipboardEvent<HTMLInputElement>) => {
    const pasted = event.clipboardData.getData('text');
    if (!/\r?\n/.test(pasted)) return;
    event.preventDefault();
    const el = event.currentTarget;
    const start = el.selectionStart ?? line.length;
    const lines = (line.slice(0, start) + pasted).split(/\r?\n/);
    const rest = lines.pop() ?? '';
    run(lines);
    setLine(rest + line.slice(el.selectionEnd ?? start));
  };

  const check = () => {
    if (!exercise) return;
    // The lab keeps only objects the API server accepted, so there is nothing left to reject.
    setResults(evaluateAssertions(lab.current!.objects() as Record<string, unknown>[], exercise.assertions, {diagnostics: []}));
    setCheckedAt((n) => n + 1);
  };

  const reset = () => {
    lab.current!.reset();
    setResults(null);
    setEntries([]);
    push([{kind: 'info', text: translate({id: 'kubectlLab.resetDone', message: '실습 클러스터를 처음 상태로 되돌렸다.'})}]);
    input.current?.focus();
  };

  const passed = results !== null && results.every((r) => r.passed);
  const inputId = `kubectl-lab-input-${example.id}`;
  const bufferId = `kubectl-lab-buffer-${example.id}`;
  const fileNames = Object.keys(example.files).filter((name) => name !== exercise?.solution);

  return (
    <div data-testid="lab" data-checks={checkedAt}>
      <p className={styles.hint}>
        <Translate id="kubectlLab.keys">
          Enter로 실행하고, 위아래 화살표로 이전 명령을 불러오고, Tab으로 완성한다. Ctrl-L은 화면을 지우고, Ctrl-C는 입력 줄을 취소한다. 빈 줄에서 Tab을
          누르거나 Esc 다음 Tab을 누르면 터미널을 벗어난다.
        </Translate>
      </p>
      <div className={labStyles.terminal}>
        <pre
          ref={output}
          className={labStyles.output}
          role="log"
          aria-live="polite"
          aria-label={translate({id: 'kubectlLab.output', message: '터미널 출력'})}
          data-testid="lab-output"
          // Focusable so a keyboard user can scroll it (axe scrollable-region-focusable).
          tabIndex={0}>
          {entries.map((e) =>
            e.kind === 'command' ? (
              <div key={e.key} data-kind="command">
                <span className={labStyles.prompt} aria-hidden="true">
                  ${' '}
                </span>
                {e.text}
              </div>
            ) : (
              <div key={e.key} data-kind={e.kind} className={e.kind === 'stderr' ? labStyles.stderr : e.kind === 'info' ? labStyles.info : undefined}>
                {e.text}
              </div>
            ),
          )}
        </pre>
        <div className={labStyles.promptLine}>
          <label htmlFor={inputId} className={labStyles.prompt}>
            <span aria-hidden="true">$</span>
            <span className={styles.visuallyHidden}>
              <Translate id="kubectlLab.inputLabel">kubectl 명령</Translate>
            </span>
          </label>
          <input
            ref={input}
            id={inputId}
            className={labStyles.input}
            data-testid="lab-input"
            type="text"
            value={line}
            onChange={(e) => setLine(e.target.value)}
            onKeyDown={onKeyDown}
            onPaste={onPaste}
            spellCheck={false}
            autoComplete="off"
            autoCapitalize="off"
            autoCorrect="off"
            enterKeyHint="go"
          />
        </div>
      </div>
      <div className={styles.toolbar}>
        {exercise ? (
          <button type="button" className="button button--sm button--primary" data-testid="lab-check" onClick={check}>
            <Translate id="kubectlLab.check">채점</Translate>
          </button>
        ) : null}
        <button type="button" className="button button--sm button--secondary" data-testid="lab-reset" onClick={reset}>
          <Translate id="kubectlLab.reset">처음 상태로</Translate>
        </button>
      </div>
      <details>
        <summary>
          <Translate id="kubectlLab.files">kubectl apply -f로 쓸 수 있는 파일</Translate>
        </summary>
        <p className={styles.hint}>
          <Translate id="kubectlLab.filesHint" values={{file: ANSWER_FILE}}>
            {'아래 편집 칸은 {file}이다. kubectl apply -f {file}로 클러스터에 보낸다.'}
          </Translate>{' '}
          {fileNames.length ? <code>{fileNames.join(' ')}</code> : null}
        </p>
        <label htmlFor={bufferId} className={styles.visuallyHidden}>
          {ANSWER_FILE}
        </label>
        <textarea
          id={bufferId}
          className={labStyles.buffer}
          data-testid="lab-buffer"
          value={buffer}
          onChange={(e) => setBuffer(e.target.value)}
          spellCheck={false}
        />
      </details>
      {results ? (
        <div data-testid="lab-result" data-passed={passed} data-checked={checkedAt}>
          <p role="status" className={`${styles.verdict} ${passed ? styles.verdictPass : styles.verdictFail}`} data-testid="lab-verdict">
            {passed
              ? translate({id: 'kubectlLab.verdict.pass', message: '통과: 실습 클러스터가 모든 항목을 만족한다'})
              : translate({id: 'kubectlLab.verdict.fail', message: '아직이다: {count}개 항목이 맞지 않는다'}, {count: results.filter((r) => !r.passed).length})}
          </p>
          <ul className={styles.checklist}>
            {results.map((r) => (
              <li key={r.id} className={r.passed ? styles.pass : styles.fail} data-assertion={r.id} data-passed={r.passed}>
                {text(r.describe)}
                {!r.passed && r.failures.length ? (
                  <ul className={styles.failures}>
                    {r.failures.slice(0, 3).map((f, i) => (
                      <li key={i} data-code={f.code}>
                        {failureMessage(f)}
                        {f.path ? (
                          <>
                            {' '}
                            <code>{f.path}</code>
                          </>
                        ) : null}
                        {f.code === 'VALUE_DIFFERS' ? (
                          <>
                            {' '}
                            ({formatValue(f.expected)} ≠ {formatValue(f.actual)})
                          </>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
