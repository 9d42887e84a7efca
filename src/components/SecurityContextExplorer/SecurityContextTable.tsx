/**
 * The effective securityContext of every container of every pod (or pod template) in `objects`,
 * field by field, with the level that set each value: the pod's spec.securityContext, the
 * container's own securityContext, or nobody (a default). Shared by <SecurityContextExplorer> and
 * the checkers of securityContext exercises; loaded only with them.
 */
import React from 'react';
import Translate, {translate} from '@docusaurus/Translate';
import {flattenObjects, resolveSecurityContext} from '../../core';
import type {ResolvedSecurityContext, SecurityContextField} from '../../core';
import {formatValue, LEVEL_LABELS} from '../shared/messages';
import styles from '../shared/checker.module.css';

const FIELDS: {field: SecurityContextField; label: string; read: (r: ResolvedSecurityContext) => unknown; source?: SecurityContextField}[] = [
  {field: 'runAsUser', label: 'runAsUser', read: (r) => r.effective.runAsUser},
  {field: 'runAsGroup', label: 'runAsGroup', read: (r) => r.effective.runAsGroup},
  {field: 'runAsNonRoot', label: 'runAsNonRoot', read: (r) => r.effective.runAsNonRoot},
  {field: 'privileged', label: 'privileged', read: (r) => r.effective.privileged},
  {field: 'allowPrivilegeEscalation', label: 'allowPrivilegeEscalation', read: (r) => r.effective.allowPrivilegeEscalation},
  {field: 'readOnlyRootFilesystem', label: 'readOnlyRootFilesystem', read: (r) => r.effective.readOnlyRootFilesystem},
  {field: 'capabilities', label: 'capabilities.add', read: (r) => r.effective.capabilities.add},
  {field: 'capabilities', label: 'capabilities.drop', read: (r) => r.effective.capabilities.drop},
  {field: 'seccompProfile', label: 'seccompProfile', read: (r) => r.effective.seccompProfile},
  {field: 'seLinuxOptions', label: 'seLinuxOptions', read: (r) => r.effective.seLinuxOptions},
];

interface PodEntry {
  title: string;
  containers: {name: string; resolved: ResolvedSecurityContext}[];
}

function containerNames(spec: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const list of ['initContainers', 'containers']) {
    const items = Array.isArray(spec[list]) ? (spec[list] as unknown[]) : [];
    for (const c of items) if (typeof c === 'object' && c !== null && typeof (c as {name?: unknown}).name === 'string') out.push((c as {name: string}).name);
  }
  return out;
}

function podSpec(o: Record<string, unknown>): Record<string, unknown> | undefined {
  const spec = o.spec as Record<string, unknown> | undefined;
  if (!spec || typeof spec !== 'object') return undefined;
  if (o.kind === 'Pod') return spec;
  const template = spec.template as Record<string, unknown> | undefined;
  if (template && typeof template.spec === 'object') return template.spec as Record<string, unknown>;
  const job = spec.jobTemplate as {spec?: {template?: {spec?: Record<string, unknown>}}} | undefined;
  return job?.spec?.template?.spec;
}

/** Pods and workloads of `objects` with their containers resolved (containers that cannot be resolved are left out). */
export function resolveAll(objects: readonly unknown[]): PodEntry[] {
  const out: PodEntry[] = [];
  for (const o of flattenObjects(objects)) {
    const spec = podSpec(o);
    if (!spec) continue;
    const meta = (o.metadata ?? {}) as {name?: unknown; namespace?: unknown};
    const title = `${String(o.kind)} ${typeof meta.namespace === 'string' ? `${meta.namespace}/` : ''}${String(meta.name ?? '')}`;
    const containers = containerNames(spec).flatMap((name) => {
      try {
        return [{name, resolved: resolveSecurityContext(o, name)}];
      } catch {
        return [];
      }
    });
    if (containers.length > 0) out.push({title, containers});
  }
  return out;
}

function describe(field: SecurityContextField, label: string, value: unknown): string {
  if (value !== undefined) return formatValue(value);
  if (field === 'runAsUser') return translate({id: 'checker.securityContext.unset.runAsUser', message: '이미지의 USER(없으면 root, UID 0)'});
  if (field === 'runAsGroup') return translate({id: 'checker.securityContext.unset.runAsGroup', message: '이미지의 그룹(없으면 0)'});
  if (field === 'allowPrivilegeEscalation')
    return translate({id: 'checker.securityContext.unset.allowPrivilegeEscalation', message: '정하지 않음(런타임 기본: 허용)'});
  return label === 'runAsNonRoot'
    ? translate({id: 'checker.securityContext.unset.runAsNonRoot', message: '정하지 않음(검사하지 않음)'})
    : translate({id: 'checker.securityContext.unset', message: '정하지 않음'});
}

export default function SecurityContextTable({objects}: {objects: readonly unknown[]}): React.JSX.Element {
  const pods = resolveAll(objects);
  if (pods.length === 0) {
    return (
      <p className={styles.hint}>
        <Translate id="checker.securityContext.none">파드나 파드 템플릿이 있는 오브젝트가 없다.</Translate>
      </p>
    );
  }
  return (
    <div data-testid="security-context">
      {pods.map((pod) => (
        <div key={pod.title} className={styles.tableWrap}>
          <table className={styles.matrix}>
            <caption>
              {translate(
                {id: 'checker.securityContext.caption', message: '{object}: 컨테이너별 실제 securityContext와 그 값을 정한 수준'},
                {object: pod.title},
              )}
            </caption>
            <thead>
              <tr>
                <th scope="col">
                  <Translate id="checker.securityContext.field">필드</Translate>
                </th>
                {pod.containers.map((c) => (
                  <th key={c.name} scope="col">
                    {c.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {FIELDS.map(({field, label, read}) => (
                <tr key={label}>
                  <th scope="row">
                    <code>{label}</code>
                  </th>
                  {pod.containers.map((c) => {
                    const level = c.resolved.sources[field];
                    const overridden = c.resolved.overridden[field];
                    return (
                      <td
                        key={c.name}
                        data-container={c.name}
                        data-field={label}
                        data-level={level}
                        style={level === 'default' ? undefined : {fontWeight: 600}}>
                        {read(c.resolved) !== undefined ? (
                          <code>{describe(field, label, read(c.resolved))}</code>
                        ) : (
                          <em>{describe(field, label, undefined)}</em>
                        )}
                        <br />
                        <small>{LEVEL_LABELS[level]()}</small>
                        {overridden !== undefined ? (
                          <>
                            <br />
                            <small>
                              {translate({id: 'checker.securityContext.overrides', message: '파드의 {value}을(를) 덮어쓴다'}, {value: formatValue(overridden)})}
                            </small>
                          </>
                        ) : null}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </div>
  );
}
