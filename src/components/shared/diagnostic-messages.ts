/**
 * Every diagnostic code of the parser and the validator (src/core/validate/codes.ts) as a Korean
 * sentence (the default text) or an English one (i18n/en/code.json). One literal translate() per
 * message (STYLE.md, point 3); a code with optional params has one message with and one without.
 * The table's type makes the compiler refuse a missing code, and __tests__/messages.test.ts checks
 * that each message has both languages and uses only the params its code carries.
 */
import {translate} from '@docusaurus/Translate';
import type {Diagnostic} from '../../core';
import type {DiagnosticCode, FORBIDDEN_REASONS, INVALID_VALUE_REASONS} from '../../core';

type Params = Record<string, string | number>;

/** The named params (an empty string for a missing one), typed so translate() checks every placeholder. */
function v<K extends string>(p: Params, ...keys: K[]): Record<K, string | number> {
  const out = {} as Record<K, string | number>;
  for (const k of keys) out[k] = p[k] ?? '';
  return out;
}

const has = (p: Params, key: string) => p[key] !== undefined && p[key] !== '';

/** FORBIDDEN_FIELD's `reason` codes. */
export const FORBIDDEN_REASON: Record<(typeof FORBIDDEN_REASONS)[number], () => string> = {
  'namespaced-role': () =>
    translate({id: 'checker.diagnostic.reason.namespaced-role', message: '네임스페이스에 속한 롤(Role)에는 nonResourceURLs를 쓸 수 없다(클러스터롤에만 쓴다)'}),
  'resources-and-urls': () =>
    translate({id: 'checker.diagnostic.reason.resources-and-urls', message: '한 규칙에 resources와 nonResourceURLs를 함께 쓸 수 없다'}),
  'needs-other-field': () =>
    translate({id: 'checker.diagnostic.reason.needs-other-field', message: '다른 필드가 있어야만 쓸 수 있다(예: endPort에는 port가 필요하다)'}),
  template: () => translate({id: 'checker.diagnostic.reason.template', message: '이 워크로드의 파드 템플릿에는 쓸 수 없는 필드다'}),
  'init-container': () => translate({id: 'checker.diagnostic.reason.init-container', message: 'restartPolicy: Always인 초기화 컨테이너에서만 쓸 수 있다'}),
  'regular-container': () => translate({id: 'checker.diagnostic.reason.regular-container', message: '일반 컨테이너에는 쓸 수 없는 필드다'}),
  'privilege-escalation': () =>
    translate({
      id: 'checker.diagnostic.reason.privilege-escalation',
      message: 'privileged나 CAP_SYS_ADMIN과 allowPrivilegeEscalation: false는 함께 쓸 수 없다',
    }),
  'not-allowed': () => translate({id: 'checker.diagnostic.reason.not-allowed', message: '이 자리에서는 허용되지 않는 값이다'}),
  'host-users-false': () =>
    translate({id: 'checker.diagnostic.reason.host-users-false', message: 'hostUsers: false인 파드(자기 사용자 네임스페이스를 쓰는 파드)에는 쓸 수 없다'}),
};

/** INVALID_VALUE's `reason` codes. */
export const INVALID_VALUE_REASON: Record<(typeof INVALID_VALUE_REASONS)[number], () => string> = {
  'rule-needs-resources-or-urls': () =>
    translate({id: 'checker.diagnostic.reason.rule-needs-resources-or-urls', message: '규칙에는 resources나 nonResourceURLs 중 하나가 있어야 한다'}),
  'role-ref-api-group': () => translate({id: 'checker.diagnostic.reason.role-ref-api-group', message: 'roleRef.apiGroup은 rbac.authorization.k8s.io여야 한다'}),
  'end-port-below-port': () => translate({id: 'checker.diagnostic.reason.end-port-below-port', message: 'endPort는 port보다 작을 수 없다'}),
  'end-port-with-named-port': () => translate({id: 'checker.diagnostic.reason.end-port-with-named-port', message: '이름 있는 포트에는 endPort를 쓸 수 없다'}),
  'must-be-positive': () => translate({id: 'checker.diagnostic.reason.must-be-positive', message: '0보다 커야 한다'}),
  'must-be-non-negative': () => translate({id: 'checker.diagnostic.reason.must-be-non-negative', message: '0 이상이어야 한다'}),
  'non-resource-url': () => translate({id: 'checker.diagnostic.reason.non-resource-url', message: "비리소스 URL은 '/'로 시작하고 '*'는 끝에만 올 수 있다"}),
  'restart-policy': () =>
    translate({
      id: 'checker.diagnostic.reason.restart-policy',
      message: '이 워크로드에서 쓸 수 없는 restartPolicy다(디플로이먼트 등은 Always, 잡은 Always가 아니어야 한다)',
    }),
  'selector-values': () =>
    translate({id: 'checker.diagnostic.reason.selector-values', message: 'In, NotIn에는 values가 있어야 하고 Exists, DoesNotExist에는 없어야 한다'}),
  'success-threshold': () =>
    translate({id: 'checker.diagnostic.reason.success-threshold', message: 'liveness와 startup 프로브의 successThreshold는 1이어야 한다'}),
  handler: () => translate({id: 'checker.diagnostic.reason.handler', message: '프로브나 훅에는 동작이 정확히 하나 있어야 한다'}),
  'cron-schedule': () => translate({id: 'checker.diagnostic.reason.cron-schedule', message: 'cron 형식의 일정이 아니다'}),
  'duplicate-port': () => translate({id: 'checker.diagnostic.reason.duplicate-port', message: '같은 포트 번호와 프로토콜이 두 번 나온다'}),
  'service-type': () => translate({id: 'checker.diagnostic.reason.service-type', message: '서비스의 type과 맞지 않는 필드다'}),
  format: () => translate({id: 'checker.diagnostic.reason.format', message: '이 필드가 요구하는 형식이 아니다'}),
  'not-allowed': () => translate({id: 'checker.diagnostic.reason.not-allowed', message: '이 자리에서는 허용되지 않는 값이다'}),
};

/** INVALID_PATH's `reason` codes. */
const PATH_REASON: Record<string, () => string> = {
  absolute: () => translate({id: 'checker.diagnostic.reason.path-absolute', message: '절대 경로는 쓸 수 없다'}),
  backsteps: () => translate({id: 'checker.diagnostic.reason.path-backsteps', message: "'..'을 쓸 수 없다"}),
  reserved: () => translate({id: 'checker.diagnostic.reason.path-reserved', message: '예약된 경로다'}),
};

/** INVALID_SECRET_DATA's `reason` codes. */
const SECRET_REASON: Record<string, () => string> = {
  'invalid-json': () => translate({id: 'checker.diagnostic.reason.secret-invalid-json', message: 'JSON이 아니다'}),
  'missing-auths': () => translate({id: 'checker.diagnostic.reason.secret-missing-auths', message: 'auths 항목이 없다'}),
};

const reasonOf = (table: Record<string, () => string>, p: Params) =>
  Object.prototype.hasOwnProperty.call(table, String(p.reason)) ? table[String(p.reason)]() : String(p.reason ?? '');

export const DIAGNOSTIC_MESSAGES = {
  INPUT_NOT_TEXT: (p) => translate({id: 'checker.diagnostic.INPUT_NOT_TEXT', message: '텍스트가 아니다({type})'}, v(p, 'type')),
  INPUT_TOO_LARGE: (p) =>
    translate({id: 'checker.diagnostic.INPUT_TOO_LARGE', message: '텍스트가 너무 길다: {length}자(한도 {limit}자)'}, v(p, 'length', 'limit')),
  TOO_MANY_DOCUMENTS: (p) =>
    translate({id: 'checker.diagnostic.TOO_MANY_DOCUMENTS', message: '문서(---로 나뉜 부분)가 너무 많다. 앞의 {limit}개만 읽는다'}, v(p, 'limit')),
  DOCUMENT_TOO_LARGE: (p) =>
    translate({id: 'checker.diagnostic.DOCUMENT_TOO_LARGE', message: '문서 하나가 너무 길어 읽지 않는다: {length}자(한도 {limit}자)'}, v(p, 'length', 'limit')),
  YAML_SYNTAX: (p) => translate({id: 'checker.diagnostic.YAML_SYNTAX', message: 'YAML 문법 오류: {reason}'}, v(p, 'reason')),
  NESTING_TOO_DEEP: (p) => translate({id: 'checker.diagnostic.NESTING_TOO_DEEP', message: '중첩이 너무 깊다(한도 {limit}단계)'}, v(p, 'limit')),
  YAML_ALIAS_CYCLE: () => translate({id: 'checker.diagnostic.YAML_ALIAS_CYCLE', message: '앵커가 자기 자신 안에서 쓰였다(&a [*a]). kubectl도 읽지 못한다'}),
  YAML_ALIAS_EXPANSION_TOO_LARGE: (p) =>
    translate({id: 'checker.diagnostic.YAML_ALIAS_EXPANSION_TOO_LARGE', message: '별칭(*)을 펼치면 노드가 너무 많아진다(한도 {limit}개)'}, v(p, 'limit')),
  NOT_AN_OBJECT: (p) =>
    translate({id: 'checker.diagnostic.NOT_AN_OBJECT', message: '문서가 오브젝트(매핑)가 아니라 {type}이다. kubectl이 적용할 수 없다'}, v(p, 'type')),
  EXTRA_DOCUMENT_IGNORED: () => translate({id: 'checker.diagnostic.EXTRA_DOCUMENT_IGNORED', message: "'...' 뒤의 내용은 kubectl이 읽지 않는다"}),
  DUPLICATE_KEY: (p) =>
    translate(
      {id: 'checker.diagnostic.DUPLICATE_KEY', message: '키 {key}이(가) 두 번 나온다({firstLine}번째 줄에 처음). kubectl은 말없이 뒤의 값을 쓴다'},
      v(p, 'key', 'firstLine'),
    ),
  DIAGNOSTICS_OMITTED: (p) =>
    translate({id: 'checker.diagnostic.DIAGNOSTICS_OMITTED', message: '같은 종류({code})의 진단이 {count}개 더 있지만 생략했다'}, v(p, 'code', 'count')),
  CHECK_FAILED: (p) =>
    translate(
      {
        id: 'checker.diagnostic.CHECK_FAILED',
        message: '채점기가 이 오브젝트를 끝까지 검사하지 못했다(채점기의 결함이다). API 서버의 판정은 알 수 없다: {reason}',
      },
      v(p, 'reason'),
    ),

  MISSING_API_VERSION: () => translate({id: 'checker.diagnostic.MISSING_API_VERSION', message: 'apiVersion이 없다. 무슨 오브젝트인지 알 수 없다'}),
  MISSING_KIND: () => translate({id: 'checker.diagnostic.MISSING_KIND', message: 'kind가 없다. 무슨 오브젝트인지 알 수 없다'}),
  UNKNOWN_KIND: (p) =>
    has(p, 'suggestion')
      ? translate(
          {id: 'checker.diagnostic.UNKNOWN_KIND.suggestion', message: '{apiVersion}에는 {kind}이(가) 없다. apiVersion: {suggestion}이(가) 아닌가?'},
          v(p, 'apiVersion', 'kind', 'suggestion'),
        )
      : translate({id: 'checker.diagnostic.UNKNOWN_KIND', message: 'API 서버에 {apiVersion}의 {kind}이(가) 없다'}, v(p, 'apiVersion', 'kind')),
  API_VERSION_NOT_SERVED: (p) =>
    has(p, 'suggestion')
      ? translate(
          {
            id: 'checker.diagnostic.API_VERSION_NOT_SERVED.suggestion',
            message: '기본 API 서버는 {apiVersion}의 {kind}을(를) 제공하지 않는다. apiVersion: {suggestion}을(를) 쓴다',
          },
          v(p, 'apiVersion', 'kind', 'suggestion'),
        )
      : translate(
          {id: 'checker.diagnostic.API_VERSION_NOT_SERVED', message: '기본 API 서버는 {apiVersion}의 {kind}을(를) 제공하지 않는다'},
          v(p, 'apiVersion', 'kind'),
        ),

  UNKNOWN_FIELD: (p) =>
    has(p, 'suggestion')
      ? translate(
          {id: 'checker.diagnostic.UNKNOWN_FIELD.suggestion', message: '알 수 없는 필드 {field}. {suggestion}이(가) 아닌가?'},
          v(p, 'field', 'suggestion'),
        )
      : translate({id: 'checker.diagnostic.UNKNOWN_FIELD', message: '알 수 없는 필드 {field}. API 서버가 거부한다(strict 필드 검증)'}, v(p, 'field')),
  INVALID_TYPE: (p) =>
    p.hint === 'yaml11-boolean'
      ? translate(
          {
            id: 'checker.diagnostic.INVALID_TYPE.yaml11-boolean',
            message: '{expected}이어야 하는데 {actual}이다. 따옴표 없는 yes/no/on/off는 불리언이 되므로 문자열이면 따옴표로 감싼다',
          },
          v(p, 'expected', 'actual'),
        )
      : translate({id: 'checker.diagnostic.INVALID_TYPE', message: '형식이 틀렸다: {expected}이어야 하는데 {actual}이다'}, v(p, 'expected', 'actual')),
  REQUIRED_FIELD: (p) => translate({id: 'checker.diagnostic.REQUIRED_FIELD', message: '필수 필드 {field}이(가) 없거나 비어 있다'}, v(p, 'field')),
  VALUE_OUT_OF_RANGE: (p) =>
    has(p, 'min') && has(p, 'max')
      ? translate(
          {id: 'checker.diagnostic.VALUE_OUT_OF_RANGE.between', message: '{value}은(는) 범위 밖이다: {min}부터 {max}까지여야 한다'},
          v(p, 'value', 'min', 'max'),
        )
      : has(p, 'min')
        ? translate({id: 'checker.diagnostic.VALUE_OUT_OF_RANGE.min', message: '{value}은(는) 너무 작다: {min} 이상이어야 한다'}, v(p, 'value', 'min'))
        : translate({id: 'checker.diagnostic.VALUE_OUT_OF_RANGE.max', message: '{value}은(는) 너무 크다: {max} 이하여야 한다'}, v(p, 'value', 'max')),
  INVALID_QUANTITY: (p) =>
    translate({id: 'checker.diagnostic.INVALID_QUANTITY', message: '{value}은(는) 리소스 양이 아니다(예: 500m, 1.5, 128Mi, 1e3)'}, v(p, 'value')),
  INVALID_BASE64: () => translate({id: 'checker.diagnostic.INVALID_BASE64', message: '시크릿의 data 값은 base64여야 한다(평문은 stringData에 쓴다)'}),
  INVALID_TIMESTAMP: (p) => translate({id: 'checker.diagnostic.INVALID_TIMESTAMP', message: '{value}은(는) RFC 3339 시각이 아니다'}, v(p, 'value')),

  INVALID_DNS1123_SUBDOMAIN: (p) =>
    translate(
      {id: 'checker.diagnostic.INVALID_DNS1123_SUBDOMAIN', message: '{value}: 소문자 RFC 1123 서브도메인이어야 한다(a-z, 0-9, -, ., 최대 {maxLength}자)'},
      v(p, 'value', 'maxLength'),
    ),
  INVALID_DNS1123_LABEL: (p) =>
    translate(
      {id: 'checker.diagnostic.INVALID_DNS1123_LABEL', message: '{value}: 소문자 RFC 1123 레이블이어야 한다(a-z, 0-9, -, 점 없이 최대 {maxLength}자)'},
      v(p, 'value', 'maxLength'),
    ),
  INVALID_PATH_SEGMENT_NAME: (p) =>
    translate(
      {id: 'checker.diagnostic.INVALID_PATH_SEGMENT_NAME', message: "{value}: RBAC 이름은 '.'이나 '..'일 수 없고 '/'나 '%'를 쓸 수 없다"},
      v(p, 'value'),
    ),
  INVALID_QUALIFIED_NAME: (p) =>
    translate({id: 'checker.diagnostic.INVALID_QUALIFIED_NAME', message: '{value}: [접두사/]이름 형식이어야 한다(이름은 최대 63자)'}, v(p, 'value')),
  INVALID_LABEL_VALUE: (p) =>
    translate({id: 'checker.diagnostic.INVALID_LABEL_VALUE', message: '{value}: 레이블 값은 최대 63자의 영숫자, -, _, .이다'}, v(p, 'value')),
  ANNOTATIONS_TOO_LARGE: (p) =>
    translate(
      {id: 'checker.diagnostic.ANNOTATIONS_TOO_LARGE', message: '어노테이션 전체가 너무 크다: {size}바이트(한도 {limit}바이트)'},
      v(p, 'size', 'limit'),
    ),
  NAMESPACE_IGNORED: (p) =>
    translate({id: 'checker.diagnostic.NAMESPACE_IGNORED', message: '클러스터 범위 오브젝트라서 namespace: {namespace}은(는) 무시된다'}, v(p, 'namespace')),
  GENERATE_NAME_WITH_APPLY: () =>
    translate({id: 'checker.diagnostic.GENERATE_NAME_WITH_APPLY', message: 'generateName만 있으면 kubectl apply가 거부한다(kubectl create를 쓴다)'}),

  UNSUPPORTED_VALUE: (p) =>
    translate({id: 'checker.diagnostic.UNSUPPORTED_VALUE', message: '지원하지 않는 값 {value}. 쓸 수 있는 값: {supported}'}, v(p, 'value', 'supported')),
  DUPLICATE_VALUE: (p) => translate({id: 'checker.diagnostic.DUPLICATE_VALUE', message: '{value}이(가) 두 번 나온다. 겹치면 안 되는 값이다'}, v(p, 'value')),
  REFERENCE_NOT_FOUND: (p) =>
    translate(
      {id: 'checker.diagnostic.REFERENCE_NOT_FOUND', message: '{value}을(를) 가리키지만 오브젝트 안에 그런 것이 없다(예: 볼륨 없이 volumeMount)'},
      v(p, 'value'),
    ),
  FORBIDDEN_FIELD: (p) =>
    translate(
      {id: 'checker.diagnostic.FORBIDDEN_FIELD', message: '여기에는 {field}을(를) 쓸 수 없다: {reason}'},
      {...v(p, 'field'), reason: reasonOf(FORBIDDEN_REASON, p)},
    ),
  ONE_OF_REQUIRED: (p) => translate({id: 'checker.diagnostic.ONE_OF_REQUIRED', message: '{fields} 중 정확히 하나가 있어야 한다'}, v(p, 'fields')),
  MUTUALLY_EXCLUSIVE: (p) => translate({id: 'checker.diagnostic.MUTUALLY_EXCLUSIVE', message: '{fields} 중 하나만 쓸 수 있다'}, v(p, 'fields')),
  INVALID_PORT_NAME: (p) =>
    translate({id: 'checker.diagnostic.INVALID_PORT_NAME', message: '{value}: 포트 이름은 글자를 포함한 최대 15자의 a-z, 0-9, -이다'}, v(p, 'value')),
  INVALID_ENV_VAR_NAME: (p) =>
    translate({id: 'checker.diagnostic.INVALID_ENV_VAR_NAME', message: '{value}은(는) 환경 변수 이름으로 쓸 수 없다'}, v(p, 'value')),
  INVALID_CONFIG_KEY: (p) =>
    translate({id: 'checker.diagnostic.INVALID_CONFIG_KEY', message: '{value}: 컨피그맵과 시크릿의 키는 영숫자, -, _, .이다'}, v(p, 'value')),
  INVALID_PATH: (p) =>
    translate({id: 'checker.diagnostic.INVALID_PATH', message: '경로 {value}: {reason}'}, {...v(p, 'value'), reason: reasonOf(PATH_REASON, p)}),
  INVALID_FILE_MODE: (p) =>
    translate({id: 'checker.diagnostic.INVALID_FILE_MODE', message: '파일 모드 {value}은(는) 0부터 0777(8진수)까지여야 한다'}, v(p, 'value')),
  INVALID_CIDR: (p) => translate({id: 'checker.diagnostic.INVALID_CIDR', message: '{value}은(는) CIDR이 아니다(예: 10.0.0.0/16)'}, v(p, 'value')),
  INVALID_IP: (p) => translate({id: 'checker.diagnostic.INVALID_IP', message: '{value}은(는) IP 주소가 아니다'}, v(p, 'value')),
  CIDR_EXCEPT_OUTSIDE: (p) =>
    translate({id: 'checker.diagnostic.CIDR_EXCEPT_OUTSIDE', message: 'except의 {value}은(는) cidr {cidr}의 진부분집합이어야 한다'}, v(p, 'value', 'cidr')),
  SELECTOR_MISMATCH: () => translate({id: 'checker.diagnostic.SELECTOR_MISMATCH', message: '파드 템플릿의 레이블이 selector와 맞지 않는다'}),
  EMPTY_SELECTOR: () => translate({id: 'checker.diagnostic.EMPTY_SELECTOR', message: 'selector가 비어 있다(모든 파드를 고르게 된다)'}),
  REQUEST_EXCEEDS_LIMIT: (p) =>
    translate(
      {id: 'checker.diagnostic.REQUEST_EXCEEDS_LIMIT', message: '{resource}의 요청 {request}이(가) 제한 {limit}보다 크다'},
      v(p, 'resource', 'request', 'limit'),
    ),
  INVALID_RESOURCE_NAME: (p) =>
    translate(
      {id: 'checker.diagnostic.INVALID_RESOURCE_NAME', message: '{value}은(는) 리소스 이름이 아니다(cpu, memory, ephemeral-storage, hugepages-* 등)'},
      v(p, 'value'),
    ),
  INVALID_SECRET_DATA: (p) =>
    translate(
      {id: 'checker.diagnostic.INVALID_SECRET_DATA', message: '시크릿의 {key}이(가) 이 type에 맞지 않는다: {reason}'},
      {...v(p, 'key'), reason: reasonOf(SECRET_REASON, p)},
    ),
  INVALID_VALUE: (p) =>
    translate({id: 'checker.diagnostic.INVALID_VALUE', message: '잘못된 값 {value}: {reason}'}, {...v(p, 'value'), reason: reasonOf(INVALID_VALUE_REASON, p)}),

  CAPABILITY_LOWERCASE: (p) =>
    translate(
      {id: 'checker.diagnostic.CAPABILITY_LOWERCASE', message: '권한(capability) {value}은(는) 대문자로 쓴다: {suggestion}'},
      v(p, 'value', 'suggestion'),
    ),
  CAPABILITY_PREFIXED: (p) =>
    translate({id: 'checker.diagnostic.CAPABILITY_PREFIXED', message: '쿠버네티스에서는 CAP_ 접두사 없이 쓴다: {suggestion}'}, v(p, 'suggestion')),
  CAPABILITY_UNKNOWN: (p) => translate({id: 'checker.diagnostic.CAPABILITY_UNKNOWN', message: '리눅스에 {value}이라는 권한(capability)은 없다'}, v(p, 'value')),
  IMAGE_TAG_LATEST: (p) =>
    translate(
      {id: 'checker.diagnostic.IMAGE_TAG_LATEST', message: '이미지 {image}은(는) :latest 태그다. 매니페스트가 그대로여도 실행되는 것이 바뀔 수 있다'},
      v(p, 'image'),
    ),
  IMAGE_UNTAGGED: (p) =>
    translate({id: 'checker.diagnostic.IMAGE_UNTAGGED', message: '이미지 {image}에 태그나 다이제스트가 없다(:latest와 같다)'}, v(p, 'image')),
  RUN_AS_ROOT_CONFLICT: (p) =>
    translate(
      {id: 'checker.diagnostic.RUN_AS_ROOT_CONFLICT', message: '컨테이너 {container}: runAsNonRoot: true인데 runAsUser가 0이라 kubelet이 시작하지 않는다'},
      v(p, 'container'),
    ),
  SELECTOR_MATCHES_NOTHING: () =>
    translate({id: 'checker.diagnostic.SELECTOR_MATCHES_NOTHING', message: '레이블 셀렉터의 조건이 서로 모순이라 어떤 파드도 고르지 않는다'}),
  POLICY_SELECTS_NO_POD_IN_MANIFEST: (p) =>
    translate(
      {
        id: 'checker.diagnostic.POLICY_SELECTS_NO_POD_IN_MANIFEST',
        message: '이 네트워크폴리시의 podSelector는 이 매니페스트의 {namespace} 네임스페이스 파드를 하나도 고르지 않는다',
      },
      v(p, 'namespace'),
    ),
  DUPLICATE_ENV_VAR: (p) =>
    translate({id: 'checker.diagnostic.DUPLICATE_ENV_VAR', message: '환경 변수 {value}이(가) 두 번 정의되었다. 뒤의 것이 앞의 것을 가린다'}, v(p, 'value')),
} satisfies Record<DiagnosticCode, (p: Params) => string>;

/** A diagnostic in the reader's language (the code itself for a code this table does not know yet). */
export function diagnosticMessage(d: Pick<Diagnostic<string>, 'code' | 'params'>): string {
  const message = (DIAGNOSTIC_MESSAGES as Record<string, (p: Params) => string>)[d.code];
  return message ? message(d.params ?? {}) : d.code;
}
