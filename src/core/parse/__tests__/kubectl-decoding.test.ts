/**
 * The YAML decoding kubectl 1.36 does before anything reaches a server (sigs.k8s.io/yaml v1.6.0
 * over go.yaml.in/yaml/v2 v2.4.3), where it differs from YAML 1.2 and js-yaml: `\'` is an escape
 * in a double-quoted scalar and `\/` is not; a mapping or a list used as a key is "invalid map
 * key", whatever the kind. Each case states what kubectl does; when a kubectl 1.36 is at hand
 * (KSN_KUBECTL, or the one `npm run control-plane -- build` caches), the same texts are also
 * given to it (`apply --dry-run=client --validate=false` against no server: a text it cannot
 * decode fails with "error parsing", one it can fails later, on discovery).
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit -- src/core/parse/__tests__/kubectl-decoding.test.ts
 */
import {describe, expect, it} from '@jest/globals';
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {homedir, tmpdir} from 'node:os';
import {join} from 'node:path';
import {parseManifests} from '../../index';

interface Case {
  name: string;
  text: string;
  /** undefined: kubectl decodes it; otherwise the reason it gives (and the engine reports as YAML_SYNTAX). */
  error?: string;
  /** What the decoded object holds, when it decodes. */
  data?: Record<string, string>;
}

const cm = (body: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n${body}`;

const CASES: Case[] = [
  {name: "\\' in a double-quoted string is an apostrophe", text: cm(`data:\n  a: "it\\'s \\'q\\'"\n`), data: {a: "it's 'q'"}},
  {name: "\\' in a double-quoted key and value", text: cm(`data: {"k\\'": "v\\'"}\n`), data: {"k'": "v'"}},
  {name: "\\' in single-quoted and plain scalars stays as written", text: cm(`data:\n  a: 'it\\'\n  b: x\\'y\n`), data: {a: 'it\\', b: "x\\'y"}},
  {name: '\\/ in a double-quoted string is an unknown escape', text: cm(`data:\n  a: "x\\/y"\n`), error: 'found unknown escape character'},
  {name: '\\/ in single-quoted and plain scalars is two characters', text: cm(`data:\n  a: 'x\\/y'\n  b: x\\/y\n`), data: {a: 'x\\/y', b: 'x\\/y'}},
  {name: 'a template placeholder {{replicas}} is a mapping used as a key', text: cm(`data: {{replicas}}\n`), error: 'invalid map key'},
  {
    name: 'a Helm placeholder in a Deployment',
    text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replicas: {{ .Values.replicas }}\n',
    error: 'invalid map key',
  },
  {name: 'a list used as a key', text: cm(`data:\n  ? [a, b]\n  : c\n`), error: 'invalid map key'},
  {
    name: 'an unknown kind with a mapping key is still refused',
    text: 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: x\nspec: {{a: 1}: 2}\n',
    error: 'invalid map key',
  },
];

describe('the engine decodes YAML as kubectl 1.36 does', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const {objects, diagnostics} = parseManifests(c.text);
    if (c.error) {
      expect(diagnostics).toContainEqual(expect.objectContaining({code: 'YAML_SYNTAX', params: {reason: c.error}}));
      expect(objects).toEqual([]);
    } else {
      expect(diagnostics).toEqual([]);
      expect(objects[0].object.data).toEqual(c.data);
    }
  });
});

/** A kubectl 1.36: $KSN_KUBECTL, or the control plane's cache. */
function findKubectl(): {path?: string; why?: string} {
  const candidates: string[] = [];
  if (process.env.KSN_KUBECTL) candidates.push(process.env.KSN_KUBECTL);
  const cache = join(homedir(), '.cache/kube-security-notes/control-plane');
  if (existsSync(cache)) for (const d of readdirSync(cache).sort()) candidates.push(join(cache, d, 'bin', 'kubectl'));
  for (const path of candidates.filter((p) => existsSync(p))) {
    const version = spawnSync(path, ['version', '--client', '-o', 'json'], {encoding: 'utf8'});
    if (/"gitVersion":\s*"v1\.36\./.test(version.stdout ?? '')) return {path};
  }
  return {why: `no kubectl 1.36 (set KSN_KUBECTL, or run \`npm run control-plane -- build\`; looked in ${candidates.join(', ') || cache})`};
}

const kubectl = findKubectl();
if (!kubectl.path) process.stdout.write(`kubectl-decoding: the comparison with kubectl is skipped: ${kubectl.why}\n`);

describe('kubectl 1.36 itself agrees', () => {
  (kubectl.path ? it.each : it.skip.each)(CASES.map((c) => [c.name, c] as const))(
    '%s',
    (_name, c) => {
      const dir = mkdtempSync(join(tmpdir(), 'ksn-decoding-'));
      try {
        const file = join(dir, 'case.yaml');
        writeFileSync(file, c.text);
        const run = spawnSync(
          kubectl.path!,
          ['apply', '--dry-run=client', '--validate=false', '-f', file, '-s', 'http://127.0.0.1:1', '--request-timeout=2s'],
          {
            encoding: 'utf8',
            env: {...process.env, KUBECONFIG: '/dev/null'},
            timeout: 60_000,
          },
        );
        const stderr = run.stderr ?? '';
        const decodeError = /error parsing .*: error converting YAML to JSON: yaml: (?:line \d+: )?(.*)/.exec(stderr)?.[1];
        if (c.error) expect(decodeError ?? `decoded (${stderr.trim().split('\n').pop()})`).toContain(c.error);
        else expect(decodeError).toBeUndefined();
      } finally {
        rmSync(dir, {recursive: true, force: true});
      }
    },
    70_000,
  );
});
