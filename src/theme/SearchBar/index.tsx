/**
 * The navbar's search box, loaded when the reader reaches for it.
 *
 * @easyops-cn/docusaurus-search-local's SearchBar brings lunr, its language packs and a worker
 * bridge: 20 KB gzipped that every page downloaded before this wrapper, for a box most visits
 * never use. Until the reader points at the box, focuses it, touches it or presses its shortcut
 * (mod+K, the plugin's default), this renders the same box without that code; then the real one
 * loads in its own chunk and takes over, with the focus and anything already typed.
 */
import React, {lazy, Suspense, useCallback, useEffect, useRef, useState} from 'react';
import {translate} from '@docusaurus/Translate';
import useIsBrowser from '@docusaurus/useIsBrowser';
import styles from './styles.module.css';

const RealSearchBar = lazy(() => import('@theme-original/SearchBar'));

type Props = Record<string, unknown>;

/** The plugin's default shortcut, mod+K (its validateOptions: searchBarShortcutKeymap "mod+k"). */
function isShortcut(event: KeyboardEvent): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k';
}

function isMac(): boolean {
  return /mac|iphone|ipad|ipod/i.test(navigator.platform);
}

/** The box at rest: the markup and look of the plugin's box, with no search code behind it. */
function RestingSearchBox({onWant, inputRef}: {onWant: (focus: boolean) => void; inputRef: React.RefObject<HTMLInputElement | null>}): React.JSX.Element {
  const isBrowser = useIsBrowser();
  const label = translate({id: 'theme.SearchBar.label', message: 'Search', description: 'The ARIA label and placeholder for search button'});
  return (
    <div className={`navbar__search ${styles.box}`} dir="ltr">
      <svg aria-hidden="true" className={styles.icon} focusable="false" viewBox="0 0 16 16">
        <path
          fill="currentColor"
          d="M6.02945 10.20327a4.17382 4.17382 0 1 1 4.17382-4.17382 4.15609 4.15609 0 0 1-4.17382 4.17382Zm9.69195 4.2199-4.8225-4.82338A5.88021 5.88021 0 0 0 12.058 6.02856 6.00467 6.00467 0 1 0 9.59979 10.8989l4.82338 4.82338a.89729.89729 0 0 0 1.29912 0 .89749.89749 0 0 0-.00087-1.29909Z"
        />
      </svg>
      <input
        ref={inputRef}
        placeholder={label}
        aria-label={label}
        className={`navbar__search-input ${styles.input}`}
        onMouseEnter={() => onWant(false)}
        onTouchStart={() => onWant(false)}
        onFocus={() => onWant(true)}
      />
      {isBrowser && (
        <div className={styles.hints}>
          <kbd className={styles.hint}>{isMac() ? '⌘' : 'ctrl'}</kbd>
          <kbd className={styles.hint}>K</kbd>
        </div>
      )}
    </div>
  );
}

export default function SearchBar(props: Props): React.JSX.Element {
  const [wanted, setWanted] = useState(false);
  const [loaded, setLoaded] = useState(false);
  const focusWhenLoaded = useRef(false);
  const typed = useRef('');
  const restingInput = useRef<HTMLInputElement | null>(null);
  const realBox = useRef<HTMLDivElement | null>(null);

  const want = useCallback((focus: boolean) => {
    if (focus) focusWhenLoaded.current = true;
    setWanted(true);
  }, []);

  // The shortcut works before the real box exists: it loads it and focuses it.
  useEffect(() => {
    if (loaded) return undefined;
    const onKey = (event: KeyboardEvent) => {
      if (!isShortcut(event)) return;
      event.preventDefault();
      want(true);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [loaded, want]);

  // The real box mounted (hidden, beside the resting one): note what was typed, then swap.
  const onRealMounted = useCallback((node: HTMLDivElement | null) => {
    realBox.current = node;
    if (!node) return;
    typed.current = restingInput.current?.value ?? '';
    focusWhenLoaded.current ||= document.activeElement === restingInput.current;
    setLoaded(true);
  }, []);

  // Shown: hand it the text typed while it loaded, and the focus.
  useEffect(() => {
    if (!loaded) return;
    const input = realBox.current?.querySelector<HTMLInputElement>('input.navbar__search-input');
    if (!input) return;
    if (typed.current) {
      // React tracks the value through the native setter; an input event lets it see the change.
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, typed.current);
      input.dispatchEvent(new Event('input', {bubbles: true}));
    }
    if (focusWhenLoaded.current) input.focus();
  }, [loaded]);

  return (
    <>
      {!loaded && <RestingSearchBox onWant={want} inputRef={restingInput} />}
      {wanted && (
        <Suspense fallback={null}>
          <div ref={onRealMounted} className={loaded ? styles.slot : styles.loading}>
            <RealSearchBar {...props} />
          </div>
        </Suspense>
      )}
    </>
  );
}
