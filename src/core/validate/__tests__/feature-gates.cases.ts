/**
 * Feature gates that change what kube-apiserver v1.36 accepts for the kinds the engine checks, at
 * their v1.36 defaults, each with a manifest whose verdict depends on the gate (see
 * feature-gates.test.ts). Each manifest was applied to kube-apiserver v1.36.3 with
 * kubectl apply --dry-run=server --validate=strict and got the verdict given here.
 */
export interface Gate {
  gate: string;
  /** The default in v1.36. */
  enabled: boolean;
  /** Where the gate changes validation. */
  where: string;
  /** A manifest whose verdict depends on the gate. */
  text: string;
  /** The error code the engine gives at the default, or null: accepted. */
  expect: string | null;
}

const sts = (strategy: string) =>
  `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\nspec:\n  selector: {matchLabels: {a: b}}\n  serviceName: s\n  updateStrategy:\n${strategy}  template:\n    metadata: {labels: {a: b}}\n    spec: {containers: [{name: c, image: nginx:1.27}]}\n`;
const pod = (spec: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: nginx:1.27}]\n${spec}`;

export const GATES: Gate[] = [
  {
    gate: 'TaintTolerationComparisonOperators',
    enabled: false,
    where: 'ValidateTolerations via allowTaintTolerationComparisonOperators (pkg/api/pod/util.go)',
    text: pod('  tolerations: [{key: k, operator: Gt, value: "5", effect: NoSchedule}]\n'),
    expect: 'UNSUPPORTED_VALUE',
  },
  {
    gate: 'UserNamespacesHostNetworkSupport',
    enabled: false,
    where: 'validateHostUsers (pkg/apis/core/validation/validation.go)',
    text: pod('  hostUsers: false\n  hostNetwork: true\n'),
    expect: 'FORBIDDEN_FIELD',
  },
  {
    gate: 'RelaxedServiceNameValidation',
    enabled: true,
    where: 'ValidateService name: NameIsDNSLabel instead of NameIsDNS1035Label',
    text: 'apiVersion: v1\nkind: Service\nmetadata: {name: 1web}\nspec:\n  ports: [{port: 80}]\n',
    expect: null,
  },
  {
    gate: 'HPAScaleToZero',
    enabled: false,
    where: 'validationOptionsForHorizontalPodAutoscaler: MinReplicasLowerBound 1 (pkg/registry/autoscaling/horizontalpodautoscaler/strategy.go)',
    text: 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 0\n  maxReplicas: 3\n  metrics:\n  - type: External\n    external:\n      metric: {name: queue}\n      target: {type: Value, value: "1"}\n',
    expect: 'VALUE_OUT_OF_RANGE',
  },
  {
    gate: 'HPAConfigurableTolerance',
    enabled: true,
    where: 'validateScalingRules: tolerance is kept and must not be negative (pkg/apis/autoscaling/validation)',
    text: 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  maxReplicas: 3\n  behavior:\n    scaleUp:\n      tolerance: "-1"\n',
    expect: 'VALUE_OUT_OF_RANGE',
  },
  {
    gate: 'MaxUnavailableStatefulSet',
    enabled: false,
    where: 'dropStatefulSetDisabledFields clears rollingUpdate.maxUnavailable (pkg/registry/apps/statefulset/strategy.go)',
    text: sts('    rollingUpdate: {maxUnavailable: 0}\n'),
    expect: null,
  },
  {
    gate: 'CoordinatedLeaderElection',
    enabled: false,
    where: 'the Lease strategy drops spec.strategy and spec.preferredHolder (pkg/registry/coordination/lease/strategy.go)',
    text: 'apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata: {name: l}\nspec:\n  strategy: "Bad Strategy!"\n  preferredHolder: x\n',
    expect: null,
  },
  {
    gate: 'VolumeAttributesClass',
    enabled: true,
    where: 'ValidatePersistentVolumeSpec: volumeAttributesClassName needs csi (opts.EnableVolumeAttributesClass)',
    text: 'apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: pv}\nspec:\n  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n  hostPath: {path: /mnt}\n  volumeAttributesClassName: gold\n',
    expect: 'REQUIRED_FIELD',
  },
  {
    gate: 'StrictIPCIDRValidation',
    enabled: true,
    where: 'IsValidCIDRForLegacyField: bits set past the prefix are refused (apimachinery/pkg/util/validation/ip.go)',
    text: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np}\nspec:\n  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.1/8}\n',
    expect: 'INVALID_CIDR',
  },
];
