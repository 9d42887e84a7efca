/**
 * <ManifestChecker exercise="rbac-dev-user-pods" />: a practice question's checker.
 *
 * Without JavaScript, and while the editor loads, the reader sees ordinary content: the starting
 * manifest as a code block, the checks as a list and the reference answer in a collapsed block
 * (STYLE.md, point 4). In the browser the editor and the engine load lazily, as their own chunks,
 * on top of it (./ManifestCheckerEditor.tsx). The `data` attribute comes from the build
 * (src/plugins/remark-embed-examples.ts): pages write only the exercise id.
 */
import React, {lazy, Suspense, useMemo} from 'react';
import BrowserOnly from '@docusaurus/BrowserOnly';
import CodeBlock from '@theme/CodeBlock';
import Translate from '@docusaurus/Translate';
import CheckerErrorBoundary from '../shared/CheckerErrorBoundary';
import WhenNear from '../shared/WhenNear';
import {readEmbeddedData, type EmbeddedExample} from '../shared/embedded-data';
import {useLocaleText} from '../shared/locale';
import styles from '../shared/checker.module.css';

const ManifestCheckerEditor = lazy(() => import(/* webpackChunkName: "manifest-checker" */ './ManifestCheckerEditor'));

export interface ManifestCheckerProps {
  /** The folder under examples/ that holds exercise.yaml. */
  exercise: string;
  /** Injected by the build; never written in a page. */
  data?: string;
}

/** The reference answer, collapsed; the same with and without JavaScript. */
export function SolutionBlock({example}: {example: EmbeddedExample}): React.JSX.Element | null {
  const name = example.exercise?.solution;
  const text = name ? example.files[name] : undefined;
  if (!name || text === undefined) return null;
  return (
    <details>
      <summary>
        <Translate id="checker.solution.summary">모범 답안 보기</Translate>
      </summary>
      <CodeBlock language="yaml" title={name}>
        {text.replace(/\n+$/, '')}
      </CodeBlock>
    </details>
  );
}

/** Objects the lab already has, collapsed. */
export function GivenBlock({example}: {example: EmbeddedExample}): React.JSX.Element | null {
  const name = example.exercise?.given;
  const text = name ? example.files[name] : undefined;
  if (!name || text === undefined) return null;
  return (
    <details>
      <summary>
        <Translate id="checker.given.summary">클러스터에 이미 있는 오브젝트 보기</Translate>
      </summary>
      <CodeBlock language="yaml" title={name}>
        {text.replace(/\n+$/, '')}
      </CodeBlock>
    </details>
  );
}

/** What a reader without JavaScript gets: the starting manifest and the checks, as plain content. */
function StaticChecker({example}: {example: EmbeddedExample}): React.JSX.Element {
  const text = useLocaleText();
  const exercise = example.exercise!;
  const start = exercise.start ? example.files[exercise.start] : undefined;
  return (
    <>
      {start !== undefined ? (
        <CodeBlock language="yaml" title={exercise.start}>
          {start.replace(/\n+$/, '')}
        </CodeBlock>
      ) : (
        <p className={styles.hint}>
          <Translate id="checker.start.empty">빈 편집기에서 시작한다. 답이 되는 매니페스트를 직접 쓴다.</Translate>
        </p>
      )}
      <p className={styles.hint}>
        <Translate id="checker.checks.heading">채점 항목:</Translate>
      </p>
      <ul className={styles.checklist}>
        {exercise.assertions.map((a) => (
          <li key={a.id} className={styles.pending}>
            {text(a.describe)}
          </li>
        ))}
      </ul>
    </>
  );
}

export default function ManifestChecker({exercise, data}: ManifestCheckerProps): React.JSX.Element {
  const example = useMemo(() => readEmbeddedData(data, 'ManifestChecker'), [data]);
  const fallback = <StaticChecker example={example} />;
  return (
    <section className={`ksn-interactive ${styles.panel}`} data-checker="manifest" data-exercise={exercise}>
      <div className={styles.title}>
        <Translate id="checker.title">직접 풀어 보기: 채점기</Translate>
      </div>
      <GivenBlock example={example} />
      <BrowserOnly fallback={fallback}>
        {() => (
          <WhenNear fallback={fallback}>
            {() => (
              <CheckerErrorBoundary fallback={fallback}>
                <Suspense fallback={fallback}>
                  <ManifestCheckerEditor example={example} />
                </Suspense>
              </CheckerErrorBoundary>
            )}
          </WhenNear>
        )}
      </BrowserOnly>
      <SolutionBlock example={example} />
    </section>
  );
}
