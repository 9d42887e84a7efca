/**
 * Renders `fallback` until the reader scrolls near it, then `children`: a checker's or
 * playground's code (the editor's first verdict needs the engine, 120+ KB gzipped with every
 * served kind's rules) is downloaded when the reader comes within about a screen of it, not with
 * the page's text. A checker in the first screen loads at once. Without IntersectionObserver
 * (very old browsers), children render at once.
 */
import React, {useEffect, useRef, useState} from 'react';

/** How far ahead of the viewport loading starts: about one phone screen. */
export const NEAR_MARGIN = '800px 0px';

export default function WhenNear({fallback, children}: {fallback: React.ReactNode; children: () => React.ReactNode}): React.JSX.Element {
  const box = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState(() => typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    if (near || !box.current) return undefined;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setNear(true);
      },
      {rootMargin: NEAR_MARGIN},
    );
    observer.observe(box.current);
    return () => observer.disconnect();
  }, [near]);
  return (
    <div ref={box} data-near={near ? 'true' : 'false'}>
      {near ? children() : fallback}
    </div>
  );
}
