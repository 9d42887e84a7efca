/**
 * How the node's binaries are built (node-build.ts), without building them: which `go build`
 * commands run, that CoreDNS's main links exactly the plugins the node's Corefile uses, and that
 * the cache key follows that main.
 * Reproduce: node --experimental-vm-modules node_modules/jest/bin/jest.js --selectProjects unit -- scripts/control-plane/__tests__/node-build
 */
import {describe, expect, it} from '@jest/globals';
import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {COREDNS_MAIN, GO_TARGETS, goBuildGroups, NODE_BINARIES, nodeCacheKey, readNodePins} from '../node-build';
import {corednsManifest} from '../node';

/** The directives of the Corefile's server blocks (the first word of each line one level deep). */
function corefileDirectives(): string[] {
  const corefile = /Corefile: \|\n([\s\S]*?)\n---/.exec(corednsManifest('coredns/coredns:test'))![1];
  const out: string[] = [];
  let depth = 0;
  for (const line of corefile.split('\n')) {
    const words = line.trim().split(/\s+/).filter(Boolean);
    if (depth === 1 && words.length && words[0] !== '}') out.push(words[0]);
    depth += (line.match(/{/g) ?? []).length - (line.match(/}/g) ?? []).length;
  }
  return out;
}

describe('CoreDNS main (addons/coredns/main.go)', () => {
  const main = readFileSync(COREDNS_MAIN, 'utf8');
  const imported = [...main.matchAll(/^\s*_ "github\.com\/coredns\/coredns\/plugin\/([a-z0-9_]+)"/gm)].map((m) => m[1]).sort();
  const listed = /var plugins = \[\]string\{([^}]*)\}/
    .exec(main)![1]
    .split(',')
    .map((s) => s.trim().replace(/^"|"$/g, ''))
    .filter(Boolean)
    .sort();

  it('imports and lists exactly the plugins the Corefile uses, and no plugin bundle', () => {
    const used = [...new Set(corefileDirectives())].sort();
    expect(used).toEqual(['cache', 'errors', 'health', 'kubernetes', 'loop', 'ready']);
    expect(imported).toEqual(used);
    expect(listed).toEqual(used);
    // core/plugin is upstream's every-plugin import (core/plugin/zplugin.go).
    expect(main).not.toMatch(/"github\.com\/coredns\/coredns\/core\/plugin"/);
  });

  it('is what the node builds, and its hash is part of the cache key', () => {
    expect(GO_TARGETS.coredns.pkg).toBe('kube-security-notes/control-plane/addons/coredns');
    expect(main).toMatch(/^package main$/m);
    const pins = readNodePins();
    expect(pins.corednsMain).toBe(createHash('sha256').update(readFileSync(COREDNS_MAIN)).digest('hex').slice(0, 8));
    expect(nodeCacheKey(pins)).toBe(`node-k8s-${pins.kubernetes}-kube-router-${pins.kubeRouter}-coredns-${pins.coredns}-min-${pins.corednsMain}`);
    expect(nodeCacheKey({...pins, corednsMain: '00000000'})).not.toBe(nodeCacheKey(pins));
  });
});

describe('go build commands', () => {
  it('builds kubelet, kube-scheduler and kube-proxy with one command, each other binary alone', () => {
    expect(goBuildGroups().map((g) => g.names)).toEqual([['kubelet', 'kube-scheduler', 'kube-proxy'], ['agnhost'], ['kube-router'], ['coredns']]);
    expect(
      goBuildGroups()
        .flatMap((g) => g.names)
        .sort(),
    ).toEqual(NODE_BINARIES.filter((b) => b !== 'pause').sort());
  });

  it('refuses a target whose package would give the binary another name', () => {
    expect(() => goBuildGroups({coredns: {...GO_TARGETS.coredns, pkg: 'github.com/coredns/coredns/cmd'}})).toThrow(
      'go build -o <dir>/ would name github.com/coredns/coredns/cmd "cmd", not "coredns"',
    );
  });
});
