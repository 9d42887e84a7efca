/**
 * describe deployment, and the errors of an apply that changes an existing object into one the
 * server cannot decode. Expected texts are kubectl 1.36.3's on the local control plane
 * (scripts/control-plane) for the same command lines, with the ReplicaSet hash replaced (the
 * lab's is not the controller's).
 */
import {describe, expect, it} from '@jest/globals';
import {createLab} from '../../index';
import {goValue, quotedApplyPatch} from '../apply-patch';

let clock = new Date('2026-01-01T00:00:00Z').getTime();
const now = () => new Date(clock);
const hashless = (s: string) => s.replace(/web-dashboard-[bcdfghjklmnpqrstvwxz2456789]{8,10}\b/g, 'web-dashboard-<hash>');

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-dashboard
  namespace: default
spec:
  replicas: 1
  selector:
    matchLabels:
      name: web-dashboard
  template:
    metadata:
      labels:
        name: web-dashboard
    spec:
      containers:
      - name: web-dashboard
        image: kodekloud/my-kubernetes-dashboard
        env:
        - name: PYTHONUNBUFFERED
          value: "1"
        ports:
        - containerPort: 8080
          protocol: TCP
`;

const HEAD = (revision: number, replicas: string) => `Name:                   web-dashboard
Namespace:              default
CreationTimestamp:      Thu, 01 Jan 2026 00:00:00 +0000
Labels:                 <none>
Annotations:            deployment.kubernetes.io/revision: ${revision}
Selector:               name=web-dashboard
Replicas:               ${replicas}
StrategyType:           RollingUpdate
MinReadySeconds:        0
RollingUpdateStrategy:  25% max unavailable, 25% max surge
Pod Template:
`;

const CONTAINERS = `  Containers:
   web-dashboard:
    Image:      kodekloud/my-kubernetes-dashboard
    Port:       8080/TCP
    Host Port:  0/TCP
    Environment:
      PYTHONUNBUFFERED:  1
    Mounts:              <none>
  Volumes:               <none>
  Node-Selectors:        <none>
  Tolerations:           <none>
Conditions:
  Type           Status  Reason
  ----           ------  ------
  Available      False   MinimumReplicasUnavailable
  Progressing    True    ReplicaSetUpdated
`;

describe('describe deployment', () => {
  it('prints the pod template, the rollout and the controller events as kubectl does', () => {
    clock = new Date('2026-01-01T00:00:00Z').getTime();
    const lab = createLab([], {now, seed: 1});
    expect(lab.run('kubectl apply -f d.yaml', {'d.yaml': DEPLOYMENT}).exitCode).toBe(0);
    clock += 2000;
    expect(hashless(lab.run('kubectl describe deployment web-dashboard').stdout)).toBe(
      HEAD(1, '1 desired | 1 updated | 1 total | 0 available | 1 unavailable') +
        '  Labels:  name=web-dashboard\n' +
        CONTAINERS +
        `OldReplicaSets:  <none>
NewReplicaSet:   web-dashboard-<hash> (1/1 replicas created)
Events:
  Type    Reason             Age   From                   Message
  ----    ------             ----  ----                   -------
  Normal  ScalingReplicaSet  2s    deployment-controller  Scaled up replica set web-dashboard-<hash> from 0 to 1
`,
    );
    lab.run('kubectl create sa dashboard-sa');
    expect(lab.run('kubectl set serviceaccount deployment web-dashboard dashboard-sa').stdout).toBe('deployment.apps/web-dashboard serviceaccount updated\n');
    expect(hashless(lab.run('kubectl describe deployment web-dashboard').stdout)).toBe(
      HEAD(2, '1 desired | 1 updated | 2 total | 0 available | 2 unavailable') +
        '  Labels:           name=web-dashboard\n  Service Account:  dashboard-sa\n' +
        CONTAINERS +
        `OldReplicaSets:  web-dashboard-<hash> (1/1 replicas created)
NewReplicaSet:   web-dashboard-<hash> (1/1 replicas created)
Events:
  Type    Reason             Age   From                   Message
  ----    ------             ----  ----                   -------
  Normal  ScalingReplicaSet  2s    deployment-controller  Scaled up replica set web-dashboard-<hash> from 0 to 1
  Normal  ScalingReplicaSet  0s    deployment-controller  Scaled up replica set web-dashboard-<hash> from 0 to 1
`,
    );
  });
});

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: ubuntu-sleeper
  namespace: default
spec:
  containers:
  - command: ["sleep", "4800"]
    image: ubuntu
    name: ubuntu-sleeper
`;

describe('apply of an undecodable change to an existing object', () => {
  it('quotes the patch the server merged, as a Go map, with the decoding error', () => {
    const lab = createLab([], {now, seed: 1});
    expect(lab.run('kubectl run ubuntu-sleeper --image=ubuntu --command -- sleep 4800').exitCode).toBe(0);
    const wrong = POD.replace('spec:\n  containers', 'spec:\n  securityContext:\n    runAsUser: "1010"\n  containers');
    const r = lab.run('kubectl apply -f wrong.yaml', {'wrong.yaml': wrong});
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(
      'Warning: resource pods/ubuntu-sleeper is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n' +
        'The request is invalid: patch: Invalid value: "map[metadata:map[annotations:map[kubectl.kubernetes.io/last-applied-configuration:{\\"apiVersion\\":\\"v1\\",\\"kind\\":\\"Pod\\",\\"metadata\\":{\\"annotations\\":{},\\"name\\":\\"ubuntu-sleeper\\",\\"namespace\\":\\"default\\"},\\"spec\\":{\\"containers\\":[{\\"command\\":[\\"sleep\\",\\"4800\\"],\\"image\\":\\"ubuntu\\",\\"name\\":\\"ubuntu-sleeper\\"}],\\"securityContext\\":{\\"runAsUser\\":\\"1010\\"}}}\\n]] spec:map[securityContext:map[runAsUser:1010]]]": unrecognized type: int64\n',
    );
    const ssa = lab.run('kubectl apply --server-side -f wrong.yaml', {'wrong.yaml': wrong});
    expect(ssa.stderr).toBe(
      'Error from server: failed to create typed patch object (default/ubuntu-sleeper; /v1, Kind=Pod): .spec.securityContext.runAsUser: expected numeric (int or float), got string\n',
    );
  });

  it('leaves merging lists out of the quoted patch but keeps the maps around them', () => {
    const current = {spec: {template: {spec: {containers: [{name: 'a', image: 'x', terminationMessagePath: '/dev/termination-log'}]}}}};
    const modified = {spec: {template: {spec: {containers: [{name: 'a', image: 'x', imagePullSecrets: [{name: 's'}]}]}}}};
    expect(goValue(quotedApplyPatch({}, modified, current))).toBe('map[spec:map[template:map[spec:map[]]]]');
    // a list without a merge strategy is replaced whole; what the last apply set and the file dropped is null
    expect(goValue(quotedApplyPatch({spec: {replicas: 2}, x: 1}, {spec: {tolerations: [{key: 'k'}]}}, {spec: {replicas: 2}, x: 1}))).toBe(
      'map[spec:map[replicas:<nil> tolerations:[map[key:k]]] x:<nil>]',
    );
  });

  it("prints numbers as Go's %v of a float64", () => {
    expect(goValue([1010, 123456, 1000000, 1234567, 0.5, 0.00001, 2, true, null])).toBe('[1010 123456 1e+06 1.234567e+06 0.5 1e-05 2 true <nil>]');
  });
});

describe('found by the seeded random sequences (seeds 2 and 3) and the config cases', () => {
  it('can-i says why RBAC could not resolve a binding, as the denial reason', () => {
    const lab = createLab([], {now, seed: 1});
    lab.run('kubectl create rolebinding a --clusterrole=web --user=bob');
    lab.run('kubectl create rolebinding b --clusterrole=web --user=bob');
    expect(lab.run('kubectl auth can-i watch configmaps --as bob').stdout).toBe('no - RBAC: clusterrole.rbac.authorization.k8s.io "web" not found\n');
    // cluster-wide, the namespace's RoleBindings are not visited
    expect(lab.run('kubectl auth can-i watch configmaps -A --as bob').stdout).toBe('no\n');
  });

  it('prints kinds by name only when the objects found are of several kinds', () => {
    const lab = createLab([], {now, seed: 1});
    lab.run('kubectl create role beta --verb=get --resource=pods');
    const r = lab.run('kubectl get role,rolebinding beta');
    expect(r.stdout).toMatch(/^NAME {3}CREATED AT\nbeta {3}2026-01-01T00:00:0\dZ\n$/);
    expect(r.stderr).toBe('Error from server (NotFound): rolebindings.rbac.authorization.k8s.io "beta" not found\n');
    expect(lab.run('kubectl get ns beta -A').stderr).toBe('Error from server (NotFound): namespaces "beta" not found\n');
  });

  it("lists the API server's own ConfigMaps in kube-system", () => {
    const lab = createLab([], {now, seed: 1});
    expect(lab.run('kubectl get cm -n kube-system -o name').stdout).toBe(
      'configmap/extension-apiserver-authentication\nconfigmap/kube-apiserver-legacy-service-account-token-tracking\nconfigmap/kube-root-ca.crt\n',
    );
  });

  it('shows the kubeconfig it was given', () => {
    const lab = createLab([], {
      now,
      seed: 1,
      kubeconfig: {context: 'ksn-local', cluster: 'ksn-local', server: 'https://127.0.0.1:45827', namespace: 'default'},
    });
    expect(lab.run('kubectl config get-contexts').stdout).toBe(
      'CURRENT   NAME        CLUSTER     AUTHINFO           NAMESPACE\n*         ksn-local   ksn-local   kubernetes-admin   default\n',
    );
    // kubectl's table writer has a minimum column width of 6, seen when "*" heads the CURRENT column alone
    expect(lab.run('kubectl config get-contexts --no-headers').stdout).toBe('*     ksn-local   ksn-local   kubernetes-admin   default\n');
    const missing = lab.run('kubectl config get-contexts nope');
    expect([missing.stdout, missing.stderr, missing.exitCode]).toEqual([
      'CURRENT   NAME   CLUSTER   AUTHINFO   NAMESPACE\n',
      'error: context nope not found\n',
      1,
    ]);
    expect(lab.run('kubectl config view -o jsonpath={.contexts[*].name}').stdout).toBe('ksn-local');
    expect(lab.run('kubectl config view -o json').stdout).toBe(`{
    "kind": "Config",
    "apiVersion": "v1",
    "clusters": [
        {
            "name": "ksn-local",
            "cluster": {
                "server": "https://127.0.0.1:45827",
                "certificate-authority-data": "DATA+OMITTED"
            }
        }
    ],
    "users": [
        {
            "name": "kubernetes-admin",
            "user": {
                "client-certificate-data": "DATA+OMITTED",
                "client-key-data": "DATA+OMITTED"
            }
        }
    ],
    "contexts": [
        {
            "name": "ksn-local",
            "context": {
                "cluster": "ksn-local",
                "user": "kubernetes-admin",
                "namespace": "default"
            }
        }
    ],
    "current-context": "ksn-local"
}
`);
    expect(createLab([], {now}).run('kubectl config current-context').stdout).toBe('kubernetes-admin@kubernetes\n');
  });
});

describe('describe pod', () => {
  it("writes kubectl's Pod section for a pod no node runs, and leaves events out when several objects are described", () => {
    const lab = createLab([], {now, seed: 1});
    lab.run('kubectl run web --image=nginx --labels=app=web');
    const text = lab.run('kubectl describe pod web').stdout.replace(/kube-api-access-[a-z0-9]{5}/g, 'kube-api-access-<sfx>');
    expect(text).toBe(`Name:             web
Namespace:        default
Priority:         0
Service Account:  default
Node:             <none>
Labels:           app=web
Annotations:      <none>
Status:           Pending
IP:               
IPs:              <none>
Containers:
  web:
    Image:        nginx
    Port:         <none>
    Host Port:    <none>
    Environment:  <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-<sfx> (ro)
Volumes:
  kube-api-access-<sfx>:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    Optional:                false
    DownwardAPI:             true
QoS Class:                   BestEffort
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:                      <none>
`);
    lab.run('kubectl run db --image=nginx --labels=app=web');
    const two = lab.run('kubectl describe pods -l app=web').stdout;
    expect(two).not.toContain('Events:');
    expect(two.split('\n\n\nName:').length).toBe(2);
    expect(lab.run('kubectl describe pods -l app=web --show-events=true').stdout.match(/Events:/g)?.length).toBe(2);
  });
});
