/** The interactive part of <SecurityContextExplorer>, loaded lazily in the browser. */
import React from 'react';
import {translate} from '@docusaurus/Translate';
import type {EmbeddedExample} from '../shared/embedded-data';
import {PlaygroundEditor} from '../shared/editor-parts';
import {usePlaygroundManifest} from '../shared/use-manifest';
import SecurityContextTable from './SecurityContextTable';
import {registerStrings} from '../shared/lazy-strings';
import strings from '@generated/codeTranslations.json?lazy-strings=secctx';

// The strings of this part, kept out of the main chunk (src/plugins/lazy-strings-loader.cjs).
registerStrings(strings);

export default function SecurityContextExplorerEditor({example}: {example: EmbeddedExample}): React.JSX.Element {
  const {value, setValue, objects, diagnostics, ms, trouble} = usePlaygroundManifest(example);
  return (
    <div data-testid="playground" data-eval-ms={ms.toFixed(2)}>
      <PlaygroundEditor
        example={example}
        value={value}
        onChange={setValue}
        diagnostics={diagnostics}
        label={translate({id: 'secctxExplorer.editor.label', message: '파드 매니페스트(YAML) 편집기'})}
        trouble={trouble}
      />
      <SecurityContextTable objects={objects} />
    </div>
  );
}
