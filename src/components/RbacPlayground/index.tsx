/**
 * <RbacPlayground example="rbac-developer-role" />: Roles and bindings in an editor, a
 * `kubectl auth can-i` form whose answer names the binding, role and rule (or why nothing
 * matched), and the access matrix of one subject. Static content first; the editor and the
 * engine load lazily in the browser.
 */
import React, {lazy, useMemo} from 'react';
import Translate from '@docusaurus/Translate';
import {readEmbeddedData} from '../shared/embedded-data';
import PlaygroundShell from '../shared/PlaygroundShell';

const RbacPlaygroundEditor = lazy(() => import(/* webpackChunkName: "rbac-playground" */ './RbacPlaygroundEditor'));

export default function RbacPlayground({data}: {example: string; data?: string; start?: string; presets?: string}): React.JSX.Element {
  const example = useMemo(() => readEmbeddedData(data, 'RbacPlayground'), [data]);
  return (
    <PlaygroundShell
      kind="rbac"
      example={example}
      title={<Translate id="rbacPlayground.title">RBAC 놀이터: kubectl auth can-i</Translate>}
      description={
        <Translate id="rbacPlayground.description">
          롤과 바인딩을 고치고 질문을 바꿔 보면, API 서버가 요청을 허락하는지와 그 이유(어느 바인딩의 어느 롤, 몇 번째 규칙)를 보여 준다.
        </Translate>
      }>
      {() => <RbacPlaygroundEditor example={example} />}
    </PlaygroundShell>
  );
}
