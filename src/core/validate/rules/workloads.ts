/**
 * Pods and the workloads that template them: pkg/apis/apps/validation/validation.go and
 * pkg/apis/batch/validation/validation.go (Kubernetes v1.36), after the defaults of
 * pkg/apis/apps/v1/defaults.go and pkg/apis/batch/v1/defaults.go.
 */
import {isDNS1123Label, isLabelValue, isQualifiedName, isValidPercent} from '../formats';
import type {Path, Reporter} from '../reporter';
import {checkLabelSelector, checkName, checkObjectMeta, selectorIsEmpty} from './object-meta';
import {matchesLabelSelector as selectorMatches} from '../../netpol/label-selector';
import {checkPodSpec, checkPodTemplate} from './pod-spec';
import {checkPersistentVolumeClaimSpec} from './core-objects';
import {arr, has, isObj, num, obj, objItems, str, strMap, type Obj} from './values';

function nonNegative(r: Reporter, path: Path, value: unknown): void {
  // ValidateNonnegativeField (apimachinery/pkg/api/validation/generic.go)
  if (typeof value === 'number' && value < 0) r.report('VALUE_OUT_OF_RANGE', path, {value, min: 0});
}

function templateLabels(spec: Obj): Record<string, string> {
  return Object.fromEntries(strMap(obj(obj(spec.template)?.metadata)?.labels));
}

function templateRestartPolicy(spec: Obj): string {
  // SetDefaults_PodSpec: an empty restartPolicy becomes Always
  return str(obj(obj(spec.template)?.spec)?.restartPolicy) || 'Always';
}

/** ValidatePodCreate -> validatePodMetadataAndSpec (pkg/apis/core/validation/validation.go). */
export function checkPod(r: Reporter, o: Obj): void {
  // ValidatePodName = NameIsDNSSubdomain
  checkObjectMeta(r, o, 'dns1123-subdomain', true);
  checkPodSpec(r, ['spec'], obj(o.spec) ?? {}, {isPod: true});
}

/**
 * The selector rules shared by Deployment, ReplicaSet and StatefulSet (ValidateDeploymentSpec,
 * ValidateReplicaSetSpec, ValidateStatefulSetSpec): selector required and not empty, and it must
 * match the template's labels.
 */
function checkWorkloadSelector(r: Reporter, spec: Obj): void {
  if (!has(spec, 'selector')) {
    if (!r.has('REQUIRED_FIELD', ['spec', 'selector'])) r.report('REQUIRED_FIELD', ['spec', 'selector'], {field: 'selector'});
    return;
  }
  const valid = checkLabelSelector(r, ['spec', 'selector'], spec.selector);
  if (selectorIsEmpty(spec.selector)) {
    r.report('EMPTY_SELECTOR', ['spec', 'selector']);
    return;
  }
  // ValidatePodTemplateSpecForReplicaSet: "`selector` does not match template `labels`"
  if (valid && !selectorMatches(spec.selector, templateLabels(spec))) {
    r.report('SELECTOR_MISMATCH', ['spec', 'template', 'metadata', 'labels']);
  }
}

/** Template rules of ValidatePodTemplateSpecForReplicaSet / DaemonSet / StatefulSet. */
function checkAlwaysRestartTemplate(r: Reporter, spec: Obj): void {
  checkPodTemplate(r, ['spec', 'template'], spec.template);
  const policy = templateRestartPolicy(spec);
  if (policy !== 'Always') {
    r.report('UNSUPPORTED_VALUE', ['spec', 'template', 'spec', 'restartPolicy'], {value: policy, supported: 'Always'});
  }
  if (has(obj(obj(spec.template)?.spec), 'activeDeadlineSeconds')) {
    r.report('FORBIDDEN_FIELD', ['spec', 'template', 'spec', 'activeDeadlineSeconds'], {field: 'activeDeadlineSeconds', reason: 'template'});
  }
}

/** getIntOrPercentValue + ValidatePositiveIntOrPercent + IsNotMoreThan100Percent (apps validation). */
function intOrPercent(r: Reporter, path: Path, value: unknown, maxPercent = true): number | undefined {
  if (typeof value === 'number') {
    nonNegative(r, path, value);
    return value;
  }
  if (typeof value === 'string') {
    if (!isValidPercent(value)) {
      r.report('INVALID_VALUE', path, {value, reason: 'format'});
      return undefined;
    }
    const n = Number(value.slice(0, -1));
    if (maxPercent && n > 100) r.report('VALUE_OUT_OF_RANGE', path, {value, max: '100%'});
    return n;
  }
  return undefined;
}

/** ValidateDeployment -> ValidateDeploymentSpec + ValidateDeploymentStrategy. */
export function checkDeployment(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', true);
  const spec = obj(o.spec) ?? {};
  nonNegative(r, ['spec', 'replicas'], spec.replicas);
  checkWorkloadSelector(r, spec);
  checkAlwaysRestartTemplate(r, spec);
  const strategy = obj(spec.strategy) ?? {};
  const type = str(strategy.type) || 'RollingUpdate';
  if (type === 'Recreate') {
    if (has(strategy, 'rollingUpdate'))
      r.report('FORBIDDEN_FIELD', ['spec', 'strategy', 'rollingUpdate'], {field: 'rollingUpdate', reason: 'needs-other-field'});
  } else if (type === 'RollingUpdate') {
    // ValidateRollingUpdateDeployment; both default to 25%
    const ru = obj(strategy.rollingUpdate) ?? {};
    const p = ['spec', 'strategy', 'rollingUpdate'];
    const mu = has(ru, 'maxUnavailable') ? intOrPercent(r, [...p, 'maxUnavailable'], ru.maxUnavailable) : 25;
    const ms = has(ru, 'maxSurge') ? intOrPercent(r, [...p, 'maxSurge'], ru.maxSurge, false) : 25;
    if (mu === 0 && ms === 0) r.report('INVALID_VALUE', [...p, 'maxUnavailable'], {value: 0, reason: 'must-be-positive'});
  } else {
    r.report('UNSUPPORTED_VALUE', ['spec', 'strategy', 'type'], {value: type, supported: 'Recreate, RollingUpdate'});
  }
  nonNegative(r, ['spec', 'minReadySeconds'], spec.minReadySeconds);
  nonNegative(r, ['spec', 'revisionHistoryLimit'], spec.revisionHistoryLimit);
  // progressDeadlineSeconds (default 600) must be greater than minReadySeconds
  const pds = num(spec.progressDeadlineSeconds) ?? 600;
  nonNegative(r, ['spec', 'progressDeadlineSeconds'], spec.progressDeadlineSeconds);
  if (pds <= (num(spec.minReadySeconds) ?? 0)) {
    r.report('INVALID_VALUE', ['spec', 'progressDeadlineSeconds'], {value: pds, reason: 'must-be-positive'});
  }
}

/** ValidateReplicaSet -> ValidateReplicaSetSpec. */
export function checkReplicaSet(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', true);
  const spec = obj(o.spec) ?? {};
  nonNegative(r, ['spec', 'replicas'], spec.replicas);
  nonNegative(r, ['spec', 'minReadySeconds'], spec.minReadySeconds);
  checkWorkloadSelector(r, spec);
  checkAlwaysRestartTemplate(r, spec);
}

/** ValidateDaemonSet -> ValidateDaemonSetSpec + ValidateDaemonSetUpdateStrategy. */
export function checkDaemonSet(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', true);
  const spec = obj(o.spec) ?? {};
  const valid = checkLabelSelector(r, ['spec', 'selector'], spec.selector);
  // A missing selector selects nothing, so it never matches the template labels.
  if (valid && (!has(spec, 'selector') || !selectorMatches(spec.selector, templateLabels(spec)))) {
    if (!has(spec, 'selector')) {
      if (!r.has('REQUIRED_FIELD', ['spec', 'selector'])) r.report('REQUIRED_FIELD', ['spec', 'selector'], {field: 'selector'});
    } else r.report('SELECTOR_MISMATCH', ['spec', 'template', 'metadata', 'labels']);
  }
  if (has(spec, 'selector') && selectorIsEmpty(spec.selector)) r.report('EMPTY_SELECTOR', ['spec', 'selector']);
  checkAlwaysRestartTemplate(r, spec);
  nonNegative(r, ['spec', 'minReadySeconds'], spec.minReadySeconds);
  nonNegative(r, ['spec', 'revisionHistoryLimit'], spec.revisionHistoryLimit);
  const strategy = obj(spec.updateStrategy) ?? {};
  const type = str(strategy.type) || 'RollingUpdate';
  if (type === 'RollingUpdate') {
    // ValidateRollingUpdateDaemonSet; defaults maxUnavailable 1, maxSurge 0
    const ru = obj(strategy.rollingUpdate) ?? {};
    const p = ['spec', 'updateStrategy', 'rollingUpdate'];
    const mu = has(ru, 'maxUnavailable') ? intOrPercent(r, [...p, 'maxUnavailable'], ru.maxUnavailable) : 1;
    const ms = has(ru, 'maxSurge') ? intOrPercent(r, [...p, 'maxSurge'], ru.maxSurge) : 0;
    if (mu !== undefined && ms !== undefined) {
      if (mu !== 0 && ms !== 0) r.report('MUTUALLY_EXCLUSIVE', [...p, 'maxSurge'], {fields: 'maxSurge, maxUnavailable'});
      else if (mu === 0 && ms === 0) r.report('INVALID_VALUE', [...p, 'maxUnavailable'], {value: 0, reason: 'must-be-positive'});
    }
  } else if (type !== 'OnDelete') {
    r.report('UNSUPPORTED_VALUE', ['spec', 'updateStrategy', 'type'], {value: type, supported: 'OnDelete, RollingUpdate'});
  }
}

/** ValidateStatefulSet -> ValidateStatefulSetSpec (ValidateStatefulSetName = NameIsDNSLabel). */
export function checkStatefulSet(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-label', true);
  const spec = obj(o.spec) ?? {};
  const pmp = str(spec.podManagementPolicy);
  if (pmp !== '' && pmp !== 'OrderedReady' && pmp !== 'Parallel') {
    r.report('UNSUPPORTED_VALUE', ['spec', 'podManagementPolicy'], {value: pmp, supported: 'OrderedReady, Parallel'});
  }
  const strategy = obj(spec.updateStrategy) ?? {};
  const type = str(strategy.type) || 'RollingUpdate';
  if (type === 'OnDelete') {
    if (has(strategy, 'rollingUpdate'))
      r.report('FORBIDDEN_FIELD', ['spec', 'updateStrategy', 'rollingUpdate'], {field: 'rollingUpdate', reason: 'needs-other-field'});
  } else if (type === 'RollingUpdate') {
    const ru = obj(strategy.rollingUpdate);
    if (ru) {
      // validateRollingUpdateStatefulSet
      nonNegative(r, ['spec', 'updateStrategy', 'rollingUpdate', 'partition'], ru.partition);
      // maxUnavailable is not checked: the MaxUnavailableStatefulSet feature gate is off by
      // default in v1.36 (beta, default false: pkg/features/kube_features.go), and
      // dropStatefulSetDisabledFields (pkg/registry/apps/statefulset/strategy.go) clears the
      // field before validation, so any value is accepted (and dropped).
    }
  } else {
    r.report('UNSUPPORTED_VALUE', ['spec', 'updateStrategy', 'type'], {value: type, supported: 'OnDelete, RollingUpdate'});
  }
  const retention = obj(spec.persistentVolumeClaimRetentionPolicy);
  for (const f of ['whenDeleted', 'whenScaled']) {
    const v = str(retention?.[f]);
    if (v !== '' && v !== 'Retain' && v !== 'Delete') {
      r.report('UNSUPPORTED_VALUE', ['spec', 'persistentVolumeClaimRetentionPolicy', f], {value: v, supported: 'Delete, Retain'});
    }
  }
  nonNegative(r, ['spec', 'replicas'], spec.replicas);
  nonNegative(r, ['spec', 'minReadySeconds'], spec.minReadySeconds);
  nonNegative(r, ['spec', 'ordinals', 'start'], obj(spec.ordinals)?.start);
  const serviceName = str(spec.serviceName);
  if (serviceName !== '') checkName(r, ['spec', 'serviceName'], serviceName, 'dns1123-label');
  checkWorkloadSelector(r, spec);
  // validateVolumeClaimTemplates
  for (const [t, i] of objItems(spec.volumeClaimTemplates)) checkPersistentVolumeClaimSpec(r, ['spec', 'volumeClaimTemplates', i, 'spec'], obj(t.spec) ?? {});
  // The controller sets hostname and subdomain itself, and adds the volumes of the claim
  // templates (ValidateStatefulSetSpec validates a copy of the template with those changes).
  const template = obj(spec.template) ?? {};
  const tspec = {...(obj(template.spec) ?? {})};
  delete tspec.hostname;
  delete tspec.subdomain;
  const claimNames = new Set<string>();
  (Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : []).forEach((t) => {
    const n = str(obj(obj(t)?.metadata)?.name);
    claimNames.add(n);
  });
  if (claimNames.size) {
    const vols = (Array.isArray(tspec.volumes) ? tspec.volumes : []).filter((v) => !claimNames.has(str(obj(v)?.name)));
    tspec.volumes = [...[...claimNames].map((name) => ({name, persistentVolumeClaim: {claimName: name}})), ...vols];
  }
  checkPodTemplate(r, ['spec', 'template'], {...template, spec: tspec});
  const policy = templateRestartPolicy(spec);
  if (policy !== 'Always') r.report('UNSUPPORTED_VALUE', ['spec', 'template', 'spec', 'restartPolicy'], {value: policy, supported: 'Always'});
  if (has(obj(template.spec), 'activeDeadlineSeconds')) {
    r.report('FORBIDDEN_FIELD', ['spec', 'template', 'spec', 'activeDeadlineSeconds'], {field: 'activeDeadlineSeconds', reason: 'template'});
  }
}

/** validateJobSpec (shared by Jobs and CronJob job templates). */
function checkJobSpec(r: Reporter, path: Path, spec: Obj): void {
  for (const f of [
    'parallelism',
    'completions',
    'activeDeadlineSeconds',
    'backoffLimit',
    'ttlSecondsAfterFinished',
    'backoffLimitPerIndex',
    'maxFailedIndexes',
  ]) {
    nonNegative(r, [...path, f], spec[f]);
  }
  const mode = str(spec.completionMode);
  if (mode !== '' && mode !== 'NonIndexed' && mode !== 'Indexed') {
    r.report('UNSUPPORTED_VALUE', [...path, 'completionMode'], {value: mode, supported: 'NonIndexed, Indexed'});
  }
  if (mode === 'Indexed' && !has(spec, 'completions')) r.report('REQUIRED_FIELD', [...path, 'completions'], {field: 'completions'});
  if (mode !== 'Indexed') {
    for (const f of ['backoffLimitPerIndex', 'maxFailedIndexes', 'successPolicy']) {
      if (has(spec, f)) r.report('FORBIDDEN_FIELD', [...path, f], {field: f, reason: 'needs-other-field'});
    }
  }
  if (has(spec, 'maxFailedIndexes') && !has(spec, 'backoffLimitPerIndex')) {
    r.report('REQUIRED_FIELD', [...path, 'backoffLimitPerIndex'], {field: 'backoffLimitPerIndex'});
  }
  if (has(spec, 'podFailurePolicy')) checkPodFailurePolicy(r, [...path, 'podFailurePolicy'], spec);
  // validatePodReplacementPolicy
  const prp = optStrOf(spec.podReplacementPolicy);
  if (prp !== undefined) {
    const allowed = has(spec, 'podFailurePolicy') ? ['Failed'] : ['Failed', 'TerminatingOrFailed'];
    if (!allowed.includes(prp)) r.report('UNSUPPORTED_VALUE', [...path, 'podReplacementPolicy'], {value: prp, supported: allowed.join(', ')});
  }
  if (mode === 'Indexed' && has(spec, 'successPolicy')) {
    // validateSuccessPolicy: at least one rule, each with succeededCount or succeededIndexes
    const rules = arr(obj(spec.successPolicy)?.rules);
    if (rules.length === 0) r.report('REQUIRED_FIELD', [...path, 'successPolicy', 'rules'], {field: 'rules'});
    rules.forEach((rule, i) => {
      const ro = obj(rule) ?? {};
      if (!has(ro, 'succeededCount') && !has(ro, 'succeededIndexes'))
        r.report('ONE_OF_REQUIRED', [...path, 'successPolicy', 'rules', i], {fields: 'succeededCount, succeededIndexes'});
      nonNegative(r, [...path, 'successPolicy', 'rules', i, 'succeededCount'], ro.succeededCount);
      const completions = num(spec.completions);
      const sc = num(ro.succeededCount);
      if (sc !== undefined && completions !== undefined && sc > completions) {
        r.report('VALUE_OUT_OF_RANGE', [...path, 'successPolicy', 'rules', i, 'succeededCount'], {value: sc, max: completions});
      }
    });
  }
  checkPodTemplate(r, [...path, 'template'], spec.template);
  // "spec.template.spec.restartPolicy: Required value: valid values: OnFailure, Never"
  const policy = templateRestartPolicy(spec);
  if (policy === 'Always') {
    r.report('UNSUPPORTED_VALUE', [...path, 'template', 'spec', 'restartPolicy'], {value: 'Always', supported: 'OnFailure, Never'});
  } else if (policy !== 'OnFailure' && policy !== 'Never') {
    r.report('UNSUPPORTED_VALUE', [...path, 'template', 'spec', 'restartPolicy'], {value: policy, supported: 'OnFailure, Never'});
  } else if (has(spec, 'podFailurePolicy') && policy !== 'Never') {
    r.report('UNSUPPORTED_VALUE', [...path, 'template', 'spec', 'restartPolicy'], {value: policy, supported: 'Never'});
  }
}

function optStrOf(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** validatePodFailurePolicy + validatePodFailurePolicyRule (+ OnExitCodes, OnPodConditions). */
function checkPodFailurePolicy(r: Reporter, path: Path, spec: Obj): void {
  const policy = obj(spec.podFailurePolicy) ?? {};
  const tspec = obj(obj(spec.template)?.spec) ?? {};
  const names = new Set([...arr(tspec.containers), ...arr(tspec.initContainers)].map((c) => str(obj(c)?.name)));
  const rules = arr(policy.rules);
  if (rules.length > 20) r.report('VALUE_OUT_OF_RANGE', [...path, 'rules'], {value: rules.length, max: 20});
  rules.forEach((rule, i) => {
    const p = [...path, 'rules', i];
    const ro = obj(rule) ?? {};
    const action = str(ro.action);
    const actions = ['Count', 'FailIndex', 'FailJob', 'Ignore'];
    if (action === '') {
      if (!r.has('REQUIRED_FIELD', [...p, 'action'])) r.report('REQUIRED_FIELD', [...p, 'action'], {field: 'action'});
    } else if (action === 'FailIndex') {
      if (!has(spec, 'backoffLimitPerIndex')) r.report('REQUIRED_FIELD', [...path.slice(0, -1), 'backoffLimitPerIndex'], {field: 'backoffLimitPerIndex'});
    } else if (!actions.includes(action)) r.report('UNSUPPORTED_VALUE', [...p, 'action'], {value: action, supported: actions.join(', ')});
    const exit = obj(ro.onExitCodes);
    const conditions = arr(ro.onPodConditions);
    if (exit) {
      const ep = [...p, 'onExitCodes'];
      const op = str(exit.operator);
      if (op === '') {
        if (!r.has('REQUIRED_FIELD', [...ep, 'operator'])) r.report('REQUIRED_FIELD', [...ep, 'operator'], {field: 'operator'});
      } else if (op !== 'In' && op !== 'NotIn') r.report('UNSUPPORTED_VALUE', [...ep, 'operator'], {value: op, supported: 'In, NotIn'});
      if (typeof exit.containerName === 'string' && !names.has(exit.containerName)) {
        r.report('REFERENCE_NOT_FOUND', [...ep, 'containerName'], {value: exit.containerName});
      }
      const values = arr(exit.values).filter((v): v is number => typeof v === 'number');
      if (values.length === 0) {
        if (!r.has('REQUIRED_FIELD', [...ep, 'values'])) r.report('REQUIRED_FIELD', [...ep, 'values'], {field: 'values'});
      } else if (values.length > 255) r.report('VALUE_OUT_OF_RANGE', [...ep, 'values'], {value: values.length, max: 255});
      const seen = new Set<number>();
      let ordered = true;
      values.forEach((v, j) => {
        if (op === 'In' && v === 0) r.report('INVALID_VALUE', [...ep, 'values', j], {value: 0, reason: 'must-be-positive'});
        if (seen.has(v)) r.report('DUPLICATE_VALUE', [...ep, 'values', j], {value: v});
        seen.add(v);
        if (j > 0 && values[j - 1] > v) ordered = false;
      });
      if (!ordered) r.report('INVALID_VALUE', [...ep, 'values'], {value: values.join(','), reason: 'format'});
    }
    conditions.forEach((c, j) => {
      const co = obj(c) ?? {};
      const cp = [...p, 'onPodConditions', j];
      const type = str(co.type);
      if (!isQualifiedName(type)) r.report('INVALID_QUALIFIED_NAME', [...cp, 'type'], {value: type});
      // status defaults to True (SetDefaults_PodFailurePolicyOnPodConditionsPattern)
      const status = str(co.status);
      if (status !== '' && !['True', 'False', 'Unknown'].includes(status))
        r.report('UNSUPPORTED_VALUE', [...cp, 'status'], {value: status, supported: 'False, True, Unknown'});
    });
    if (exit && conditions.length > 0) r.report('MUTUALLY_EXCLUSIVE', p, {fields: 'onExitCodes, onPodConditions'});
    if (!exit && conditions.length === 0) r.report('ONE_OF_REQUIRED', p, {fields: 'onExitCodes, onPodConditions'});
  });
}

const JOB_NAME_LABELS = ['job-name', 'batch.kubernetes.io/job-name'];
const CONTROLLER_UID_LABELS = ['controller-uid', 'batch.kubernetes.io/controller-uid'];

/**
 * ValidateJob: name, validateGeneratedSelector and ValidateJobSpec. Unless manualSelector is
 * true, the registry (generateSelector in pkg/registry/batch/job/strategy.go) labels the
 * template with the job's name and uid and selects on the uid.
 */
export function checkJob(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', true);
  const name = str(obj(o.metadata)?.name);
  const spec = obj(o.spec) ?? {};
  checkJobSpec(r, ['spec'], spec);
  // ValidateJob: an Indexed job's pods are named <name>-<index>, which must be a DNS label.
  const completions = num(spec.completions);
  if (spec.completionMode === 'Indexed' && completions !== undefined && completions > 0 && name !== '' && !isDNS1123Label(`${name}-${completions - 1}`)) {
    r.report('INVALID_DNS1123_LABEL', ['metadata', 'name'], {value: `${name}-${completions - 1}`, maxLength: 63});
  }
  const labels = templateLabels(spec);
  if (spec.manualSelector === true) {
    if (!has(spec, 'selector')) r.report('REQUIRED_FIELD', ['spec', 'selector'], {field: 'selector'});
    else if (checkLabelSelector(r, ['spec', 'selector'], spec.selector) && !selectorMatches(spec.selector, labels)) {
      r.report('SELECTOR_MISMATCH', ['spec', 'template', 'metadata', 'labels']);
    }
    return;
  }
  // The generated labels: job-name = the name (a label value: at most 63 characters).
  if (name !== '' && !isLabelValue(name) && !JOB_NAME_LABELS.every((k) => k in labels)) {
    r.report('INVALID_LABEL_VALUE', ['metadata', 'name'], {value: name});
  }
  for (const k of JOB_NAME_LABELS) {
    if (k in labels && labels[k] !== name) r.report('INVALID_VALUE', ['spec', 'template', 'metadata', 'labels', k], {value: labels[k], reason: 'format'});
  }
  for (const k of CONTROLLER_UID_LABELS) {
    // The uid is not known before creation: any preset value is wrong.
    if (k in labels) r.report('INVALID_VALUE', ['spec', 'template', 'metadata', 'labels', k], {value: labels[k], reason: 'format'});
  }
  if (has(spec, 'selector')) {
    // "`selector` not auto-generated": it must match the generated labels.
    const expected: Record<string, string> = {'controller-uid': '\u0000uid', 'job-name': name, 'batch.kubernetes.io/job-name': name};
    if (checkLabelSelector(r, ['spec', 'selector'], spec.selector) && !selectorMatches(spec.selector, expected)) {
      r.report('INVALID_VALUE', ['spec', 'selector'], {value: 'selector', reason: 'format'});
    }
  }
}

/** ValidateCronJobCreate + validateCronJobSpec + ValidateJobTemplateSpec. */
export function checkCronJob(r: Reporter, o: Obj): void {
  checkObjectMeta(r, o, 'dns1123-subdomain', true);
  const name = str(obj(o.metadata)?.name);
  // The controller appends an 11-character suffix to job names: at most 52 characters.
  if (name.length > 52) r.report('VALUE_OUT_OF_RANGE', ['metadata', 'name'], {value: name.length, max: 52});
  const spec = obj(o.spec) ?? {};
  const schedule = str(spec.schedule);
  if (schedule === '') {
    if (!r.has('REQUIRED_FIELD', ['spec', 'schedule'])) r.report('REQUIRED_FIELD', ['spec', 'schedule'], {field: 'schedule'});
  } else {
    if (!isCronSchedule(schedule)) r.report('INVALID_VALUE', ['spec', 'schedule'], {value: schedule, reason: 'cron-schedule'});
    else if (schedule.includes('TZ')) r.report('FORBIDDEN_FIELD', ['spec', 'schedule'], {field: 'schedule', reason: 'not-allowed'});
  }
  nonNegative(r, ['spec', 'startingDeadlineSeconds'], spec.startingDeadlineSeconds);
  if (typeof spec.timeZone === 'string') {
    // validateTimeZone (the IANA database lookup is approximated by the name syntax)
    const tz = spec.timeZone;
    const ok =
      tz !== '' &&
      tz.toLowerCase() !== 'local' &&
      tz.split('/').every((part) => part !== '.' && part !== '..' && !part.startsWith('-') && /^[A-Za-z.\-_0-9+]{1,14}$/.test(part));
    if (!ok) r.report('INVALID_VALUE', ['spec', 'timeZone'], {value: tz, reason: 'format'});
  }
  const cp = str(spec.concurrencyPolicy);
  if (cp !== '' && !['Allow', 'Forbid', 'Replace'].includes(cp)) {
    r.report('UNSUPPORTED_VALUE', ['spec', 'concurrencyPolicy'], {value: cp, supported: 'Allow, Forbid, Replace'});
  }
  nonNegative(r, ['spec', 'successfulJobsHistoryLimit'], spec.successfulJobsHistoryLimit);
  nonNegative(r, ['spec', 'failedJobsHistoryLimit'], spec.failedJobsHistoryLimit);
  const jt = obj(spec.jobTemplate) ?? {};
  const jspec = obj(jt.spec) ?? {};
  checkJobSpec(r, ['spec', 'jobTemplate', 'spec'], jspec);
  if (has(jspec, 'selector')) r.report('FORBIDDEN_FIELD', ['spec', 'jobTemplate', 'spec', 'selector'], {field: 'selector', reason: 'template'});
  if (jspec.manualSelector === true) r.report('UNSUPPORTED_VALUE', ['spec', 'jobTemplate', 'spec', 'manualSelector'], {value: 'true', supported: 'false'});
}

const CRON_FIELDS: {min: number; max: number; names?: string[]}[] = [
  {min: 0, max: 59},
  {min: 0, max: 23},
  {min: 1, max: 31},
  {min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']},
  {min: 0, max: 6, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']},
];

/** ParseCronScheduleWithPanicRecovery -> robfig/cron/v3 ParseStandard: five fields or a descriptor. */
export function isCronSchedule(input: string): boolean {
  let s = input.trim();
  const tz = /^(CRON_)?TZ=\S+\s+/.exec(s);
  if (tz) s = s.slice(tz[0].length);
  if (s.startsWith('@')) {
    if (['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'].includes(s)) return true;
    const every = /^@every (.+)$/.exec(s);
    return every !== null && /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/.test(every[1]);
  }
  const fields = s.split(/\s+/);
  if (fields.length !== 5) return false;
  return fields.every((f, i) => f.split(',').every((part) => cronPart(part, CRON_FIELDS[i])));
}

function cronPart(part: string, spec: {min: number; max: number; names?: string[]}): boolean {
  const [range, step, ...rest] = part.split('/');
  if (rest.length) return false;
  if (step !== undefined && !/^[0-9]+$/.test(step)) return false;
  if (step !== undefined && Number(step) === 0) return false;
  const value = (t: string): number | undefined => {
    if (/^[0-9]+$/.test(t)) return Number(t);
    const i = spec.names?.indexOf(t.toLowerCase()) ?? -1;
    return i >= 0 ? i + spec.min : undefined;
  };
  if (range === '*' || range === '?') return true;
  const bounds = range.split('-');
  if (bounds.length > 2) return false;
  const lo = value(bounds[0]);
  const hi = bounds.length === 2 ? value(bounds[1]) : lo;
  if (lo === undefined || hi === undefined) return false;
  return lo >= spec.min && hi <= spec.max && lo <= hi;
}

export {isObj};
