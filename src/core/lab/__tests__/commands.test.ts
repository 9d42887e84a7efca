/**
 * One case per command of the lab, its output and its errors, with the texts kubectl 1.36.3
 * printed against the local control plane (scripts/control-plane) for the same command lines.
 * The cluster-tier test test/cluster/kubectl-lab-differential.test.ts compares the lab with a
 * live kubectl on many more.
 */
import {describe, expect, it} from '@jest/globals';
import {createLab} from '../../index';
import type {Lab} from '../../index';

const fixed = () => new Date('2026-01-01T00:00:00Z');
const fresh = () => createLab([], {now: fixed});
const out = (lab: Lab, line: string, files?: Record<string, string>) => lab.run(line, files);

const ROLE = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-reader
rules:
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list"]
`;

describe('get', () => {
  it('prints tables, names, yaml and jsonpath', () => {
    const lab = fresh();
    expect(out(lab, 'kubectl get ns').stdout).toBe(
      'NAME              STATUS   AGE\ndefault           Active   0s\nkube-node-lease   Active   0s\nkube-public       Active   0s\nkube-system       Active   0s\n',
    );
    expect(out(lab, 'kubectl get sa -o name').stdout).toBe('serviceaccount/default\n');
    expect(out(lab, 'kubectl get clusterrole admin -o jsonpath={.aggregationRule.clusterRoleSelectors}').stdout).toBe(
      '[{"matchLabels":{"rbac.authorization.k8s.io/aggregate-to-admin":"true"}}]',
    );
    const yaml = out(lab, 'kubectl get ns default -o yaml').stdout;
    expect(yaml).toMatch(
      // The YAML as kubectl prints it, indentation included.
      // eslint-disable-next-line no-regex-spaces
      /^apiVersion: v1\nkind: Namespace\nmetadata:\n  creationTimestamp: "2026-01-01T00:00:00Z"\n  labels:\n    kubernetes\.io\/metadata\.name: default\n  name: default\n  resourceVersion: "\d+"\n  uid: [0-9a-f-]{36}\nspec:\n  finalizers:\n  - kubernetes\nstatus:\n  phase: Active\n$/,
    );
    expect(JSON.parse(out(lab, 'kubectl get ns default -o json').stdout).metadata.name).toBe('default');
    expect(out(lab, 'kubectl get clusterrole view --show-labels').stdout).toBe(
      'NAME   CREATED AT             LABELS\nview   2026-01-01T00:00:00Z   kubernetes.io/bootstrapping=rbac-defaults,rbac.authorization.k8s.io/aggregate-to-edit=true\n',
    );
  });

  it('prints custom columns, <none> where a path finds nothing', () => {
    const lab = fresh();
    lab.run('kubectl run web --image=nginx:alpine');
    expect(out(lab, 'kubectl get pods -o custom-columns=IMAGE:.spec.containers[0].image,PHASE:.status.phase,X:.nope').stdout).toBe(
      'IMAGE          PHASE     X\nnginx:alpine   Pending   <none>\n',
    );
  });

  it('says when nothing is found, and fails on unknown types and names', () => {
    const lab = fresh();
    expect(out(lab, 'kubectl get pods')).toEqual({stdout: '', stderr: 'No resources found in default namespace.\n', exitCode: 0});
    expect(out(lab, 'kubectl get pods -A')).toEqual({stdout: '', stderr: 'No resources found\n', exitCode: 0});
    expect(out(lab, 'kubectl get foos')).toEqual({stdout: '', stderr: 'error: the server doesn\'t have a resource type "foos"\n', exitCode: 1});
    expect(out(lab, 'kubectl get pod web').stderr).toBe('Error from server (NotFound): pods "web" not found\n');
    expect(out(lab, 'kubectl get').stderr).toMatch(/^You must specify the type of resource to get/);
  });

  it('filters with -l and lists every namespace with -A', () => {
    const lab = fresh();
    lab.run('kubectl run a --image=nginx --labels=app=web');
    lab.run('kubectl run b --image=nginx --labels=app=db');
    expect(out(lab, 'kubectl get pods -l app=web -o name').stdout).toBe('pod/a\n');
    expect(out(lab, 'kubectl get pods -l app!=web -o name').stdout).toBe('pod/b\n');
    expect(out(lab, 'kubectl get sa -A -o name').stdout.split('\n').length).toBeGreaterThan(10);
  });
});

describe('create', () => {
  it('creates each kind and refuses duplicates', () => {
    const lab = fresh();
    expect(out(lab, 'kubectl create ns team').stdout).toBe('namespace/team created\n');
    expect(out(lab, 'kubectl create sa app -n team').stdout).toBe('serviceaccount/app created\n');
    expect(out(lab, 'kubectl create clusterrole nodes --verb=get,list --resource=nodes').stdout).toBe('clusterrole.rbac.authorization.k8s.io/nodes created\n');
    expect(out(lab, 'kubectl create clusterrolebinding n --clusterrole=nodes --user=bob').stdout).toBe(
      'clusterrolebinding.rbac.authorization.k8s.io/n created\n',
    );
    expect(out(lab, 'kubectl create secret generic s --from-literal=a=b').stdout).toBe('secret/s created\n');
    expect(out(lab, 'kubectl create configmap c --from-literal=a=b').stdout).toBe('configmap/c created\n');
    expect(out(lab, 'kubectl create deployment web --image=nginx').stdout).toBe('deployment.apps/web created\n');
    expect(out(lab, 'kubectl create ns team')).toEqual({
      stdout: '',
      stderr: 'Error from server (AlreadyExists): namespaces "team" already exists\n',
      exitCode: 1,
    });
    expect(out(lab, 'kubectl create sa app -n team').stderr).toBe('error: failed to create serviceaccount: serviceaccounts "app" already exists\n');
    expect(out(lab, 'kubectl create sa x -n nope').stderr).toBe('error: failed to create serviceaccount: namespaces "nope" not found\n');
  });

  it('checks the generator flags as kubectl does', () => {
    const lab = fresh();
    expect(out(lab, 'kubectl create role x --verb=get').stderr).toBe('error: at least one resource must be specified\n');
    expect(out(lab, 'kubectl create role x --resource=pods').stderr).toBe('error: at least one verb must be specified\n');
    expect(out(lab, 'kubectl create role x --verb=foo --resource=pods')).toEqual({
      stdout: 'role.rbac.authorization.k8s.io/x created\n',
      stderr: "Warning: 'foo' is not a standard resource verb\n",
      exitCode: 0,
    });
    expect(out(lab, 'kubectl create role')).toEqual({
      stdout: '',
      stderr: "error: exactly one NAME is required, got 0\nSee 'kubectl create role -h' for help and examples\n",
      exitCode: 1,
    });
    expect(out(lab, 'kubectl create')).toEqual({stdout: '', stderr: 'error: must specify one of -f and -k\n', exitCode: 1});
  });

  it('prints a client dry run without namespace unless -n is given', () => {
    const lab = fresh();
    expect(out(lab, 'kubectl create rolebinding read-pods-user --role=pod-reader --user=dashboard-sa --dry-run=client -o yaml').stdout).toBe(
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: read-pods-user\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: pod-reader\nsubjects:\n- apiGroup: rbac.authorization.k8s.io\n  kind: User\n  name: dashboard-sa\n',
    );
    expect(out(lab, 'kubectl get rolebinding read-pods-user').exitCode).toBe(1);
  });

  it('creates a token for an existing ServiceAccount only', () => {
    const lab = fresh();
    expect(out(lab, 'kubectl create token default').stdout).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(out(lab, 'kubectl create token nope').stderr).toBe('error: failed to create token: serviceaccounts "nope" not found\n');
  });
});

describe('apply, create and delete with files', () => {
  it('applies, reports unchanged and configured, and deletes', () => {
    const lab = fresh();
    expect(out(lab, 'kubectl apply -f role.yaml', {'role.yaml': ROLE}).stdout).toBe('role.rbac.authorization.k8s.io/pod-reader created\n');
    expect(out(lab, 'kubectl apply -f role.yaml', {'role.yaml': ROLE}).stdout).toBe('role.rbac.authorization.k8s.io/pod-reader unchanged\n');
    expect(out(lab, 'kubectl apply -f role.yaml', {'role.yaml': ROLE.replace('"list"', '"watch"')}).stdout).toBe(
      'role.rbac.authorization.k8s.io/pod-reader configured\n',
    );
    expect(out(lab, 'kubectl create -f role.yaml', {'role.yaml': ROLE}).stderr).toBe(
      'Error from server (AlreadyExists): error when creating "role.yaml": roles.rbac.authorization.k8s.io "pod-reader" already exists\n',
    );
    expect(out(lab, 'kubectl delete -f role.yaml', {'role.yaml': ROLE}).stdout).toBe(
      'role.rbac.authorization.k8s.io "pod-reader" deleted from default namespace\n',
    );
    expect(out(lab, 'kubectl apply -f missing.yaml').stderr).toBe('error: the path "missing.yaml" does not exist\n');
  });

  it("rejects what strict validation rejects, in the server's words", () => {
    const lab = fresh();
    const sa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: x\nautomountServiceAccountTokn: false\n';
    expect(out(lab, 'kubectl apply -f sa.yaml', {'sa.yaml': sa}).stderr).toBe(
      'Error from server (BadRequest): error when creating "sa.yaml": ServiceAccount in version "v1" cannot be handled as a ServiceAccount: strict decoding error: unknown field "automountServiceAccountTokn"\n',
    );
    expect(out(lab, 'kubectl apply -f r.yaml', {'r.yaml': ROLE.replace('  verbs: ["get", "list"]\n', '')}).stderr).toBe(
      'The Role "pod-reader" is invalid: rules[0].verbs: Required value: verbs must contain at least one value\n',
    );
  });

  it('refuses a pod whose ServiceAccount does not exist, and a changed roleRef', () => {
    const lab = fresh();
    const pod =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  serviceAccountName: dashboard-sa\n  containers:\n  - name: web\n    image: nginx\n';
    expect(out(lab, 'kubectl apply -f pod.yaml', {'pod.yaml': pod}).stderr).toBe(
      'Error from server (Forbidden): error when creating "pod.yaml": pods "web" is forbidden: error looking up service account default/dashboard-sa: serviceaccount "dashboard-sa" not found\n',
    );
    lab.run('kubectl create rolebinding b --role=r --user=u');
    const changed =
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: b\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: view\nsubjects: []\n';
    expect(out(lab, 'kubectl apply -f b.yaml', {'b.yaml': changed}).stderr).toContain(
      'The RoleBinding "b" is invalid: roleRef: Invalid value: {"APIGroup":"rbac.authorization.k8s.io","Kind":"ClusterRole","Name":"view"}: cannot change roleRef\n',
    );
  });
});

describe("pods get the server's defaults", () => {
  it('mounts the ServiceAccount token and adds the default tolerations', () => {
    const lab = fresh();
    lab.run('kubectl run web --image=nginx:alpine');
    const pod = JSON.parse(lab.run('kubectl get pod web -o json').stdout);
    expect(pod.spec.serviceAccountName).toBe('default');
    expect(pod.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
    expect(pod.spec.containers[0].volumeMounts[0]).toEqual({
      mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
      name: expect.stringMatching(/^kube-api-access-[a-z0-9]{5}$/),
      readOnly: true,
    });
    expect(pod.spec.tolerations.map((t: {key: string}) => t.key)).toEqual(['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']);
    expect(pod.status).toEqual({phase: 'Pending', qosClass: 'BestEffort'});
  });

  it('gives a Deployment its ReplicaSet and Pods', () => {
    const lab = fresh();
    lab.run('kubectl create deployment web --image=nginx --replicas=2');
    expect(lab.run('kubectl get pods -o name').stdout.split('\n').filter(Boolean)).toHaveLength(2);
    expect(lab.run('kubectl get deploy web').stdout).toBe('NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    0/2     2            0           0s\n');
  });
});

describe('delete, label, annotate', () => {
  it('deletes by name and reports what is missing', () => {
    const lab = fresh();
    lab.run('kubectl create role r --verb=get --resource=pods');
    expect(out(lab, 'kubectl delete role r').stdout).toBe('role.rbac.authorization.k8s.io "r" deleted from default namespace\n');
    expect(out(lab, 'kubectl delete role r').stderr).toBe('Error from server (NotFound): roles.rbac.authorization.k8s.io "r" not found\n');
    expect(out(lab, 'kubectl delete role').stderr).toBe('error: resource(s) were provided, but no name was specified\n');
  });

  it('labels, refuses to overwrite without --overwrite, and annotates', () => {
    const lab = fresh();
    expect(out(lab, 'kubectl label sa default team=blue').stdout).toBe('serviceaccount/default labeled\n');
    expect(out(lab, 'kubectl label sa default team=red').stderr).toBe("error: 'team' already has a value (blue), and --overwrite is false\n");
    expect(out(lab, 'kubectl label sa default team-').stdout).toBe('serviceaccount/default unlabeled\n');
    expect(out(lab, 'kubectl annotate sa default note=x').stdout).toBe('serviceaccount/default annotated\n');
  });
});

describe('auth', () => {
  it('answers can-i for users, subresources and URLs', () => {
    const lab = fresh();
    expect(out(lab, 'kubectl auth can-i list pods --as bob')).toEqual({stdout: 'no\n', stderr: '', exitCode: 1});
    expect(out(lab, 'kubectl auth can-i get pods --subresource=log --as bob').stdout).toBe('no\n');
    expect(out(lab, 'kubectl auth can-i get /healthz --as bob')).toEqual({stdout: 'yes\n', stderr: '', exitCode: 0});
    expect(out(lab, 'kubectl auth can-i get /logs --as bob').stdout).toBe('no\n');
    expect(out(lab, 'kubectl auth can-i list nodes')).toEqual({stdout: 'yes\n', stderr: "Warning: resource 'nodes' is not namespace scoped\n\n", exitCode: 0});
    lab.run('kubectl create role r --verb=get --resource=pods');
    lab.run('kubectl create rolebinding r --role=r --user=bob');
    expect(out(lab, 'kubectl auth can-i get pods --as bob').stdout).toBe('yes\n');
    expect(out(lab, 'kubectl auth can-i get pods --as bob -n kube-system').stdout).toBe('no\n');
  });

  it('lists the rules of a user', () => {
    const lab = fresh();
    const text = out(lab, 'kubectl auth can-i --list --as dev-user').stdout;
    expect(text.split('\n').slice(0, 3)).toEqual([
      'Resources                                       Non-Resource URLs   Resource Names   Verbs',
      'selfsubjectreviews.authentication.k8s.io        []                  []               [create]',
      'selfsubjectaccessreviews.authorization.k8s.io   []                  []               [create]',
    ]);
  });

  it('says who the user is, impersonated or not', () => {
    const lab = fresh();
    expect(out(lab, 'kubectl auth whoami --as bob --as-group g1').stdout).toBe('ATTRIBUTE   VALUE\nUsername    bob\nGroups      [g1 system:authenticated]\n');
    expect(out(lab, 'kubectl auth whoami').stdout).toMatch(/^ATTRIBUTE +VALUE\nUsername +kubernetes-admin\nGroups +\[system:masters system:authenticated\]\n/);
  });

  it("checks impersonation against the caller's RBAC", () => {
    const lab = createLab([], {now: fixed, user: 'jane'});
    expect(out(lab, 'kubectl get pods --as bob').stderr).toBe(
      'Error from server (Forbidden): users "bob" is forbidden: User "jane" cannot impersonate resource "users" in API group "" at the cluster scope\n',
    );
    expect(out(lab, 'kubectl get pods').stderr).toBe(
      'Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"\n',
    );
  });
});

describe('api-resources, run, describe, set, wait, config, runtime commands', () => {
  it('lists API resources with filters', () => {
    const lab = fresh();
    expect(out(lab, 'kubectl api-resources --api-group=rbac.authorization.k8s.io -o name').stdout).toBe(
      'clusterrolebindings.rbac.authorization.k8s.io\nclusterroles.rbac.authorization.k8s.io\nrolebindings.rbac.authorization.k8s.io\nroles.rbac.authorization.k8s.io\n',
    );
    expect(out(lab, 'kubectl api-resources --namespaced=false').stdout).toMatch(/\nnodes +no +v1 +false +Node\n/);
  });

  it('runs a pod in a dry run with a command', () => {
    const lab = fresh();
    expect(out(lab, 'kubectl run p1 --image=nginx --dry-run=client -o yaml --labels=a=b --command -- sleep 10').stdout).toBe(
      'apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    a: b\n  name: p1\nspec:\n  containers:\n  - command:\n    - sleep\n    - "10"\n    image: nginx\n    name: p1\n    resources: {}\n  dnsPolicy: ClusterFirst\n  restartPolicy: Always\nstatus: {}\n',
    );
    expect(out(lab, 'kubectl run p2').stderr).toBe('error: --image is required\n');
  });

  it('describes roles as kubectl does', () => {
    const lab = fresh();
    expect(out(lab, 'kubectl describe clusterrole cluster-admin').stdout).toBe(
      'Name:         cluster-admin\nLabels:       kubernetes.io/bootstrapping=rbac-defaults\nAnnotations:  rbac.authorization.kubernetes.io/autoupdate: true\nPolicyRule:\n  Resources  Non-Resource URLs  Resource Names  Verbs\n  ---------  -----------------  --------------  -----\n  *.*        []                 []              [*]\n             [*]                []              [*]\n',
    );
    expect(out(lab, 'kubectl describe role nope').stderr).toBe('Error from server (NotFound): roles.rbac.authorization.k8s.io "nope" not found\n');
  });

  it('sets an image and a ServiceAccount on a Deployment', () => {
    const lab = fresh();
    lab.run('kubectl create deployment web --image=nginx');
    expect(out(lab, 'kubectl set image deployment/web nginx=nginx:alpine').stdout).toBe('deployment.apps/web image updated\n');
    expect(out(lab, 'kubectl set serviceaccount deployment web default').stdout).toBe('deployment.apps/web serviceaccount updated\n');
    expect(out(lab, 'kubectl set image deployment/web nope=x').stderr).toBe('error: unable to find container named "nope"\n');
  });

  it('waits for what already holds', () => {
    const lab = fresh();
    lab.run('kubectl run web --image=nginx --labels=name=web');
    expect(out(lab, 'kubectl wait --for=create pod -l name=web --timeout=5s').stdout).toBe('pod/web condition met\n');
  });

  it('answers runtime commands with one line, and unknown commands as cobra does', () => {
    const lab = fresh();
    const logs = out(lab, 'kubectl logs web');
    expect(logs.exitCode).toBe(1);
    expect(logs.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(logs.stderr).toMatch(/needs|node/);
    expect(out(lab, 'kubectl foo').stderr).toBe('error: unknown command "foo" for "kubectl"\n\nDid you mean this?\n\ttop\n');
    expect(out(lab, 'ls').exitCode).toBe(127);
    expect(out(lab, 'kubectl get pods | grep web').stderr).toMatch(/one kubectl command at a time/);
  });
});

describe('any input', () => {
  it('gets an answer, never an internal failure (2000 seeded random command lines)', () => {
    const lab = fresh();
    const words = [
      'get',
      'create',
      'delete',
      'describe',
      'auth',
      'can-i',
      'whoami',
      'role',
      'rolebinding',
      'pods',
      'ns',
      '-n',
      '-o',
      'yaml',
      'json',
      'wide',
      'name',
      'jsonpath={.items[*]}',
      '--as',
      'bob',
      '-A',
      '-l',
      'a=b',
      'x',
      '--verb=get',
      '--resource=pods',
      'label',
      'annotate',
      'k=v',
      'k-',
      'run',
      '--image=n',
      '--dry-run=client',
      'apply',
      '-f',
      'f.yaml',
      'set',
      'image',
      'deploy/x',
      'c=i',
      'wait',
      '--for=create',
      'replace',
      '--force',
      'api-resources',
      'config',
      'view',
      'token',
      'secret',
      'generic',
      '--from-literal=a=b',
      '"',
      "'",
      '--',
      '{range .items[*]}{.metadata.name}{end}',
      '-ojsonpath={[',
      '-o=jsonpath={.x}{end}',
    ];
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const failures: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const line = `kubectl ${Array.from({length: 1 + Math.floor(rand() * 7)}, () => words[Math.floor(rand() * words.length)]).join(' ')}`;
      const r = lab.run(line, {'f.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: {a: b}\n'});
      if (r.stderr.includes('the lab failed') || typeof r.exitCode !== 'number') failures.push(`${line}: ${r.stderr}`);
      lab.completions(line, Math.floor(rand() * line.length));
    }
    expect(failures).toEqual([]);
  });
});
