/**
 * The part of the remark plugin that hands example data to the checkers and playgrounds:
 * `<ManifestChecker exercise="..."/>` and friends get a `data` attribute built from examples/.
 */
import {describe, expect, it} from '@jest/globals';
import {mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import remarkEmbedExamples, {EXAMPLES_DIR, LAB_IMPORT, resolveComponentData} from '../remark-embed-examples';
import type {EmbeddedExample} from '../../components/shared/embedded-data';

interface Node {
  type: string;
  name?: string;
  attributes?: {type: string; name: string; value: unknown}[];
  children?: Node[];
  position?: {start: {line: number}};
  lang?: string;
  meta?: string;
  value?: string;
}

function jsx(name: string, attributes: Record<string, unknown>, line = 7): Node {
  return {
    type: 'mdxJsxFlowElement',
    name,
    attributes: Object.entries(attributes).map(([n, value]) => ({type: 'mdxJsxAttribute', name: n, value})),
    children: [],
    position: {start: {line}},
  };
}

function run(tree: Node, path = 'docs/topic/page.mdx'): void {
  (remarkEmbedExamples() as (tree: unknown, file: {path: string}) => void)(tree, {path});
}

function dataOf(node: Node): EmbeddedExample {
  const attribute = node.attributes!.find((a) => a.name === 'data');
  expect(typeof attribute?.value).toBe('string');
  return JSON.parse(attribute!.value as string) as EmbeddedExample;
}

describe('<ManifestChecker exercise="..."> gets its exercise at build time', () => {
  it('injects the parsed exercise and the text of its given, start and solution files', () => {
    const node = jsx('ManifestChecker', {exercise: 'netpol-internal-policy'});
    run({type: 'root', children: [node]});
    const data = dataOf(node);
    expect(data.id).toBe('netpol-internal-policy');
    expect(data.exercise!.assertions.map((a) => a.id)).toContain('internal-to-payroll-8080');
    expect(data.files['given.yaml']).toBe(readFileSync(join(EXAMPLES_DIR, 'netpol-internal-policy/given.yaml'), 'utf8'));
    expect(data.files['solution.yaml']).toBe(readFileSync(join(EXAMPLES_DIR, 'netpol-internal-policy/solution.yaml'), 'utf8'));
    // The wrong answer is for the verifier, not for readers.
    expect(Object.keys(data.files)).not.toContain('wrong.yaml');
  });

  it('keeps YAML indentation byte for byte (a string attribute, not a template literal)', () => {
    const node = jsx('ManifestChecker', {exercise: 'secctx-multi-pod'});
    run({type: 'root', children: [node]});
    expect(dataOf(node).files['multi-pod.yaml']).toMatch(/\n {2}securityContext:\n {4}runAsUser: 1001\n/);
  });

  it('fails the build with the page and line for an unknown exercise', () => {
    const tree = {type: 'root', children: [jsx('ManifestChecker', {exercise: 'rbac-no-such-thing'}, 42)]};
    expect(() => run(tree, 'docs/authorization/rbac.mdx')).toThrow(
      'docs/authorization/rbac.mdx:42: <ManifestChecker>: no example folder examples/rbac-no-such-thing/',
    );
  });

  it('fails for a folder without exercise.yaml', () => {
    expect(() => run({type: 'root', children: [jsx('ManifestChecker', {exercise: 'netpol-db-policy'})]})).toThrow(
      /examples\/netpol-db-policy\/ has no exercise\.yaml/,
    );
  });

  it('fails for a missing id, an expression attribute or a hand-written data attribute', () => {
    expect(() => run({type: 'root', children: [jsx('ManifestChecker', {})]})).toThrow(/needs exercise="<example id>"/);
    expect(() => run({type: 'root', children: [jsx('ManifestChecker', {exercise: {type: 'mdxJsxAttributeValueExpression', value: 'id'}})]})).toThrow(
      /must be a literal string/,
    );
    expect(() => run({type: 'root', children: [jsx('ManifestChecker', {exercise: 'secctx-multi-pod', data: '{}'})]})).toThrow(/do not write data=/);
  });

  it('leaves other JSX elements alone', () => {
    const node = jsx('Tabs', {groupId: 'x'});
    run({type: 'root', children: [node]});
    expect(node.attributes!.map((a) => a.name)).toEqual(['groupId']);
  });
});

describe('playgrounds get the files of an example', () => {
  it('starts with the listed files and carries the presets and the traffic questions', () => {
    const node = jsx('NetworkPolicyPlayground', {
      example: 'netpol-db-policy-develop',
      start: 'namespaces.yaml pods.yaml policy-and.yaml',
      presets: 'policy-and.yaml policy-or.yaml',
    });
    run({type: 'root', children: [{type: 'paragraph', children: [node]}]});
    const data = dataOf(node);
    expect(data.start).toEqual(['namespaces.yaml', 'pods.yaml', 'policy-and.yaml']);
    expect(data.presets).toEqual(['policy-and.yaml', 'policy-or.yaml']);
    expect(Object.keys(data.files).sort()).toEqual(['namespaces.yaml', 'pods.yaml', 'policy-and.yaml', 'policy-or.yaml']);
    expect(data.traffic!.length).toBeGreaterThan(0);
    expect(data.traffic![0].question).toHaveProperty('port');
  });

  it('defaults to every manifest except steps, exercise and files a step expects to be rejected', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ksn-embed-'));
    try {
      mkdirSync(join(dir, 'demo-folder'));
      writeFileSync(join(dir, 'demo-folder/b.yaml'), 'kind: Role\n');
      writeFileSync(join(dir, 'demo-folder/a.yaml'), 'kind: RoleBinding\n');
      writeFileSync(join(dir, 'demo-folder/bad.yaml'), 'kind: Nope\n');
      writeFileSync(
        join(dir, 'demo-folder/steps.yaml'),
        'title: demo\ntier: api\nsteps:\n  - apply: a.yaml\n  - expectError: bad.yaml\n    contains: nope\n  - canI: {user: u, verb: get, resource: pods, namespace: default}\n    expect: false\n',
      );
      const data = resolveComponentData('RbacPlayground', {example: 'demo-folder'}, dir);
      expect(data.start).toEqual(['a.yaml', 'b.yaml']);
      expect(data.canI).toEqual([{question: {user: 'u', verb: 'get', resource: 'pods', namespace: 'default'}, expect: false}]);
      expect(() => resolveComponentData('RbacPlayground', {example: 'demo-folder', start: 'c.yaml'}, dir)).toThrow(
        'example file not found: examples/demo-folder/c.yaml',
      );
      expect(() => resolveComponentData('RbacPlayground', {example: 'demo-folder', start: '../x.yaml'}, dir)).toThrow(/not a YAML file name/);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});

describe('fences keep working next to components', () => {
  it('still fills an example= fence in the same tree', () => {
    const fence: Node = {type: 'code', lang: 'yaml', meta: 'example="secctx-multi-pod/multi-pod.yaml"', value: '', position: {start: {line: 3}}};
    const node = jsx('SecurityContextExplorer', {example: 'secctx-multi-pod'});
    run({type: 'root', children: [fence, node]});
    expect(fence.value).toBe(readFileSync(join(EXAMPLES_DIR, 'secctx-multi-pod/multi-pod.yaml'), 'utf8').replace(/\n+$/, ''));
    expect(dataOf(node).start).toEqual(['multi-pod.yaml']);
  });
});

describe('<KubectlLab> and the "Run in the lab" buttons after command fences', () => {
  const stepFence = (ref: string, line: number): Node => ({type: 'code', lang: 'bash', meta: `example="${ref}"`, value: '', position: {start: {line}}});
  const labImport: Node = {type: 'mdxjsEsm', value: LAB_IMPORT};
  /** The lab of the button right after `fence` in `root`, if there is one. */
  const labOf = (root: Node, fence: Node) => {
    const next = root.children![root.children!.indexOf(fence) + 1];
    return next?.name === 'RunInLabButton' ? next.attributes!.find((a) => a.name === 'lab')!.value : undefined;
  };

  it('a lab on an exercise gets the very data its checker gets', () => {
    const checker = jsx('ManifestChecker', {exercise: 'rbac-dev-user-pods'});
    const lab = jsx('KubectlLab', {exercise: 'rbac-dev-user-pods'});
    run({type: 'root', children: [labImport, checker, lab]});
    const value = (n: Node) => n.attributes!.find((a) => a.name === 'data')!.value;
    expect(value(lab)).toBe(value(checker));
  });

  it('a lab on an example gets every manifest of the folder and no exercise', () => {
    const lab = jsx('KubectlLab', {example: 'rbac-dev-user-pods'});
    run({type: 'root', children: [labImport, lab]});
    const data = dataOf(lab);
    expect(data.exercise).toBeUndefined();
    expect(Object.keys(data.files)).toEqual(['solution-imperative.yaml', 'solution.yaml', 'wrong-cluster-role-ref.yaml', 'wrong.yaml']);
  });

  it('fails the build for a lab with neither or both ids, an unknown one, or a page without the import', () => {
    expect(() => run({type: 'root', children: [labImport, jsx('KubectlLab', {}, 5)]})).toThrow(
      'page.mdx:5: <KubectlLab> needs exercise="<example id>" or example="<example id>", not both',
    );
    expect(() => run({type: 'root', children: [labImport, jsx('KubectlLab', {exercise: 'rbac-dev-user-pods', example: 'rbac-dev-user-pods'})]})).toThrow(
      /not both/,
    );
    expect(() => run({type: 'root', children: [labImport, jsx('KubectlLab', {example: 'rbac-no-such-thing'})]})).toThrow(
      '<KubectlLab>: no example folder examples/rbac-no-such-thing/',
    );
    expect(() => run({type: 'root', children: [jsx('KubectlLab', {exercise: 'rbac-dev-user-pods'})]})).toThrow(
      `docs/topic/page.mdx: a page with <KubectlLab> imports it: ${LAB_IMPORT}`,
    );
  });

  it('puts a button after each step fence, for the lab of its example, else the nearest lab above, else the first lab', () => {
    const before = stepFence('rbac-kube-proxy-role#describe-role', 2);
    const own = stepFence('rbac-dev-user-pods#create-role', 30);
    const between = stepFence('rbac-kube-proxy-role#describe-rolebinding', 25);
    const after = stepFence('rbac-kube-proxy-role#describe-role', 60);
    const file: Node = {type: 'code', lang: 'yaml', meta: 'example="rbac-dev-user-pods/solution.yaml"', value: '', position: {start: {line: 31}}};
    const root: Node = {
      type: 'root',
      children: [
        labImport,
        before,
        jsx('KubectlLab', {exercise: 'rbac-dev-user-pods'}, 10),
        between,
        own,
        file,
        jsx('KubectlLab', {exercise: 'rbac-blue-deployments'}, 50),
        after,
      ],
    };
    run(root);
    expect([labOf(root, before), labOf(root, between), labOf(root, own), labOf(root, after)]).toEqual([
      'rbac-dev-user-pods',
      'rbac-dev-user-pods',
      'rbac-dev-user-pods',
      'rbac-blue-deployments',
    ]);
    const button = root.children![root.children!.indexOf(own) + 1];
    expect(button.attributes!.find((a) => a.name === 'command')!.value).toBe('kubectl create role developer --verb=create,list,delete --resource=pods');
    // A file is not a command.
    expect(labOf(root, file)).toBeUndefined();
    expect(root.children!.filter((n) => n.name === 'RunInLabButton').length).toBe(4);
  });

  it('leaves fences alone on a page without a lab', () => {
    const fence = stepFence('rbac-dev-user-pods#create-role', 3);
    const root: Node = {type: 'root', children: [fence, jsx('ManifestChecker', {exercise: 'rbac-dev-user-pods'})]};
    run(root);
    expect(fence.value).toBe('kubectl create role developer --verb=create,list,delete --resource=pods');
    expect(labOf(root, fence)).toBeUndefined();
  });
});
