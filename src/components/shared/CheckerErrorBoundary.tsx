/**
 * One checker's error boundary: if its interactive part throws while rendering (a defect; the
 * engine itself never throws on a reader's input), that checker alone falls back to its static
 * content with a notice, and the rest of the page keeps working. Without it React unmounts the
 * whole page and Docusaurus shows its error screen. The notice carries `data-checker-error` for
 * the browser tests.
 */
import React from 'react';
import Translate from '@docusaurus/Translate';
import styles from './checker.module.css';

interface Props {
  /** What the reader sees instead: the checker's static content. */
  fallback: React.ReactNode;
  children: React.ReactNode;
}

export default class CheckerErrorBoundary extends React.Component<Props, {failed: boolean}> {
  state = {failed: false};

  static getDerivedStateFromError(): {failed: boolean} {
    return {failed: true};
  }

  componentDidCatch(error: unknown): void {
    // For whoever opens the console; the page itself stays up.
    console.error('checker failed', error);
  }

  render(): React.ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <>
        <p className={styles.warning} role="alert" data-checker-error="">
          <Translate id="checker.error.boundary">이 채점기에서 오류가 나서 멈췄다. 페이지를 새로 고치면 다시 시작한다. 아래는 처음 내용이다.</Translate>
        </p>
        {this.props.fallback}
      </>
    );
  }
}
