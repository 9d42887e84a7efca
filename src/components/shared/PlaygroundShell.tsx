/**
 * The frame of a playground (<RbacPlayground>, <NetworkPolicyPlayground>,
 * <SecurityContextExplorer>): without JavaScript and while the interactive part loads, the
 * example's manifests as ordinary code blocks; in the browser, the lazily loaded interactive part.
 */
import React, {Suspense} from 'react';
import BrowserOnly from '@docusaurus/BrowserOnly';
import CodeBlock from '@theme/CodeBlock';
import CheckerErrorBoundary from './CheckerErrorBoundary';
import WhenNear from './WhenNear';
import type {EmbeddedExample} from './embedded-data';
import styles from './checker.module.css';

/** The files the editor starts with, each as a titled code block. */
export function StaticFiles({example}: {example: EmbeddedExample}): React.JSX.Element {
  return (
    <>
      {(example.start ?? []).map((name) => (
        <CodeBlock key={name} language="yaml" title={name}>
          {(example.files[name] ?? '').replace(/\n+$/, '')}
        </CodeBlock>
      ))}
    </>
  );
}

export default function PlaygroundShell({
  kind,
  example,
  title,
  description,
  children,
}: {
  kind: string;
  example: EmbeddedExample;
  title: React.ReactNode;
  description: React.ReactNode;
  children: () => React.ReactNode;
}): React.JSX.Element {
  const fallback = <StaticFiles example={example} />;
  return (
    <section className={`ksn-interactive ${styles.panel}`} data-checker={kind} data-example={example.id}>
      <div className={styles.title}>{title}</div>
      <p className={styles.hint}>{description}</p>
      <BrowserOnly fallback={fallback}>
        {() => (
          <WhenNear fallback={fallback}>
            {() => (
              <CheckerErrorBoundary fallback={fallback}>
                <Suspense fallback={fallback}>{children()}</Suspense>
              </CheckerErrorBoundary>
            )}
          </WhenNear>
        )}
      </BrowserOnly>
    </section>
  );
}
