/**
 * <SecurityContextExplorer example="secctx-multi-pod" />: pods in an editor and, for each
 * container, the securityContext it really runs with and which level (pod, container, default)
 * set each field. Static content first; the editor and the engine load lazily in the browser.
 */
import React, {lazy, useMemo} from 'react';
import Translate from '@docusaurus/Translate';
import {readEmbeddedData} from '../shared/embedded-data';
import PlaygroundShell from '../shared/PlaygroundShell';

const SecurityContextExplorerEditor = lazy(() => import(/* webpackChunkName: "security-context-explorer" */ './SecurityContextExplorerEditor'));

export default function SecurityContextExplorer({data}: {example: string; data?: string; start?: string; presets?: string}): React.JSX.Element {
  const example = useMemo(() => readEmbeddedData(data, 'SecurityContextExplorer'), [data]);
  return (
    <PlaygroundShell
      kind="security-context"
      example={example}
      title={<Translate id="secctxExplorer.title">securityContext 살펴보기</Translate>}
      description={
        <Translate id="secctxExplorer.description">
          파드를 고치면 컨테이너마다 실제로 적용되는 설정과, 그 값을 파드 수준과 컨테이너 수준 중 어디에서 정했는지 보여 준다.
        </Translate>
      }>
      {() => <SecurityContextExplorerEditor example={example} />}
    </PlaygroundShell>
  );
}
