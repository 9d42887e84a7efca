/**
 * <NetworkPolicyPlayground example="netpol-db-policy" />: pods, namespaces and NetworkPolicies in
 * an editor; who can connect to whom on a chosen port, as a matrix and a diagram; a click on a
 * cell explains the egress and ingress side. Static content first; the editor and the engine load
 * lazily in the browser.
 */
import React, {lazy, useMemo} from 'react';
import Translate from '@docusaurus/Translate';
import {readEmbeddedData} from '../shared/embedded-data';
import PlaygroundShell from '../shared/PlaygroundShell';

const NetworkPolicyPlaygroundEditor = lazy(() => import(/* webpackChunkName: "network-policy-playground" */ './NetworkPolicyPlaygroundEditor'));

export default function NetworkPolicyPlayground({data}: {example: string; data?: string; start?: string; presets?: string}): React.JSX.Element {
  const example = useMemo(() => readEmbeddedData(data, 'NetworkPolicyPlayground'), [data]);
  return (
    <PlaygroundShell
      kind="network-policy"
      example={example}
      title={<Translate id="netpolPlayground.title">네트워크폴리시 놀이터</Translate>}
      description={
        <Translate id="netpolPlayground.description">
          파드, 네임스페이스, 네트워크폴리시를 고치면 포트 하나에 대해 어느 파드가 어느 파드로 연결할 수 있는지 표와 그림으로 보여 준다. 표의 칸을 누르면
          이그레스와 인그레스 양쪽의 이유를 보여 준다.
        </Translate>
      }>
      {() => <NetworkPolicyPlaygroundEditor example={example} />}
    </PlaygroundShell>
  );
}
