/**
 * <KubectlLab exercise="rbac-dev-user-pods" /> (or example="..."): a kubectl terminal in the page,
 * over an in-memory cluster that answers as the API server would (the core's createLab). It
 * starts from the exercise's given objects (and the objects its starting manifest describes);
 * "Check" judges the exercise's assertions on the lab's objects, the same assertions the checker
 * and the verifier run.
 *
 * What a page with a lab loads is this light wrapper: a title, a line of text and an "Open the
 * terminal" button. The terminal, the engine and the lab's strings are their own chunk
 * (./KubectlLabTerminal.tsx), fetched when the reader opens the lab or presses "Run in the lab"
 * under a command of the page (RunInLabButton below). The build (src/plugins/remark-embed-examples.ts)
 * fills the `data` attribute and puts a RunInLabButton after each step fence of a page with a lab.
 * Pages import both (not MDXComponents), so only pages with a lab carry this code.
 */
import React, {lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState} from 'react';
import Translate, {translate} from '@docusaurus/Translate';
import CheckerErrorBoundary from '../shared/CheckerErrorBoundary';
import {readEmbeddedData} from '../shared/embedded-data';
import styles from '../shared/checker.module.css';
import labStyles from './lab.module.css';

const KubectlLabTerminal = lazy(() => import(/* webpackChunkName: "kubectl-lab" */ './KubectlLabTerminal'));

/** The event a "Run in the lab" button sends; the lab named in `detail.lab` opens and runs `detail.command`. */
export const RUN_EVENT = 'ksn:kubectl-lab-run';
export interface RunDetail {
  lab: string;
  command: string;
}

export interface KubectlLabProps {
  /** The folder under examples/ that holds exercise.yaml: the lab starts from its objects and "Check" judges its assertions. */
  exercise?: string;
  /** Or an example folder: the lab starts from a fresh cluster and can apply the folder's files. */
  example?: string;
  /** Injected by the build; never written in a page. */
  data?: string;
}

/** The DOM id of a lab's section, so a button elsewhere on the page can bring it into view. */
export const labElementId = (id: string) => `kubectl-lab-${id}`;

export default function KubectlLab({exercise, example, data}: KubectlLabProps): React.JSX.Element {
  const id = exercise ?? example ?? '';
  const embedded = useMemo(() => readEmbeddedData(data, 'KubectlLab'), [data]);
  const [open, setOpen] = useState(false);
  // Commands sent by "Run in the lab" buttons that the terminal has not taken yet.
  const [queue, setQueue] = useState<string[]>([]);
  const section = useRef<HTMLElement>(null);

  useEffect(() => {
    const onRun = (event: Event) => {
      const detail = (event as CustomEvent<RunDetail>).detail;
      if (!detail || detail.lab !== id || typeof detail.command !== 'string') return;
      setOpen(true);
      setQueue((q) => [...q, detail.command]);
      section.current?.scrollIntoView({block: 'nearest'});
    };
    window.addEventListener(RUN_EVENT, onRun);
    return () => window.removeEventListener(RUN_EVENT, onRun);
  }, [id]);

  const take = useCallback((count: number) => setQueue((q) => q.slice(count)), []);
  const closed = (
    <p className={styles.hint}>
      <Translate id="kubectlLab.closed">클러스터 없이 kubectl 명령을 연습하는 터미널이다. 출력은 실제 kubectl과 같은 영어로 나온다.</Translate>
    </p>
  );

  return (
    <section ref={section} id={labElementId(id)} className={`ksn-interactive ${styles.panel}`} data-kubectl-lab={id} data-open={open}>
      <div className={styles.title}>
        <Translate id="kubectlLab.title">kubectl 실습 터미널</Translate>
      </div>
      {!open ? (
        <>
          {closed}
          <button type="button" className="button button--sm button--primary" data-testid="lab-open" onClick={() => setOpen(true)}>
            <Translate id="kubectlLab.open">터미널 열기</Translate>
          </button>
        </>
      ) : (
        <CheckerErrorBoundary fallback={closed}>
          <Suspense
            fallback={
              <p className={styles.hint} role="status">
                <Translate id="kubectlLab.loading">터미널을 불러오는 중이다…</Translate>
              </p>
            }>
            <KubectlLabTerminal example={embedded} queue={queue} onTaken={take} />
          </Suspense>
        </CheckerErrorBoundary>
      )}
    </section>
  );
}

/**
 * "Run in the lab" under a command block of a page that has a lab: opens that lab and runs the
 * command. Rendered only in the browser after hydration (without JavaScript there is no lab).
 */
export function RunInLabButton({lab, command}: {lab: string; command: string}): React.JSX.Element | null {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  if (!mounted) return null;
  const label = translate({id: 'kubectlLab.runInLab', message: '실습 터미널에서 실행'});
  return (
    <button
      type="button"
      className={`button button--sm button--secondary ${labStyles.runButton}`}
      data-testid="run-in-lab"
      data-lab={lab}
      data-command={command}
      onClick={() => window.dispatchEvent(new CustomEvent<RunDetail>(RUN_EVENT, {detail: {lab, command}}))}>
      {label}
    </button>
  );
}
