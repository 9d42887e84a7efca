/**
 * A kubectl lab: an in-memory cluster that answers kubectl command lines as kubectl 1.36 against
 * a fresh API server would (same bytes, volatile values such as ages, uids and generated names
 * aside). Pure: no DOM, no Node.
 *
 *   const lab = createLab(objects?, {namespace?, user?, controllerManager?, now?, seed?});
 *   lab.run('kubectl create role r --verb=get --resource=pods', files?)
 *     // => {stdout: 'role.rbac.authorization.k8s.io/r created\n', stderr: '', exitCode: 0}
 *   lab.objects()        // every stored object (bootstrap RBAC, namespaces, ... included)
 *   lab.reset()          // back to the state createLab made
 *   lab.completions('kubectl get po', 14)  // {from: 12, items: ['pods', ...]}
 *   LAB_COMMANDS         // [{path: 'get', short: '...'}, ...]
 *
 * `files` maps a path given to `-f` (or --from-file) to its text: the example's files or the
 * page's editor buffer. Every run is bounded: the command line is capped at 64 KiB, output at 1 MiB.
 */
import {displayText} from '../scalar-text';
import type {KubeObject} from './store';
import {clone} from './store';
import {ADMIN, ApiError, ApiServer} from './api-server';
import type {Identity} from './api-server';
import {tokenize} from './tokenize';
import {Flags, FlagError, parseFlags} from './flags';
import type {FlagSpec} from './flags';
import type {Ctx} from './context';
import {CommandError, errorText} from './context';
import {COMMANDS, findCommand, ROOT_COMMANDS} from './registry';
import {resourceForKind, API_RESOURCES} from './resources';
import {flattenObjects} from '../assertions/objects';

export interface LabOptions {
  /** The namespace of the kubeconfig context (default "default"). */
  namespace?: string;
  /** The kubeconfig's user (default the cluster admin "kubernetes-admin", groups system:masters). */
  user?: string;
  /** Its groups (default ["system:masters"] for the admin, none for another user). */
  groups?: string[];
  /**
   * Whether kube-controller-manager runs (default true, as on a real cluster): default
   * ServiceAccounts and kube-root-ca.crt per namespace, ClusterRole aggregation.
   */
  controllerManager?: boolean;
  /** The clock (default: the real one). */
  now?: () => Date;
  /** Seed of uids and generated names (default 1). */
  seed?: number;
  /**
   * The kubeconfig `kubectl config` shows (default kubeadm's admin.conf: context
   * kubernetes-admin@kubernetes, cluster kubernetes at https://127.0.0.1:6443, no namespace).
   * The context's namespace is also the default of `namespace` above.
   */
  kubeconfig?: LabKubeconfig;
}

/** The one context of the lab's kubeconfig. */
export interface LabKubeconfig {
  context: string;
  cluster: string;
  server: string;
  /** The context's namespace line (absent: none, and commands use "default"). */
  namespace?: string;
}

export const KUBEADM_KUBECONFIG: LabKubeconfig = {context: 'kubernetes-admin@kubernetes', cluster: 'kubernetes', server: 'https://127.0.0.1:6443'};

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface Completions {
  /** Where the completed word starts in the line. */
  from: number;
  /** Candidates for the word under the cursor, sorted. */
  items: string[];
}

export interface Lab {
  run(commandLine: string, files?: Record<string, string>): RunResult;
  objects(): KubeObject[];
  reset(): void;
  completions(line: string, cursor?: number): Completions;
}

const MAX_LINE = 64 * 1024;
const MAX_OUTPUT = 1024 * 1024;

export {COMMANDS as LAB_COMMANDS_FULL};
/** The commands the lab knows, for help and completion: path ("create role") and one line. */
export const LAB_COMMANDS: readonly {path: string; short: string}[] = COMMANDS.map((c) => ({path: c.path, short: c.short}));

export function createLab(initial: readonly unknown[] = [], options: LabOptions = {}): Lab {
  const now = options.now ?? (() => new Date());
  const build = () => {
    const server = new ApiServer({controllerManager: options.controllerManager ?? true, now, seed: options.seed ?? 1});
    for (const o of flattenObjects(initial)) {
      const r = resourceForKind(displayText(o.apiVersion ?? ''), displayText(o.kind ?? ''));
      if (!r) continue;
      const ns = r.namespaced ? displayText((o.metadata as Record<string, unknown> | undefined)?.namespace ?? options.namespace ?? 'default') : '';
      try {
        if (r.namespaced && !server.namespaceExists(ns))
          server.create(API_RESOURCES.find((x) => x.name === 'namespaces')!, {apiVersion: 'v1', kind: 'Namespace', metadata: {name: ns}}, '', false);
        const existing = server.store.get(r, ns, displayText((o.metadata as Record<string, unknown> | undefined)?.name ?? ''));
        if (existing) server.update(r, clone(o) as KubeObject, false);
        else server.create(r, clone(o) as KubeObject, ns, false);
      } catch {
        // an object the server would refuse is not part of the starting state
      }
    }
    return server;
  };
  let server = build();
  const caller: Identity =
    options.user && options.user !== ADMIN.name ? {name: options.user, groups: [...(options.groups ?? []), 'system:authenticated']} : ADMIN;
  const kubeconfig = options.kubeconfig ?? KUBEADM_KUBECONFIG;
  const contextNamespace = options.namespace ?? kubeconfig.namespace ?? 'default';

  const run = (commandLine: string, files: Record<string, string> = {}): RunResult => {
    if (typeof commandLine !== 'string') return {stdout: '', stderr: 'error: the command must be text\n', exitCode: 1};
    if (commandLine.length > MAX_LINE) return {stdout: '', stderr: `error: the command line is longer than ${MAX_LINE} characters\n`, exitCode: 1};
    const tokens = tokenize(commandLine);
    if (tokens.unterminated) return {stdout: '', stderr: `error: unterminated ${tokens.unterminated === '"' ? 'double' : 'single'} quote\n`, exitCode: 2};
    if (tokens.operator) {
      return {
        stdout: '',
        stderr: `error: this lab runs one kubectl command at a time: the shell operator "${tokens.operator}" is not supported here\n`,
        exitCode: 2,
      };
    }
    let words = tokens.words;
    if (words.length === 0) return {stdout: '', stderr: '', exitCode: 0};
    if (words[0] !== 'kubectl' && words[0] !== 'k') {
      return {stdout: '', stderr: `${words[0]}: command not found (this lab runs kubectl only)\n`, exitCode: 127};
    }
    words = words.slice(1);
    const out: string[] = [];
    const err: string[] = [];
    let exitCode: number;
    try {
      exitCode = dispatch(words, files, out, err);
    } catch (e) {
      if (e instanceof ApiError || e instanceof CommandError || e instanceof FlagError) {
        err.push(errorText(e));
        exitCode = 1;
      } else {
        err.push(`error: the lab failed on this command (${e instanceof Error ? e.message : displayText(e)})\n`);
        exitCode = 1;
      }
    }
    let stdout = out.join('');
    let stderr = err.join('');
    if (stdout.length > MAX_OUTPUT) stdout = `${stdout.slice(0, MAX_OUTPUT)}\n[output cut at ${MAX_OUTPUT} characters]\n`;
    if (stderr.length > MAX_OUTPUT) stderr = stderr.slice(0, MAX_OUTPUT);
    return {stdout, stderr, exitCode};
  };

  const dispatch = (words: string[], files: Record<string, string>, out: string[], err: string[]): number => {
    const found = findCommand(words);
    if ('error' in found) {
      err.push(found.error);
      return 1;
    }
    const {command, rest} = found;
    let parsed;
    try {
      parsed = parseFlags(rest, command.flags);
    } catch (e) {
      if (e instanceof FlagError) {
        err.push(`error: ${e.message}\nSee 'kubectl ${command.path} --help' for usage.\n`);
        return 1;
      }
      throw e;
    }
    const flags = new Flags(parsed);
    if (flags.bool('help')) {
      out.push(command.help ?? helpText(command.path, command.short, command.flags));
      return 0;
    }
    const caller2 = caller;
    const as = flags.string('as');
    const asGroups = flags.strings('as-group');
    const user = server.impersonate(caller2, as, asGroups);
    if (user instanceof ApiError) {
      err.push(errorText(user));
      return 1;
    }
    const ctx: Ctx = {
      server,
      user,
      caller: caller2,
      namespace: flags.string('namespace') || contextNamespace,
      namespaceGiven: flags.has('namespace'),
      flags,
      files,
      path: command.path,
      out,
      err,
      now: now(),
      kubeconfig: {...kubeconfig, user: caller2.name},
    };
    return command.run(ctx);
  };

  return {
    run,
    objects: () => clone(server.store.all()),
    reset: () => {
      server = build();
    },
    completions: (line: string, cursor?: number) => complete(line, cursor ?? line.length, () => server),
  };
}

function helpText(path: string, short: string, flags: FlagSpec[]): string {
  const lines = [`${short}.`, '', 'Options:'];
  for (const f of flags) {
    if (f.name === 'help') continue;
    lines.push(`    ${f.short ? `-${f.short}, ` : ''}--${f.name}${f.type === 'bool' ? '' : '=...'}${f.description ? `: ${f.description}` : ''}`);
  }
  lines.push('', `Usage:`, `  kubectl ${path} [options]`, '');
  return `${lines.join('\n')}\n`;
}

import {complete} from './complete';
export {ROOT_COMMANDS};
