/**
 * The interactive part of <RbacPlayground>, loaded lazily in the browser: the editor, the can-i
 * form with its answer and reason (explainAccess of src/core), and the access matrix.
 */
import React, {useDeferredValue, useMemo, useState} from 'react';
import Translate, {translate} from '@docusaurus/Translate';
import {explainAccess, findObject, stepCommand} from '../../core';
import type {AccessExplanation, CanIQuestion} from '../../core';
import type {EmbeddedExample} from '../shared/embedded-data';
import {PlaygroundEditor} from '../shared/editor-parts';
import {usePlaygroundManifest} from '../shared/use-manifest';
import {accessReason, formatValue} from '../shared/messages';
import {computeAccessMatrix} from '../shared/access-matrix';
import VerdictMatrix from '../shared/VerdictMatrix';
import styles from '../shared/checker.module.css';
import {registerStrings} from '../shared/lazy-strings';
import strings from '@generated/codeTranslations.json?lazy-strings=rbac';

// The strings of this part, kept out of the main chunk (src/plugins/lazy-strings-loader.cjs).
registerStrings(strings);

interface FormState {
  mode: 'resource' | 'url';
  user: string;
  groups: string;
  verb: string;
  resource: string;
  subresource: string;
  apiGroup: string;
  namespace: string;
  name: string;
  nonResourceURL: string;
}

const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'use', 'bind', 'escalate', 'impersonate', 'approve', '*'];

function formOf(q: CanIQuestion): FormState {
  return {
    mode: q.nonResourceURL ? 'url' : 'resource',
    user: q.user,
    groups: (q.groups ?? []).join(', '),
    verb: q.verb,
    resource: q.resource ?? '',
    subresource: q.subresource ?? '',
    apiGroup: q.apiGroup ?? '',
    namespace: q.namespace ?? '',
    name: q.name ?? '',
    nonResourceURL: q.nonResourceURL ?? '',
  };
}

/** The question a form asks (empty fields left out, as kubectl leaves out missing flags). */
export function questionOf(f: FormState): CanIQuestion {
  const groups = f.groups
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean);
  const base = {user: f.user.trim(), verb: f.verb.trim(), ...(groups.length ? {groups} : {})};
  if (f.mode === 'url') return {...base, nonResourceURL: f.nonResourceURL.trim() || '/'};
  const opt = (key: 'resource' | 'subresource' | 'apiGroup' | 'namespace' | 'name', v: string) => (v.trim() ? {[key]: v.trim()} : {});
  return {
    ...base,
    ...opt('resource', f.resource),
    ...opt('subresource', f.subresource),
    apiGroup: f.apiGroup.trim(),
    ...opt('namespace', f.namespace),
    ...opt('name', f.name),
  };
}

/** A first question when the example has none: the first subject of the first binding, get pods. */
function defaultQuestion(objects: readonly Record<string, unknown>[]): CanIQuestion {
  for (const o of objects) {
    if ((o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding') && Array.isArray(o.subjects)) {
      const s = o.subjects[0] as {kind?: string; name?: string; namespace?: string} | undefined;
      if (s?.name) {
        const ns = (o.metadata as {namespace?: string} | undefined)?.namespace ?? 'default';
        const user = s.kind === 'ServiceAccount' ? `system:serviceaccount:${s.namespace ?? ns}:${s.name}` : s.name;
        return {user, ...(s.kind === 'Group' ? {user: 'someone', groups: [s.name]} : {}), verb: 'get', resource: 'pods', namespace: ns};
      }
    }
  }
  return {user: 'dev-user', verb: 'get', resource: 'pods', namespace: 'default'};
}

function ruleText(objects: readonly unknown[], explanation: AccessExplanation): string | undefined {
  const m = explanation.matched;
  if (!m || m.builtIn || !m.roleKind) return undefined;
  const role = findObject(objects, {kind: m.roleKind, name: m.role, namespace: m.bindingNamespace});
  const rules = role && Array.isArray(role.rules) ? role.rules : undefined;
  return rules ? formatValue(rules[m.rule]) : undefined;
}

function Field({label, children}: {label: React.ReactNode; children: React.ReactNode}): React.JSX.Element {
  return (
    <label>
      <span>{label}</span>
      {children}
    </label>
  );
}

export default function RbacPlaygroundEditor({example}: {example: EmbeddedExample}): React.JSX.Element {
  const {value, setValue, objects, diagnostics, ms, trouble} = usePlaygroundManifest(example);
  const [form, setForm] = useState<FormState>(() => formOf(example.canI?.[0]?.question ?? defaultQuestion(objects)));
  const set = (patch: Partial<FormState>) => setForm((f) => ({...f, ...patch}));
  // The question changes only with the form, so the explanation is computed again only when the
  // form or the objects change (a JSON.stringify in the dependency list hid the real dependency).
  const question = useMemo(() => questionOf(form), [form]);

  const explanation = useMemo(() => (question.user && question.verb ? explainAccess(objects, question) : undefined), [objects, question]);

  const [matrixNamespace, setMatrixNamespace] = useState(() => form.namespace || 'default');
  const subject = useDeferredValue(JSON.stringify({user: question.user, groups: question.groups ?? [], namespace: matrixNamespace.trim()}));
  const matrix = useMemo(() => {
    const s = JSON.parse(subject) as {user: string; groups: string[]; namespace: string};
    return s.user ? computeAccessMatrix(objects, s) : undefined;
  }, [objects, subject]);

  const matched = explanation?.matched;
  const rule = explanation ? ruleText(objects, explanation) : undefined;
  const closest = explanation?.closest;

  return (
    <div data-testid="playground" data-eval-ms={ms.toFixed(2)}>
      <PlaygroundEditor
        example={example}
        value={value}
        onChange={setValue}
        diagnostics={diagnostics}
        label={translate({id: 'rbacPlayground.editor.label', message: '롤과 바인딩(YAML) 편집기'})}
        trouble={trouble}
      />

      <form
        className={styles.form}
        onSubmit={(e) => e.preventDefault()}
        aria-label={translate({id: 'rbacPlayground.form.label', message: 'kubectl auth can-i 질문'})}>
        <Field label={<Translate id="rbacPlayground.form.user">사용자(--as)</Translate>}>
          <input name="user" value={form.user} onChange={(e) => set({user: e.target.value})} autoComplete="off" />
        </Field>
        <Field label={<Translate id="rbacPlayground.form.groups">그룹(--as-group, 쉼표로 구분)</Translate>}>
          <input name="groups" value={form.groups} onChange={(e) => set({groups: e.target.value})} autoComplete="off" />
        </Field>
        <Field label={<Translate id="rbacPlayground.form.verb">동사</Translate>}>
          <input name="verb" list="ksn-rbac-verbs" value={form.verb} onChange={(e) => set({verb: e.target.value})} autoComplete="off" />
        </Field>
        <Field label={<Translate id="rbacPlayground.form.mode">요청 종류</Translate>}>
          <select name="mode" value={form.mode} onChange={(e) => set({mode: e.target.value as FormState['mode']})}>
            <option value="resource">{translate({id: 'rbacPlayground.form.mode.resource', message: '리소스'})}</option>
            <option value="url">{translate({id: 'rbacPlayground.form.mode.url', message: '비리소스 URL'})}</option>
          </select>
        </Field>
        {form.mode === 'resource' ? (
          <>
            <Field label={<Translate id="rbacPlayground.form.resource">리소스(복수형)</Translate>}>
              <input name="resource" value={form.resource} onChange={(e) => set({resource: e.target.value})} autoComplete="off" />
            </Field>
            <Field label={<Translate id="rbacPlayground.form.subresource">서브리소스</Translate>}>
              <input name="subresource" value={form.subresource} onChange={(e) => set({subresource: e.target.value})} autoComplete="off" />
            </Field>
            <Field label={<Translate id="rbacPlayground.form.apiGroup">API 그룹(코어는 비움)</Translate>}>
              <input name="apiGroup" value={form.apiGroup} onChange={(e) => set({apiGroup: e.target.value})} autoComplete="off" />
            </Field>
            <Field label={<Translate id="rbacPlayground.form.namespace">네임스페이스(비우면 클러스터 전체)</Translate>}>
              <input name="namespace" value={form.namespace} onChange={(e) => set({namespace: e.target.value})} autoComplete="off" />
            </Field>
            <Field label={<Translate id="rbacPlayground.form.name">이름(resourceNames)</Translate>}>
              <input name="name" value={form.name} onChange={(e) => set({name: e.target.value})} autoComplete="off" />
            </Field>
          </>
        ) : (
          <Field label={<Translate id="rbacPlayground.form.nonResourceURL">비리소스 URL</Translate>}>
            <input name="nonResourceURL" value={form.nonResourceURL} onChange={(e) => set({nonResourceURL: e.target.value})} autoComplete="off" />
          </Field>
        )}
        <datalist id="ksn-rbac-verbs">
          {VERBS.map((v) => (
            <option key={v} value={v} />
          ))}
        </datalist>
      </form>

      {example.canI?.length ? (
        <div className={styles.toolbar}>
          <span className={styles.hint}>
            <Translate id="rbacPlayground.questions">이 예제의 질문:</Translate>
          </span>
          {example.canI.map(({question: q}, i) => (
            <button key={i} type="button" className="button button--outline button--secondary button--sm" onClick={() => setForm(formOf(q))}>
              <code>{stepCommand({canI: q, expect: true})}</code>
            </button>
          ))}
        </div>
      ) : null}

      <div
        role="status"
        aria-live="polite"
        className={`${styles.verdict} ${explanation?.allowed ? styles.verdictPass : styles.verdictFail}`}
        data-testid="can-i-answer"
        data-allowed={explanation ? String(explanation.allowed) : ''}>
        {explanation ? (
          <>
            <code>{stepCommand({canI: question, expect: true})}</code>
            {' → '}
            <strong>{explanation.allowed ? 'yes' : 'no'}</strong>
            <div data-testid="can-i-reason">{accessReason(explanation, question)}</div>
          </>
        ) : (
          <Translate id="rbacPlayground.answer.incomplete">사용자와 동사를 채우면 답한다.</Translate>
        )}
      </div>
      {matched && !matched.builtIn ? (
        <p className={styles.explanation} data-testid="can-i-match">
          {translate(
            {id: 'rbacPlayground.match', message: '허락한 규칙: {bindingKind} {binding} → {roleKind} {role} → rules[{rule}]: {rule_text}'},
            {
              bindingKind: matched.bindingKind ?? '',
              binding: matched.binding,
              roleKind: matched.roleKind ?? '',
              role: matched.role,
              rule: matched.rule,
              rule_text: rule ?? '',
            },
          )}
        </p>
      ) : null}
      {matched?.builtIn ? (
        <p className={styles.explanation}>
          {translate(
            {id: 'rbacPlayground.match.builtIn', message: '허락한 것은 API 서버가 처음부터 가진 기본 정책이다: {bindingKind} {binding} → {roleKind} {role}'},
            {
              bindingKind: matched.bindingKind ?? '',
              binding: matched.binding,
              roleKind: matched.roleKind ?? '',
              role: matched.role,
            },
          )}
        </p>
      ) : null}
      {!explanation?.allowed && closest ? (
        <p className={styles.explanation} data-testid="can-i-closest">
          {translate(
            {id: 'rbacPlayground.closest', message: '가장 가까운 규칙: {bindingKind} {binding} → {roleKind} {role} → rules[{rule}]: {rule_text}'},
            {
              bindingKind: closest.bindingKind,
              binding: closest.binding,
              roleKind: closest.roleKind,
              role: closest.role,
              rule: closest.rule,
              rule_text: formatValue(Object.fromEntries(Object.entries(closest.ruleText).filter(([, list]) => list.length > 0))),
            },
          )}
        </p>
      ) : null}

      <div className={styles.toolbar}>
        <label>
          <Translate id="rbacPlayground.matrix.namespace">권한 표의 네임스페이스</Translate>{' '}
          <input name="matrixNamespace" value={matrixNamespace} onChange={(e) => setMatrixNamespace(e.target.value)} autoComplete="off" size={14} />
        </label>
      </div>
      {matrix ? (
        <VerdictMatrix
          testId="access-matrix"
          caption={
            matrixNamespace.trim()
              ? translate(
                  {
                    id: 'rbacPlayground.matrix.caption',
                    message: '{user}의 권한 표({namespace} 네임스페이스, 클러스터 범위 리소스는 클러스터 전체). 칸을 누르면 위에서 이유를 보여 준다.',
                  },
                  {
                    user: question.user,
                    namespace: matrixNamespace.trim(),
                  },
                )
              : translate(
                  {id: 'rbacPlayground.matrix.captionCluster', message: '{user}의 권한 표(클러스터 전체). 칸을 누르면 위에서 이유를 보여 준다.'},
                  {user: question.user},
                )
          }
          corner={<Translate id="rbacPlayground.matrix.resource">리소스</Translate>}
          columns={matrix.verbs.map((v) => ({key: v, header: v}))}
          rows={matrix.resources.map((r, i) => {
            const label = r.apiGroup ? `${r.resource}.${r.apiGroup}` : r.resource;
            return {
              key: label,
              data: {'data-resource': label},
              header: (
                <>
                  <code>{r.resource}</code>
                  {r.apiGroup ? <small>.{r.apiGroup}</small> : null}
                </>
              ),
              cells: matrix.cells[i].map((cell, j) => {
                const verb = matrix.verbs[j];
                const word = cell.allowed
                  ? translate({id: 'rbacPlayground.matrix.yes', message: '허용'})
                  : translate({id: 'rbacPlayground.matrix.no', message: '거부'});
                return {
                  key: verb,
                  allowed: cell.allowed,
                  label: `${verb} ${label}: ${word}`,
                  data: {'data-verb': verb},
                  onSelect: () =>
                    set({
                      mode: 'resource',
                      verb,
                      resource: r.resource,
                      apiGroup: r.apiGroup,
                      subresource: '',
                      name: '',
                      namespace: r.namespaced ? matrixNamespace.trim() : '',
                    }),
                };
              }),
            };
          })}
        />
      ) : null}
    </div>
  );
}
