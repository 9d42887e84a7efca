/**
 * The connectivity matrix as a small picture: pods on a circle, grouped by namespace (an arc and a
 * label per namespace), an arrow for every allowed connection. Inline SVG, no diagram library.
 * The matrix table next to it carries the same facts for screen readers, so the picture has a
 * one-sentence label only.
 */
import React, {useId} from 'react';
import {translate} from '@docusaurus/Translate';
import type {ConnectivityMatrix, Endpoint} from '../shared/connectivity';

const WIDTH = 560;
const HEIGHT = 400;
const CX = WIDTH / 2;
const CY = HEIGHT / 2;
const R = 135;
const NODE_R = 22;
const COLORS = {
  policy: 'var(--ifm-color-primary)',
  open: 'var(--ifm-color-emphasis-500)',
  allowed: 'var(--ifm-color-success)',
  denied: 'var(--ifm-color-danger)',
};

export interface DiagramLayout {
  positions: Map<string, {x: number; y: number; angle: number}>;
  groups: {label: string; from: number; to: number}[];
}

function namespaceOf(e: Endpoint): string {
  return 'ip' in e ? '' : e.namespace;
}

/** Angles on the circle: endpoints of one namespace next to each other, a gap between namespaces. */
export function layoutCircle(endpoints: readonly Endpoint[]): DiagramLayout {
  const groupsInOrder: string[] = [];
  for (const e of endpoints) if (!groupsInOrder.includes(namespaceOf(e))) groupsInOrder.push(namespaceOf(e));
  const slots = endpoints.length + groupsInOrder.length; // one empty slot between groups
  const step = (2 * Math.PI) / Math.max(slots, 1);
  const positions = new Map<string, {x: number; y: number; angle: number}>();
  const groups: DiagramLayout['groups'] = [];
  let slot = 0;
  for (const g of groupsInOrder) {
    const members = endpoints.filter((e) => namespaceOf(e) === g);
    const first = slot;
    for (const e of members) {
      const angle = -Math.PI / 2 + slot * step;
      positions.set(e.key, {x: CX + R * Math.cos(angle), y: CY + R * Math.sin(angle), angle});
      slot++;
    }
    groups.push({label: g, from: -Math.PI / 2 + first * step, to: -Math.PI / 2 + (slot - 1) * step});
    slot++;
  }
  return {positions, groups};
}

function arcPath(from: number, to: number, radius: number): string {
  const pad = 0.22;
  const a = from - pad;
  const b = to + pad;
  const p = (t: number) => `${(CX + radius * Math.cos(t)).toFixed(1)} ${(CY + radius * Math.sin(t)).toFixed(1)}`;
  return `M ${p(a)} A ${radius} ${radius} 0 ${b - a > Math.PI ? 1 : 0} 1 ${p(b)}`;
}

function shorten(a: {x: number; y: number}, b: {x: number; y: number}, by: number): [number, number, number, number] {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  return [a.x + (dx / len) * by, a.y + (dy / len) * by, b.x - (dx / len) * by, b.y - (dy / len) * by];
}

/** A segment moved sideways by `by` pixels (to its right, seen along its direction). */
function offset([x1, y1, x2, y2]: [number, number, number, number], by: number): [number, number, number, number] {
  const len = Math.hypot(x2 - x1, y2 - y1) || 1;
  const nx = (-(y2 - y1) / len) * by;
  const ny = ((x2 - x1) / len) * by;
  return [x1 + nx, y1 + ny, x2 + nx, y2 + ny];
}

export default function ConnectivityDiagram({matrix, selected}: {matrix: ConnectivityMatrix; selected?: {from: string; to: string}}): React.JSX.Element {
  const endpoints = matrix.sources;
  const {positions, groups} = layoutCircle(endpoints);
  const index = new Map(endpoints.map((e, i) => [e.key, i]));
  const isolated = new Set<string>();
  // One arrow per allowed direction; when both directions are allowed the two arrows run side by side.
  const edges: {from: string; to: string; reverse: boolean; byPolicy: boolean}[] = [];
  matrix.cells.forEach((row, i) =>
    row.forEach((cell, j) => {
      const r = cell.result;
      if (!r) return;
      if (r.ingress.isolated) isolated.add(cell.to);
      if (r.egress.isolated) isolated.add(cell.from);
      if (!r.allowed) return;
      edges.push({from: cell.from, to: cell.to, reverse: Boolean(matrix.cells[j][i].result?.allowed), byPolicy: r.code === 'ALLOWED_BY_POLICY'});
    }),
  );
  const label = translate(
    {id: 'netpolPlayground.diagram.label', message: '{port}/{protocol} 연결 그림: 파드 {pods}개, 허용된 연결 {edges}개'},
    {port: matrix.port, protocol: matrix.protocol, pods: endpoints.length, edges: edges.length},
  );
  const uid = `ksn-arrow-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const marker = (name: keyof typeof COLORS) => `url(#${uid}-${name})`;
  const selectedResult = selected ? matrix.cells[index.get(selected.from) ?? -1]?.[index.get(selected.to) ?? -1]?.result : undefined;

  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} role="img" aria-label={label} data-testid="netpol-diagram" style={{maxWidth: '100%', height: 'auto'}}>
      <defs>
        {Object.entries(COLORS).map(([name, color]) => (
          <marker key={name} id={`${uid}-${name}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" style={{fill: color}} />
          </marker>
        ))}
      </defs>
      {groups.map((g) => {
        const mid = (g.from + g.to) / 2;
        return (
          <g key={g.label || 'outside'}>
            <path d={arcPath(g.from, g.to, R + NODE_R + 12)} fill="none" style={{stroke: 'var(--ifm-color-emphasis-400)'}} strokeWidth={3} />
            <text
              x={CX + (R + NODE_R + 34) * Math.cos(mid)}
              y={CY + (R + NODE_R + 34) * Math.sin(mid)}
              textAnchor="middle"
              dominantBaseline="middle"
              fontSize={13}
              fontWeight="bold"
              style={{fill: 'var(--ifm-color-emphasis-800)'}}>
              {g.label || translate({id: 'netpolPlayground.diagram.outside', message: '클러스터 밖'})}
            </text>
          </g>
        );
      })}
      {edges.map((e) => {
        const a = positions.get(e.from)!;
        const b = positions.get(e.to)!;
        const [x1, y1, x2, y2] = offset(shorten(a, b, NODE_R + 2), e.reverse ? 3 : 0);
        return (
          <line
            key={`${e.from}>${e.to}`}
            x1={x1}
            y1={y1}
            x2={x2}
            y2={y2}
            style={{stroke: e.byPolicy ? COLORS.policy : COLORS.open}}
            strokeWidth={e.byPolicy ? 2.2 : 1}
            strokeDasharray={e.byPolicy ? undefined : '4 3'}
            markerEnd={marker(e.byPolicy ? 'policy' : 'open')}
          />
        );
      })}
      {selected && positions.has(selected.from) && positions.has(selected.to) && selected.from !== selected.to
        ? (() => {
            const [x1, y1, x2, y2] = shorten(positions.get(selected.from)!, positions.get(selected.to)!, NODE_R + 2);
            return (
              <line
                x1={x1}
                y1={y1}
                x2={x2}
                y2={y2}
                style={{stroke: selectedResult?.allowed ? COLORS.allowed : COLORS.denied}}
                strokeWidth={3.5}
                strokeDasharray={selectedResult?.allowed ? undefined : '6 4'}
                markerEnd={marker(selectedResult?.allowed ? 'allowed' : 'denied')}
                data-testid="diagram-selected"
              />
            );
          })()
        : null}
      {endpoints.map((e) => {
        const p = positions.get(e.key)!;
        const name = 'ip' in e ? e.ip : e.name;
        return (
          <g key={e.key} data-endpoint={e.key}>
            <circle
              cx={p.x}
              cy={p.y}
              r={NODE_R}
              style={{fill: 'var(--ifm-background-surface-color)', stroke: isolated.has(e.key) ? 'var(--ifm-color-danger)' : 'var(--ifm-color-emphasis-600)'}}
              strokeWidth={isolated.has(e.key) ? 3 : 1.5}
            />
            <text
              x={p.x}
              y={p.y}
              textAnchor="middle"
              dominantBaseline="middle"
              fontSize={name.length > 8 ? 9 : 11}
              style={{fill: 'var(--ifm-font-color-base)'}}>
              {name}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
