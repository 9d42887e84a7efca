/**
 * Feature gates that change what the API server accepts for the kinds the engine checks, at their
 * v1.36 defaults (issue 13, item 2). Found by grepping utilfeature/features.* in
 * pkg/apis/<group>/validation, pkg/registry/<group>/<kind>/strategy.go and pkg/api/pod/util.go of
 * k8s.io/kubernetes v1.36.3; the default is the last entry of the gate in
 * pkg/features/kube_features.go. Each gate has a manifest whose verdict depends on it, with the
 * verdict the engine must give at the default (each was applied to kube-apiserver v1.36.3 with
 * kubectl apply --dry-run=server --validate=strict and got that verdict).
 *
 * When the Go module cache holds k8s.io/kubernetes@v1.36.3, the defaults below are also read back
 * from kube_features.go, so a wrong default here fails; without it that part says why it did not
 * run (and fails under CI=true).
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit --testPathPatterns feature-gates
 */
import {describe, expect, it} from '@jest/globals';
import {execFileSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {join} from 'node:path';
import {validateManifests} from '../../index';
import {GATES} from './feature-gates.cases';

describe('feature gates at their v1.36 defaults', () => {
  it.each(GATES.map((g) => [g.gate, g] as const))('%s', (_gate, g) => {
    const errors = validateManifests(g.text)
      .filter((d) => d.severity === 'error')
      .map((d) => d.code);
    if (g.expect === null) expect(errors).toEqual([]);
    else expect(errors).toContain(g.expect);
  });

  it('the defaults are those of pkg/features/kube_features.go (k8s.io/kubernetes v1.36.3)', () => {
    const file = featuresFile();
    if (!file) {
      const why = 'k8s.io/kubernetes@v1.36.3 is not in the Go module cache (fetch it: cd scripts/control-plane && go mod download k8s.io/kubernetes)';
      if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(why);
      process.stdout.write(`feature-gates: defaults not read back: ${why}\n`);
      return;
    }
    const text = readFileSync(file, 'utf8');
    const wrong: string[] = [];
    for (const g of GATES) {
      // The gate's spec list: its last entry is the current default.
      const m = new RegExp(`\\n\\t(?:genericfeatures\\.)?${g.gate}: \\{\\n([\\s\\S]*?)\\n\\t\\},`).exec(text);
      const entries = m ? [...m[1].matchAll(/Default: (true|false)/g)] : [];
      if (!entries.length) {
        wrong.push(`${g.gate}: not found`);
        continue;
      }
      const upstream = entries[entries.length - 1][1] === 'true';
      if (upstream !== g.enabled) wrong.push(`${g.gate}: upstream default ${upstream}, here ${g.enabled}`);
    }
    expect(wrong).toEqual([]);
  });
});

function featuresFile(): string | undefined {
  const roots: string[] = [];
  try {
    roots.push(execFileSync('go', ['env', 'GOMODCACHE'], {encoding: 'utf8'}).trim());
  } catch {
    // go is not on PATH: try the default location
  }
  roots.push(join(homedir(), 'go/pkg/mod'));
  for (const root of roots) {
    const f = join(root, 'k8s.io/kubernetes@v1.36.3/pkg/features/kube_features.go');
    if (root && existsSync(f)) return f;
  }
  return undefined;
}
