/**
 * The interactive part of <NetworkPolicyPlayground>, loaded lazily in the browser: the editor,
 * the port and protocol, the connectivity matrix (../shared/connectivity.ts), the diagram and the
 * explanation of the selected cell (egress side and ingress side).
 */
import React, {useMemo, useState} from 'react';
import Translate, {translate} from '@docusaurus/Translate';
import type {Protocol} from '../../core';
import type {EmbeddedExample} from '../shared/embedded-data';
import {PlaygroundEditor} from '../shared/editor-parts';
import {usePlaygroundManifest} from '../shared/use-manifest';
import {computeConnectivity, ipBlockAddresses, portsOf} from '../shared/connectivity';
import {directionReason, trafficReason} from '../shared/messages';
import ConnectivityDiagram from './ConnectivityDiagram';
import VerdictMatrix from '../shared/VerdictMatrix';
import styles from '../shared/checker.module.css';
import {registerStrings} from '../shared/lazy-strings';
import strings from '@generated/codeTranslations.json?lazy-strings=netpol';

// The strings of this part, kept out of the main chunk (src/plugins/lazy-strings-loader.cjs).
registerStrings(strings);

export default function NetworkPolicyPlaygroundEditor({example}: {example: EmbeddedExample}): React.JSX.Element {
  const {value, setValue, objects, diagnostics, ms, trouble} = usePlaygroundManifest(example);
  const firstTraffic = example.traffic?.[0]?.question;
  const [port, setPort] = useState<number>(() => firstTraffic?.port ?? portsOf(objects)[0]?.port ?? 80);
  const [protocol, setProtocol] = useState<Protocol>(() => firstTraffic?.protocol ?? 'TCP');
  const [withOutside, setWithOutside] = useState(false);
  const [selected, setSelected] = useState<{from: string; to: string} | undefined>(() =>
    firstTraffic && typeof firstTraffic.from === 'string' && typeof firstTraffic.to === 'string' ? {from: firstTraffic.from, to: firstTraffic.to} : undefined,
  );

  const ports = useMemo(() => portsOf(objects), [objects]);
  const outside = useMemo(() => ipBlockAddresses(objects), [objects]);
  const {matrix, matrixMs} = useMemo(() => {
    const started = performance.now();
    const valid = Number.isInteger(port) && port >= 1 && port <= 65535;
    const m = valid ? computeConnectivity(objects, {port, protocol, addresses: withOutside ? outside : []}) : undefined;
    return {matrix: m, matrixMs: performance.now() - started};
  }, [objects, port, protocol, withOutside, outside]);

  const index = new Map((matrix?.sources ?? []).map((e, i) => [e.key, i]));
  const cell = selected && matrix ? matrix.cells[index.get(selected.from) ?? -1]?.[index.get(selected.to) ?? -1] : undefined;
  const result = cell?.result;

  return (
    <div data-testid="playground" data-eval-ms={(ms + matrixMs).toFixed(2)}>
      <PlaygroundEditor
        example={example}
        value={value}
        onChange={setValue}
        diagnostics={diagnostics}
        label={translate({id: 'netpolPlayground.editor.label', message: '파드, 네임스페이스, 네트워크폴리시(YAML) 편집기'})}
        trouble={trouble}
      />

      <div className={styles.toolbar}>
        <label>
          <Translate id="netpolPlayground.port">포트</Translate>{' '}
          <input
            name="port"
            type="number"
            min={1}
            max={65535}
            value={Number.isFinite(port) ? port : ''}
            onChange={(e) => setPort(Number(e.target.value))}
            style={{width: '6rem'}}
          />
        </label>
        <label>
          <Translate id="netpolPlayground.protocol">프로토콜</Translate>{' '}
          <select name="protocol" value={protocol} onChange={(e) => setProtocol(e.target.value as Protocol)}>
            <option value="TCP">TCP</option>
            <option value="UDP">UDP</option>
            <option value="SCTP">SCTP</option>
          </select>
        </label>
        {ports.map((p) => (
          <button
            key={`${p.port}/${p.protocol}`}
            type="button"
            className="button button--outline button--secondary button--sm"
            aria-pressed={p.port === port && p.protocol === protocol}
            onClick={() => {
              setPort(p.port);
              setProtocol(p.protocol);
            }}>
            {p.port}/{p.protocol}
          </button>
        ))}
        {outside.length > 0 ? (
          <label>
            <input type="checkbox" checked={withOutside} onChange={(e) => setWithOutside(e.target.checked)} />{' '}
            {translate({id: 'netpolPlayground.outside', message: '클러스터 밖 주소도 보기({addresses})'}, {addresses: outside.join(', ')})}
          </label>
        ) : null}
      </div>

      {matrix && matrix.omitted > 0 ? (
        <p role="status" data-testid="netpol-matrix-capped">
          {translate(
            {id: 'netpolPlayground.matrix.capped', message: '엔드포인트가 많아 앞의 {shown}개만 표와 그림에 그린다. 나머지 {omitted}개는 그리지 않는다.'},
            {shown: matrix.sources.length, omitted: matrix.omitted},
          )}
        </p>
      ) : null}
      {matrix && matrix.sources.length > 0 ? (
        <>
          <VerdictMatrix
            testId="netpol-matrix"
            caption={translate(
              {id: 'netpolPlayground.matrix.caption', message: '{port}/{protocol} 연결 표: 행은 출발지, 열은 목적지다. 칸을 누르면 이유를 보여 준다.'},
              {port: matrix.port, protocol: matrix.protocol},
            )}
            corner={<Translate id="netpolPlayground.matrix.corner">출발지 ＼ 목적지</Translate>}
            columns={matrix.destinations.map((d) => ({key: d.key, header: <code>{d.key}</code>}))}
            rows={matrix.cells.map((row, i) => ({
              key: matrix.sources[i].key,
              header: <code>{matrix.sources[i].key}</code>,
              cells: row.map((c) =>
                c.result
                  ? {
                      key: c.to,
                      allowed: c.result.allowed,
                      label: `${c.from} → ${c.to}: ${
                        c.result.allowed
                          ? translate({id: 'netpolPlayground.matrix.allowed', message: '허용'})
                          : translate({id: 'netpolPlayground.matrix.denied', message: '차단'})
                      }`,
                      pressed: selected?.from === c.from && selected?.to === c.to,
                      data: {'data-from': c.from, 'data-to': c.to},
                      onSelect: () => setSelected({from: c.from, to: c.to}),
                    }
                  : {key: c.to, label: translate({id: 'netpolPlayground.matrix.self', message: '해당 없음'})},
              ),
            }))}
          />
          <div aria-live="polite" data-testid="netpol-explanation">
            {result ? (
              <div className={styles.explanation}>
                <p>
                  <code>
                    {cell!.from} → {cell!.to} : {matrix.port}/{matrix.protocol}
                  </code>
                  <br />
                  <strong>{trafficReason(result)}</strong>
                </p>
                <ul>
                  <li data-direction="egress">{directionReason('egress', result.egress, cell!.from)}</li>
                  <li data-direction="ingress">{directionReason('ingress', result.ingress, cell!.to)}</li>
                </ul>
              </div>
            ) : (
              <p className={styles.hint}>
                <Translate id="netpolPlayground.pick">표의 칸을 누르면 그 연결이 허용되거나 막히는 이유를 보여 준다.</Translate>
              </p>
            )}
          </div>
          <ConnectivityDiagram matrix={matrix} selected={selected} />
          <p className={styles.hint}>
            <Translate id="netpolPlayground.legend">
              굵은 파란 화살표: 네트워크폴리시가 허락한 연결. 회색 점선: 격리되지 않아 열려 있는 연결. 테두리가 빨간 파드: 어떤 정책이 격리하는 파드.
            </Translate>
          </p>
        </>
      ) : (
        <p className={styles.hint}>
          <Translate id="netpolPlayground.noPods">파드가 없다. kind: Pod 오브젝트를 넣으면 연결 표를 그린다.</Translate>
        </p>
      )}
    </div>
  );
}
