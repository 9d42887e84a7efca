/**
 * The words of the checkers: every code the core returns (STYLE.md, point 2) turned into a Korean
 * sentence (the default text, here) or an English one (i18n/en/code.json). Each entry is a literal
 * `translate({id, message})` call so `docusaurus write-translations` and the unit test
 * (__tests__/messages.test.ts) can read them; ids are never built from a code (STYLE.md, point 3).
 *
 * Values that the core writes as English fragments (the `scope` and `target` of an access
 * decision) are rebuilt here from the request, so the Korean sentence has no English in it.
 */
import {translate} from '@docusaurus/Translate';
import type {AssertionFailure, CanIQuestion, CanIResult, DirectionVerdict, FailureCode, ReachResult, SecurityContextLevel} from '../../core';
import type {AccessCode, TrafficCode} from '../../core';
import {formatValue as formatFlow} from '../../core';

type Params = Record<string, string | number>;

/** The named values of `p` (an empty string for a missing one), typed so translate() checks every placeholder has one. */
function v<K extends string>(p: Params, ...keys: K[]): Record<K, string | number> {
  const out = {} as Record<K, string | number>;
  for (const k of keys) out[k] = p[k] ?? '';
  return out;
}

// ---------------------------------------------------------------------------------------------
// Values

/** A value of a manifest in YAML flow style (src/core formatValue), a missing one in the page's language. */
export function formatValue(value: unknown): string {
  return formatFlow(value, {absent: translate({id: 'checker.value.absent', message: '(없음)', description: 'A field that is not in the manifest'})});
}

function list(items: readonly string[]): string {
  return items.join(', ');
}

// ---------------------------------------------------------------------------------------------
// Assertion failures: the headline of one "expected vs found"

/** One sentence per failure code: what is wrong, in words; the path, expected and found values are shown next to it. */
export const FAILURE_MESSAGES: Record<FailureCode, (f: AssertionFailure) => string> = {
  VALUE_DIFFERS: () => translate({id: 'checker.failure.VALUE_DIFFERS', message: '값이 다르다'}),
  MISSING: () => translate({id: 'checker.failure.MISSING', message: '필드가 없다'}),
  TYPE_DIFFERS: () => translate({id: 'checker.failure.TYPE_DIFFERS', message: '값의 형식이 다르다(예: 숫자 자리에 문자열)'}),
  ITEM_MISSING: () => translate({id: 'checker.failure.ITEM_MISSING', message: '목록에 필요한 항목이 없다'}),
  NAMED_ITEM_MISSING: () => translate({id: 'checker.failure.NAMED_ITEM_MISSING', message: '이 이름의 항목이 목록에 없다'}),
  NOT_EMPTY: () => translate({id: 'checker.failure.NOT_EMPTY', message: '목록이 비어 있어야 한다'}),
  UNEXPECTED_PRESENT: () => translate({id: 'checker.failure.UNEXPECTED_PRESENT', message: '없어야 할 필드가 있다'}),
  OBJECT_NOT_FOUND: (f) => translate({id: 'checker.failure.OBJECT_NOT_FOUND', message: '{object}을(를) 찾을 수 없다'}, {object: String(f.expected)}),
  OBJECT_PRESENT: (f) => translate({id: 'checker.failure.OBJECT_PRESENT', message: '{object}이(가) 남아 있다(지워야 한다)'}, {object: String(f.actual)}),
  CAN_I_DIFFERS: (f) =>
    f.expected === true
      ? translate({id: 'checker.failure.CAN_I_DIFFERS.denied', message: '허용되어야 하는데 거부된다'})
      : translate({id: 'checker.failure.CAN_I_DIFFERS.allowed', message: '거부되어야 하는데 허용된다'}),
  REACH_DIFFERS: (f) =>
    f.expected === true
      ? translate({id: 'checker.failure.REACH_DIFFERS.blocked', message: '연결되어야 하는데 막힌다'})
      : translate({id: 'checker.failure.REACH_DIFFERS.open', message: '막혀야 하는데 연결된다'}),
  UNKNOWN_POD: (f) => translate({id: 'checker.failure.UNKNOWN_POD', message: '파드 {pod}이(가) 없다'}, {pod: String(f.params?.pod ?? f.expected)}),
  INVALID_ADDRESS: (f) => translate({id: 'checker.failure.INVALID_ADDRESS', message: '{ip}은(는) IPv4나 IPv6 주소가 아니다'}, {ip: String(f.params?.ip ?? '')}),
  INVALID_PORT: (f) =>
    translate({id: 'checker.failure.INVALID_PORT', message: '포트는 1에서 65535 사이의 정수여야 한다({port})'}, {port: String(f.params?.port ?? '')}),
  CONTAINER_NOT_FOUND: (f) =>
    translate(
      {id: 'checker.failure.CONTAINER_NOT_FOUND', message: '컨테이너 {container}이(가) 없다(있는 컨테이너: {containers})'},
      {container: String(f.params?.container ?? f.expected), containers: String(f.params?.containers || '-')},
    ),
  NOT_A_POD: () => translate({id: 'checker.failure.NOT_A_POD', message: '파드도, 파드 템플릿(spec.template)이 있는 오브젝트도 아니다'}),
  VALIDATION_ERROR: (f) =>
    f.params?.line !== undefined
      ? translate({id: 'checker.failure.VALIDATION_ERROR.line', message: '{line}번째 줄: API 서버가 거부한다'}, {line: f.params.line})
      : translate({id: 'checker.failure.VALIDATION_ERROR', message: 'API 서버가 거부한다'}),
  NO_VALIDATOR: () => translate({id: 'checker.failure.NO_VALIDATOR', message: '검증 결과가 없어 판정할 수 없다'}),
  UNKNOWN_ASSERTION: () => translate({id: 'checker.failure.UNKNOWN_ASSERTION', message: '이 검사는 알 수 없는 종류다'}),
  EVALUATION_ERROR: (f) => translate({id: 'checker.failure.EVALUATION_ERROR', message: '판정 중 오류가 났다: {error}'}, {error: String(f.actual)}),
};

export function failureMessage(f: AssertionFailure): string {
  const message = FAILURE_MESSAGES[f.code];
  return message ? message(f) : f.code;
}

// ---------------------------------------------------------------------------------------------
// RBAC: why a request is allowed or denied

function describeResource(q: CanIQuestion): string {
  const group = q.apiGroup ? `.${q.apiGroup}` : '';
  return `${q.resource ?? ''}${group}${q.subresource ? `/${q.subresource}` : ''}`;
}

function describeTarget(q: CanIQuestion): string {
  if (q.nonResourceURL) return q.nonResourceURL;
  return q.name ? `${describeResource(q)}/${q.name}` : describeResource(q);
}

function describeScope(q: CanIQuestion): string {
  return q.namespace && !q.nonResourceURL
    ? translate({id: 'checker.access.scope.namespace', message: '{namespace} 네임스페이스에서'}, {namespace: q.namespace})
    : translate({id: 'checker.access.scope.cluster', message: '클러스터 전체에서'});
}

const RULE_PARTS: Record<string, () => string> = {
  verb: () => translate({id: 'checker.access.part.verb', message: '동사(verbs)'}),
  apiGroup: () => translate({id: 'checker.access.part.apiGroup', message: 'API 그룹(apiGroups)'}),
  resource: () => translate({id: 'checker.access.part.resource', message: '리소스(resources)'}),
  resourceName: () => translate({id: 'checker.access.part.resourceName', message: '리소스 이름(resourceNames)'}),
  nonResourceURL: () => translate({id: 'checker.access.part.nonResourceURL', message: '비리소스 URL(nonResourceURLs)'}),
};

export const ACCESS_MESSAGES: Record<AccessCode, (p: Params, q: CanIQuestion) => string> = {
  ALLOWED_BY_RULE: (p) =>
    p.bindingNamespace
      ? translate(
          {
            id: 'checker.access.ALLOWED_BY_RULE.namespaced',
            message:
              '허용: {bindingNamespace} 네임스페이스의 {bindingKind} {binding}이(가) {subjectKind} {subject}에게 {roleKind} {role}을(를) 연결하고, 그 rules[{rule}]가 이 요청을 허락한다',
          },
          v(p, 'bindingNamespace', 'bindingKind', 'binding', 'subjectKind', 'subject', 'roleKind', 'role', 'rule'),
        )
      : translate(
          {
            id: 'checker.access.ALLOWED_BY_RULE',
            message: '허용: {bindingKind} {binding}이(가) {subjectKind} {subject}에게 {roleKind} {role}을(를) 연결하고, 그 rules[{rule}]가 이 요청을 허락한다',
          },
          v(p, 'bindingKind', 'binding', 'subjectKind', 'subject', 'roleKind', 'role', 'rule'),
        ),
  ALLOWED_BY_NODE_AUTHORIZER: (p) =>
    p.via === 'GRAPH'
      ? p.through
        ? translate(
            {
              id: 'checker.access.ALLOWED_BY_NODE_AUTHORIZER.graphThrough',
              message: '허용(노드 인가자): {objectKind} {object}은(는) 노드 {node}에 배정된 파드 {pod}이(가) {through}을(를) 거쳐 쓴다',
            },
            v(p, 'objectKind', 'object', 'node', 'pod', 'through'),
          )
        : translate(
            {
              id: 'checker.access.ALLOWED_BY_NODE_AUTHORIZER.graph',
              message: '허용(노드 인가자): {objectKind} {object}은(는) 노드 {node}에 배정된 파드 {pod}이(가) 쓴다',
            },
            v(p, 'objectKind', 'object', 'node', 'pod'),
          )
      : p.via === 'OWN_OBJECT'
        ? translate(
            {id: 'checker.access.ALLOWED_BY_NODE_AUTHORIZER.own', message: '허용(노드 인가자): 노드 {node}은(는) 자기 자신의 {resource} 오브젝트를 쓸 수 있다'},
            v(p, 'node', 'resource'),
          )
        : p.via === 'ADMISSION_LIMITED'
          ? translate(
              {
                id: 'checker.access.ALLOWED_BY_NODE_AUTHORIZER.admission',
                message: '허용(노드 인가자): 모든 노드에 허락된다. 그다음 NodeRestriction 어드미션 플러그인이 노드 {node}을(를) 자기 오브젝트로만 제한한다',
              },
              v(p, 'node'),
            )
          : translate(
              {
                id: 'checker.access.ALLOWED_BY_NODE_AUTHORIZER',
                message: '허용(노드 인가자): 노드 규칙(클러스터롤 system:node의 규칙)의 rules[{rule}]가 허락한다',
              },
              v(p, 'rule'),
            ),
  ALLOWED_SUPERUSER: (p) =>
    translate(
      {id: 'checker.access.ALLOWED_SUPERUSER', message: '허용: {user}은(는) system:masters 그룹에 속한다. API 서버는 이 그룹에 모든 것을 허락한다'},
      v(p, 'user'),
    ),
  DENIED_NO_BINDING: (p, q) =>
    q.namespace && !q.nonResourceURL
      ? translate(
          {
            id: 'checker.access.DENIED_NO_BINDING.namespaced',
            message: '거부: {namespace} 네임스페이스의 롤바인딩도, 클러스터롤바인딩도 사용자 {user}(그룹: {groups})를 연결하지 않는다',
          },
          {...v(p, 'user', 'groups'), namespace: q.namespace},
        )
      : translate(
          {
            id: 'checker.access.DENIED_NO_BINDING.cluster',
            message: '거부: 어떤 클러스터롤바인딩도 사용자 {user}(그룹: {groups})를 연결하지 않는다. 클러스터 전체 요청에는 롤바인딩이 쓰이지 않는다',
          },
          v(p, 'user', 'groups'),
        ),
  DENIED_BOUND_ELSEWHERE: (p, q) =>
    translate(
      {
        id: 'checker.access.DENIED_BOUND_ELSEWHERE',
        message:
          '거부: {user}은(는) {boundIn} 네임스페이스의 롤바인딩으로만 연결되어 있다. 롤바인딩은 자기 네임스페이스 안에서만 권한을 주는데, 이 요청은 {scope}의 요청이다',
      },
      {...v(p, 'user', 'boundIn'), scope: describeScope(q)},
    ),
  DENIED_ROLE_NOT_FOUND: (p) =>
    p.roleKind === 'Role'
      ? translate(
          {
            id: 'checker.access.DENIED_ROLE_NOT_FOUND.role',
            message: '거부: {bindingKind} {binding}이(가) {user}에게 롤 {role}을(를) 연결하지만, {bindingNamespace} 네임스페이스에 그 롤이 없다',
          },
          v(p, 'bindingKind', 'binding', 'user', 'role', 'bindingNamespace'),
        )
      : translate(
          {
            id: 'checker.access.DENIED_ROLE_NOT_FOUND',
            message: '거부: {bindingKind} {binding}이(가) {user}에게 {roleKind} {role}을(를) 연결하지만, 그런 {roleKind}이(가) 없다',
          },
          v(p, 'bindingKind', 'binding', 'user', 'roleKind', 'role'),
        ),
  DENIED_EMPTY_ROLE: (p) =>
    translate(
      {id: 'checker.access.DENIED_EMPTY_ROLE', message: '거부: {bindingKind} {binding}이(가) 연결한 {roleKind} {role}에 규칙(rules)이 하나도 없다'},
      v(p, 'bindingKind', 'binding', 'roleKind', 'role'),
    ),
  DENIED_VERB: (p, q) =>
    translate(
      {
        id: 'checker.access.DENIED_VERB',
        message: '거부: {roleKind} {role}의 rules[{rule}]는 {target}에 맞지만 동사 {verb}은(는) 허락하지 않는다(허락하는 동사: {ruleVerbs})',
      },
      {...v(p, 'roleKind', 'role', 'rule', 'verb', 'ruleVerbs'), target: describeTarget(q)},
    ),
  DENIED_API_GROUP: (p) =>
    translate(
      {
        id: 'checker.access.DENIED_API_GROUP',
        message:
          '거부: {roleKind} {role}의 rules[{rule}]는 {resource}을(를) API 그룹 {ruleApiGroups}에서만 허락한다. 요청의 API 그룹은 "{apiGroup}"이다(""는 코어 그룹)',
      },
      v(p, 'roleKind', 'role', 'rule', 'resource', 'ruleApiGroups', 'apiGroup'),
    ),
  DENIED_RESOURCE: (p) =>
    p.subresourceHint
      ? translate(
          {
            id: 'checker.access.DENIED_RESOURCE.subresource',
            message:
              '거부: {roleKind} {role}의 rules[{rule}]는 {ruleResources}을(를) 다루지만 {resource}은(는) 아니다. 서브리소스(subresource)는 {resource}처럼 따로 적어야 한다',
          },
          v(p, 'roleKind', 'role', 'rule', 'ruleResources', 'resource'),
        )
      : translate(
          {id: 'checker.access.DENIED_RESOURCE', message: '거부: {roleKind} {role}의 rules[{rule}]는 {ruleResources}을(를) 다루지만 {resource}은(는) 아니다'},
          v(p, 'roleKind', 'role', 'rule', 'ruleResources', 'resource'),
        ),
  DENIED_RESOURCE_NAME: (p) =>
    translate(
      {
        id: 'checker.access.DENIED_RESOURCE_NAME',
        message:
          '거부: {roleKind} {role}의 rules[{rule}]는 {resource}의 {verb}을(를) resourceNames {ruleResourceNames}에만 허락한다. {name}은(는) 그 안에 없다',
      },
      v(p, 'roleKind', 'role', 'rule', 'resource', 'verb', 'ruleResourceNames', 'name'),
    ),
  DENIED_NO_NAME: (p) =>
    translate(
      {
        id: 'checker.access.DENIED_NO_NAME',
        message:
          '거부: {roleKind} {role}의 rules[{rule}]는 {resource}의 {verb}을(를) resourceNames {ruleResourceNames}에만 허락한다. 이름이 없는 요청(list, watch, create, deletecollection)은 resourceNames가 있는 규칙에 맞지 않는다',
      },
      v(p, 'roleKind', 'role', 'rule', 'resource', 'verb', 'ruleResourceNames'),
    ),
  DENIED_NON_RESOURCE_URL: (p) =>
    p.ruleNonResourceURLs
      ? translate(
          {
            id: 'checker.access.DENIED_NON_RESOURCE_URL',
            message: '거부: {roleKind} {role}의 rules[{rule}]는 {ruleNonResourceURLs}에 {verb}을(를) 허락하지만 {path}에는 아니다',
          },
          v(p, 'roleKind', 'role', 'rule', 'ruleNonResourceURLs', 'verb', 'path'),
        )
      : translate(
          {
            id: 'checker.access.DENIED_NON_RESOURCE_URL.none',
            message:
              '거부: {user}에게 연결된 규칙 중 nonResourceURLs가 있는 것이 없다. {roleKind} {role}의 rules[{rule}]는 리소스에 대한 규칙이지 경로 {path}에 대한 것이 아니다',
          },
          v(p, 'user', 'roleKind', 'role', 'rule', 'path'),
        ),
  DENIED_NO_MATCHING_RULE: (p, q) =>
    translate(
      {
        id: 'checker.access.DENIED_NO_MATCHING_RULE',
        message:
          '거부: {user}에게 연결된 어떤 규칙도 {scope} {target}에 대한 {verb}을(를) 허락하지 않는다. 가장 가까운 {roleKind} {role}의 rules[{rule}]는 {differs}이(가) 다르다',
      },
      {
        ...v(p, 'user', 'verb', 'roleKind', 'role', 'rule'),
        scope: describeScope(q),
        target: describeTarget(q),
        differs: list(
          String(p.differs ?? '')
            .split(/,\s*/)
            .filter(Boolean)
            .map((part) => RULE_PARTS[part]?.() ?? part),
        ),
      },
    ),
};

/** Why `canI` answered as it did, in the reader's language. */
export function accessReason(result: Pick<CanIResult, 'code' | 'params'>, question: CanIQuestion): string {
  const message = ACCESS_MESSAGES[result.code];
  return message ? message({...result.params, groups: String(result.params.groups ?? '') || '-'}, question) : result.code;
}

// ---------------------------------------------------------------------------------------------
// NetworkPolicy: why a connection gets through or not

export const TRAFFIC_MESSAGES: Record<TrafficCode, (p: Params) => string> = {
  ALLOWED_NOT_ISOLATED: (p) =>
    translate(
      {id: 'checker.traffic.ALLOWED_NOT_ISOLATED', message: '허용: {from}의 이그레스도, {to}의 인그레스도 격리하는 네트워크폴리시가 없다'},
      v(p, 'from', 'to'),
    ),
  ALLOWED_BY_POLICY: (p) =>
    p.egressAllowedBy && p.ingressAllowedBy
      ? translate(
          {id: 'checker.traffic.ALLOWED_BY_POLICY.both', message: '허용: 이그레스는 {egressAllowedBy}, 인그레스는 {ingressAllowedBy}이(가) 허락한다'},
          v(p, 'egressAllowedBy', 'ingressAllowedBy'),
        )
      : p.egressAllowedBy
        ? translate(
            {id: 'checker.traffic.ALLOWED_BY_POLICY.egress', message: '허용: 이그레스는 {egressAllowedBy}이(가) 허락하고, {to}의 인그레스는 격리되지 않았다'},
            v(p, 'egressAllowedBy', 'to'),
          )
        : translate(
            {
              id: 'checker.traffic.ALLOWED_BY_POLICY.ingress',
              message: '허용: 인그레스는 {ingressAllowedBy}이(가) 허락하고, {from}의 이그레스는 격리되지 않았다',
            },
            v(p, 'ingressAllowedBy', 'from'),
          ),
  DENIED_EGRESS: (p) =>
    translate(
      {
        id: 'checker.traffic.DENIED_EGRESS',
        message: '차단: {from}의 이그레스를 {egressIsolatedBy}이(가) 격리하고, {to}(으)로 가는 {protocol} {port}을(를) 허락하는 이그레스 규칙이 없다',
      },
      v(p, 'from', 'egressIsolatedBy', 'to', 'protocol', 'port'),
    ),
  DENIED_INGRESS: (p) =>
    translate(
      {
        id: 'checker.traffic.DENIED_INGRESS',
        message: '차단: {to}의 인그레스를 {ingressIsolatedBy}이(가) 격리하고, {from}에서 오는 {protocol} {port}을(를) 허락하는 인그레스 규칙이 없다',
      },
      v(p, 'to', 'ingressIsolatedBy', 'from', 'protocol', 'port'),
    ),
  DENIED_BOTH: (p) =>
    translate(
      {
        id: 'checker.traffic.DENIED_BOTH',
        message:
          '차단: {from}의 이그레스({egressIsolatedBy}가 격리)와 {to}의 인그레스({ingressIsolatedBy}가 격리) 모두 {protocol} {port}을(를) 허락하지 않는다',
      },
      v(p, 'from', 'egressIsolatedBy', 'to', 'ingressIsolatedBy', 'protocol', 'port'),
    ),
};

export function trafficReason(result: Pick<ReachResult, 'code' | 'params'>): string {
  const message = TRAFFIC_MESSAGES[result.code];
  return message ? message(result.params) : result.code;
}

/** One direction of a connection, in a sentence: not isolated, allowed by which rules, or the closest rule and what it failed on. */
export function directionReason(direction: 'egress' | 'ingress', verdict: DirectionVerdict, endpoint: string): string {
  const field = direction === 'egress' ? 'egress' : 'ingress';
  if (!verdict.isolated) {
    return direction === 'egress'
      ? translate(
          {id: 'checker.traffic.direction.egressOpen', message: '이그레스: {pod}의 이그레스를 격리하는 정책이 없어 모든 연결을 내보낸다'},
          {pod: endpoint},
        )
      : translate(
          {id: 'checker.traffic.direction.ingressOpen', message: '인그레스: {pod}의 인그레스를 격리하는 정책이 없어 모든 연결을 받는다'},
          {pod: endpoint},
        );
  }
  const isolatedBy = list(verdict.isolatedBy);
  if (verdict.allowed) {
    const rules = list(verdict.rules.map((r) => `${r.policy} ${field}[${r.rule}]`));
    return direction === 'egress'
      ? translate(
          {id: 'checker.traffic.direction.egressAllowed', message: '이그레스: {isolatedBy}이(가) 격리하지만 {rules}이(가) 허락한다'},
          {isolatedBy, rules},
        )
      : translate(
          {id: 'checker.traffic.direction.ingressAllowed', message: '인그레스: {isolatedBy}이(가) 격리하지만 {rules}이(가) 허락한다'},
          {isolatedBy, rules},
        );
  }
  if (verdict.closest) {
    const failed = list(
      verdict.closest.failed.map((part) =>
        part === 'peer'
          ? translate({id: 'checker.traffic.part.peer', message: '상대(from/to)'})
          : translate({id: 'checker.traffic.part.port', message: '포트(ports)'}),
      ),
    );
    const rule = `${verdict.closest.policy} ${field}[${verdict.closest.rule}]`;
    return direction === 'egress'
      ? translate(
          {
            id: 'checker.traffic.direction.egressDeniedClosest',
            message: '이그레스: {isolatedBy}이(가) 격리하고 허락하는 규칙이 없다. 가장 가까운 {rule}은(는) {failed}이(가) 맞지 않는다',
          },
          {isolatedBy, rule, failed},
        )
      : translate(
          {
            id: 'checker.traffic.direction.ingressDeniedClosest',
            message: '인그레스: {isolatedBy}이(가) 격리하고 허락하는 규칙이 없다. 가장 가까운 {rule}은(는) {failed}이(가) 맞지 않는다',
          },
          {isolatedBy, rule, failed},
        );
  }
  return direction === 'egress'
    ? translate(
        {id: 'checker.traffic.direction.egressDeniedNoRules', message: '이그레스: {isolatedBy}이(가) 격리하고 이그레스 규칙이 하나도 없다(모두 차단)'},
        {isolatedBy},
      )
    : translate(
        {id: 'checker.traffic.direction.ingressDeniedNoRules', message: '인그레스: {isolatedBy}이(가) 격리하고 인그레스 규칙이 하나도 없다(모두 차단)'},
        {isolatedBy},
      );
}

// ---------------------------------------------------------------------------------------------
// securityContext: which level set a field

export const LEVEL_LABELS: Record<SecurityContextLevel, () => string> = {
  pod: () => translate({id: 'checker.securityContext.level.pod', message: '파드(spec.securityContext)'}),
  container: () => translate({id: 'checker.securityContext.level.container', message: '컨테이너(securityContext)'}),
  default: () => translate({id: 'checker.securityContext.level.default', message: '기본값(아무도 정하지 않음)'}),
};
