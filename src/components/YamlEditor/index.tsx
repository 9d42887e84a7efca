/**
 * The YAML editor of the checkers and playgrounds: CodeMirror 6 with only what editing YAML
 * needs (line numbers, undo history, YAML highlighting, bracket matching) and diagnostics drawn
 * at their lines with @codemirror/lint. A thin React wrapper over EditorView instead of
 * @uiw/react-codemirror: its basic setup (autocompletion, search, folding, themes) added about
 * 26 KB gzipped to every checker page. Only ../shared/editor-parts.tsx imports this file, through
 * React.lazy when the reader starts editing, so no page loads CodeMirror before that.
 *
 * Keyboard: Tab is not bound to indentation (no indentWithTab), so Tab and Shift+Tab move the
 * focus in and out of the editor like in any form; indent with spaces.
 */
import React, {useEffect, useRef} from 'react';
import {EditorState} from '@codemirror/state';
import {EditorView, drawSelection, highlightActiveLineGutter, highlightSpecialChars, keymap, lineNumbers} from '@codemirror/view';
import {defaultKeymap, history, historyKeymap} from '@codemirror/commands';
import {HighlightStyle, bracketMatching, indentOnInput, syntaxHighlighting} from '@codemirror/language';
import {yaml} from '@codemirror/lang-yaml';
import {lintGutter, setDiagnostics, type Diagnostic as EditorDiagnostic} from '@codemirror/lint';
import {tags} from '@lezer/highlight';
import {diagnosticRange, type LineDiagnostic} from './lines';

export {diagnosticRange, focusLine, type LineDiagnostic} from './lines';

export interface YamlEditorProps {
  value: string;
  onChange: (value: string) => void;
  diagnostics: readonly LineDiagnostic[];
  /** Accessible name of the editing area. */
  label: string;
  /** Ids of elements that describe the editor (the keyboard hint). */
  describedBy?: string;
  /** Receives the editor view, so a list of diagnostics can move the cursor to a line. */
  viewRef?: React.MutableRefObject<EditorView | undefined>;
  /** Called once with the view after it is created (the lazy wrapper focuses it). */
  onReady?: (view: EditorView) => void;
}

// Colors come from CSS variables (../shared/checker.module.css), so light and dark mode need no
// second theme.
const highlight = HighlightStyle.define([
  {tag: [tags.propertyName, tags.definition(tags.propertyName)], color: 'var(--ksn-cm-key)'},
  {tag: [tags.string, tags.special(tags.string), tags.content], color: 'var(--ksn-cm-string)'},
  {tag: [tags.number, tags.bool, tags.null, tags.atom], color: 'var(--ksn-cm-literal)'},
  {tag: [tags.comment, tags.lineComment], color: 'var(--ksn-cm-comment)', fontStyle: 'italic'},
  {tag: [tags.meta, tags.keyword, tags.labelName, tags.typeName], color: 'var(--ksn-cm-meta)'},
  {tag: [tags.punctuation, tags.separator, tags.squareBracket, tags.brace], color: 'var(--ksn-cm-punctuation)'},
]);

const theme = EditorView.theme({
  '&': {color: 'var(--ifm-font-color-base)', backgroundColor: 'var(--ifm-background-color)', fontSize: '0.875rem'},
  '.cm-content': {fontFamily: 'var(--ifm-font-family-monospace)', caretColor: 'var(--ifm-font-color-base)', minHeight: '8rem'},
  // No height limit: the editor grows with its text instead of scrolling inside the page (a
  // scrolling region needs its own keyboard stop: axe scrollable-region-focusable), and it keeps
  // the height of the highlighted text it replaces.
  '.cm-gutters': {
    backgroundColor: 'var(--ifm-color-emphasis-100)',
    color: 'var(--ifm-color-emphasis-800)',
    borderRight: '1px solid var(--ifm-color-emphasis-300)',
  },
  '.cm-activeLineGutter': {backgroundColor: 'var(--ifm-color-emphasis-200)'},
  '&.cm-focused .cm-cursor': {borderLeftColor: 'var(--ifm-font-color-base)'},
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': {backgroundColor: 'var(--ksn-cm-selection)'},
  '.cm-tooltip': {
    backgroundColor: 'var(--ifm-background-surface-color)',
    color: 'var(--ifm-font-color-base)',
    border: '1px solid var(--ifm-color-emphasis-300)',
  },
});

export default function YamlEditor({value, onChange, diagnostics, label, describedBy, viewRef, onReady}: YamlEditorProps): React.JSX.Element {
  const parent = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | undefined>(undefined);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  // One EditorView for the life of the component; later values come in as transactions.
  useEffect(() => {
    const created = new EditorView({
      parent: parent.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightSpecialChars(),
          history(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          EditorState.tabSize.of(2),
          syntaxHighlighting(highlight),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          yaml(),
          lintGutter(),
          theme,
          // tabindex 0: the editable text is in the tab order anyway (contenteditable); saying so lets
          // checkers such as axe see that the scroller around a long line has a keyboard way in
          // (scrollable-region-focusable). Tab still leaves the editor: no indentWithTab here.
          EditorView.contentAttributes.of({'aria-label': label, tabindex: '0', ...(describedBy ? {'aria-describedby': describedBy} : {})}),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) onChangeRef.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = created;
    if (viewRef) viewRef.current = created;
    onReady?.(created);
    return () => {
      created.destroy();
      view.current = undefined;
    };
    // The view is created once; value changes are applied by the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // A value set from outside (Reset, a preset): replace the document.
  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const current = v.state.doc.toString();
    if (current !== value) v.dispatch({changes: {from: 0, to: current.length, insert: value}});
  }, [value]);

  // Diagnostics come from the checker's own evaluation (one pass per change), not from a lint source.
  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const doc = v.state.doc;
    const list: EditorDiagnostic[] = diagnostics.map((d) => ({...diagnosticRange(doc, d), severity: d.severity, message: d.message}));
    v.dispatch(setDiagnostics(v.state, list));
  }, [diagnostics]);

  return <div ref={parent} data-testid="yaml-editor" />;
}
