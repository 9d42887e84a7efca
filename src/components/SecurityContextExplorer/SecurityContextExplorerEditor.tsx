/** The interactive part of <SecurityContextExplorer>, loaded lazily in the browser. */
import React, {useRef} from 'react';
import {translate} from '@docusaurus/Translate';
import type {EditorView} from '@codemirror/view';
import type {EmbeddedExample} from '../shared/embedded-data';
import {DiagnosticList, EditorWithHint, PresetToolbar} from '../shared/editor-parts';
import {usePlaygroundManifest} from '../shared/use-manifest';
import SecurityContextTable from './SecurityContextTable';

export default function SecurityContextExplorerEditor({example}: {example: EmbeddedExample}): React.JSX.Element {
  const {value, setValue, objects, diagnostics, ms} = usePlaygroundManifest(example);
  const viewRef = useRef<EditorView | undefined>(undefined);
  return (
    <div data-testid="playground" data-eval-ms={ms.toFixed(2)}>
      <EditorWithHint
        value={value}
        onChange={setValue}
        diagnostics={diagnostics}
        label={translate({id: 'secctxExplorer.editor.label', message: '파드 매니페스트(YAML) 편집기'})}
        viewRef={viewRef}
      />
      <PresetToolbar example={example} onLoad={setValue} />
      <DiagnosticList diagnostics={diagnostics} viewRef={viewRef} />
      <SecurityContextTable objects={objects} />
    </div>
  );
}
