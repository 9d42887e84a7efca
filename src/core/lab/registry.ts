/**
 * The command tree: which words name which command, its flags, and cobra's answer to an unknown
 * command ("Did you mean this?": Levenshtein distance <= 2 or a prefix, in kubectl's own
 * registration order, k8s.io/kubectl pkg/cmd/cmd.go NewKubectlCommand; kubectl turns off
 * cobra's command sorting).
 */
import type {Command} from './commands';
import {GLOBAL_FLAGS, runDelete, runFiles, runGet} from './commands';
import type {FlagSpec} from './flags';
import {CommandError} from './context';
import type {Ctx} from './context';
import {CREATE_OUTPUT_FLAGS, GENERATORS, runGenerator, SECRET_GENERATORS} from './create';
import {
  runAuthCanI,
  runWhoami,
  runApiResources,
  runLabel,
  runRun,
  runDescribe,
  runExplain,
  runConfig,
  runCreateToken,
  runVersion,
  runSet,
  runWait,
} from './more-commands';

/** `kubectl create secret --help` of kubectl 1.36.3. */
const SECRET_HELP =
  'Create a secret with specified type.\n\n A docker-registry type secret is for accessing a container registry.\n\n A generic type secret indicate an Opaque secret type.\n\n A tls type secret holds TLS certificate and its associated key.\n\nAvailable Commands:\n  docker-registry   Create a secret for use with a Docker registry\n  generic           Create a secret from a local file, directory, or literal value\n  tls               Create a TLS secret\n\nUsage:\n  kubectl create secret (docker-registry | generic | tls) [options]\n\nUse "kubectl create secret <command> --help" for more information about a given command.\nUse "kubectl options" for a list of global command-line options (applies to all commands).\n';

/** kubectl's top-level commands in registration order. */
export const ROOT_COMMANDS = [
  'create',
  'expose',
  'run',
  'set',
  'explain',
  'get',
  'edit',
  'delete',
  'rollout',
  'scale',
  'autoscale',
  'certificate',
  'cluster-info',
  'top',
  'cordon',
  'uncordon',
  'drain',
  'taint',
  'describe',
  'logs',
  'attach',
  'exec',
  'port-forward',
  'proxy',
  'cp',
  'auth',
  'debug',
  'events',
  'diff',
  'apply',
  'patch',
  'replace',
  'wait',
  'kustomize',
  'label',
  'annotate',
  'completion',
  'alpha',
  'api-resources',
  'api-versions',
  'config',
  'plugin',
  'version',
  'options',
  'help',
];

const S = (name: string, short?: string, description?: string): FlagSpec => ({name, short, type: 'string', description});
const B = (name: string, short?: string, description?: string): FlagSpec => ({name, short, type: 'bool', description});
const L = (name: string, short?: string, description?: string): FlagSpec => ({name, short, type: 'strings', description});

const PRINT = [S('output', 'o', 'output format: yaml|json|wide|name|jsonpath=...'), B('show-managed-fields'), S('template'), B('allow-missing-template-keys')];
const with_ = (...flags: FlagSpec[]): FlagSpec[] => [...flags, ...GLOBAL_FLAGS];

/** Commands that need a node or a running process: one clear line instead. */
const RUNTIME: Record<string, string> = {
  logs: "reads a container's log from the node",
  exec: 'runs a process in a running container',
  attach: 'attaches to a running container',
  'port-forward': 'forwards a port to a running pod',
  cp: 'copies files from a running container',
  top: 'needs the metrics of running pods and nodes',
  debug: 'starts a debug container on a node',
  proxy: 'serves the API on a local port',
  rollout: 'watches pods start on a node',
  events: 'shows what the node and controllers did',
  edit: 'opens an editor',
  'cluster-info': "shows the cluster's endpoints",
  drain: 'evicts pods from a node',
  cordon: 'marks a node',
  uncordon: 'marks a node',
  taint: 'changes a node',
  certificate: 'approves certificates',
  diff: 'compares with the live object through a diff program',
  kustomize: 'reads a kustomization directory',
  plugin: 'runs plugins',
  completion: 'prints a shell completion script',
  alpha: 'runs alpha commands',
  expose: 'creates a Service for a running workload',
  scale: "changes a workload's replicas",
  autoscale: 'creates a HorizontalPodAutoscaler',
  patch: 'patches an object',
  'api-versions': 'lists API versions',
  options: 'lists global options',
};

function runtimeCommand(name: string, why: string): Command {
  return {
    path: name,
    short: `(not in the lab: it ${why})`,
    flags: [],
    run: (ctx: Ctx) => {
      ctx.err.push(
        `error: "kubectl ${name}" is not available in this lab: it ${why}, and the lab is an API server without nodes; see the example's output on the page\n`,
      );
      return 1;
    },
  };
}

const GET_FLAGS = with_(
  ...PRINT,
  S('selector', 'l', 'label selector'),
  B('all-namespaces', 'A', 'across all namespaces'),
  B('show-labels'),
  B('no-headers'),
  B('watch', 'w'),
  S('field-selector'),
  S('sort-by'),
  L('label-columns', 'L'),
  S('chunk-size'),
  B('ignore-not-found'),
  S('raw'),
  S('subresource'),
  L('filename', 'f'),
  B('recursive', 'R'),
  S('server-print'),
);

export const COMMANDS: Command[] = [
  {path: 'get', short: 'Display one or many resources', flags: GET_FLAGS, run: runGet, completes: 'resource-then-name'},
  {
    path: 'describe',
    short: 'Show details of a specific resource or group of resources',
    flags: with_(S('selector', 'l'), B('all-namespaces', 'A'), B('show-events'), S('chunk-size'), L('filename', 'f')),
    run: runDescribe,
    completes: 'resource-then-name',
  },
  {
    path: 'delete',
    short: 'Delete resources by file names, stdin, resources and names, or by resources and label selector',
    flags: with_(
      L('filename', 'f'),
      S('selector', 'l'),
      B('all'),
      B('all-namespaces', 'A'),
      S('dry-run'),
      B('force'),
      S('grace-period'),
      B('ignore-not-found'),
      B('now'),
      B('wait'),
      S('cascade'),
      S('output', 'o'),
      S('timeout'),
      B('recursive', 'R'),
      S('field-selector'),
    ),
    run: (ctx) => runDelete(ctx),
    completes: 'resource-then-name',
  },
  {
    path: 'apply',
    short: 'Apply a configuration to a resource by file name or stdin',
    flags: with_(
      ...PRINT,
      L('filename', 'f'),
      S('dry-run'),
      S('validate'),
      B('server-side'),
      B('force-conflicts'),
      S('field-manager'),
      B('prune'),
      S('selector', 'l'),
      B('recursive', 'R'),
      B('overwrite'),
      B('force'),
      B('wait'),
    ),
    run: (ctx) => {
      if (!ctx.flags.has('filename')) throw new CommandError('must specify one of -f and -k', `See 'kubectl apply -h' for help and examples`);
      return runFiles(ctx, 'apply');
    },
  },
  {
    path: 'create',
    short: 'Create a resource from a file or from stdin',
    flags: with_(...PRINT, L('filename', 'f'), S('dry-run'), S('validate'), B('save-config'), S('field-manager'), B('recursive', 'R'), B('edit'), B('raw')),
    run: (ctx) => {
      if (!ctx.flags.has('filename')) {
        if (ctx.flags.args.length) throw new CommandError(`unknown command "${ctx.flags.args[0]}" for "kubectl create"`);
        throw new CommandError('must specify one of -f and -k');
      }
      return runFiles(ctx, 'create');
    },
  },
  ...Object.entries(GENERATORS).map(
    ([name, g]): Command => ({path: `create ${name}`, short: g.short, flags: with_(...g.flags, ...CREATE_OUTPUT_FLAGS), run: (ctx) => runGenerator(ctx, g)}),
  ),
  {
    path: 'create secret',
    short: 'Create a secret using a specified subcommand',
    flags: with_(),
    help: SECRET_HELP,
    run: (ctx) => {
      // cmdutil.DefaultSubCommandRun: the help on stderr, exit 1
      ctx.err.push(SECRET_HELP);
      return 1;
    },
  },
  ...Object.entries(SECRET_GENERATORS).map(
    ([name, g]): Command => ({
      path: `create secret ${name}`,
      short: g.short,
      flags: with_(...g.flags, ...CREATE_OUTPUT_FLAGS),
      run: (ctx) => runGenerator(ctx, g),
    }),
  ),
  {
    path: 'create token',
    short: 'Request a service account token',
    flags: with_(...PRINT, L('audience'), S('duration'), S('bound-object-kind'), S('bound-object-name'), S('bound-object-uid')),
    run: runCreateToken,
  },
  {
    path: 'run',
    short: 'Run a particular image on the cluster',
    flags: with_(
      ...PRINT,
      S('image'),
      S('labels', 'l'),
      S('dry-run'),
      B('command'),
      L('env'),
      S('port'),
      S('restart'),
      S('image-pull-policy'),
      B('stdin', 'i'),
      B('tty', 't'),
      B('rm'),
      S('overrides'),
      L('annotations'),
      B('privileged'),
      B('expose'),
      S('serviceaccount'),
      B('attach'),
      B('quiet', 'q'),
      S('field-manager'),
    ),
    run: runRun,
  },
  {
    path: 'label',
    short: 'Update the labels on a resource',
    flags: with_(
      ...PRINT,
      B('overwrite'),
      B('all'),
      B('all-namespaces', 'A'),
      S('selector', 'l'),
      S('dry-run'),
      B('list'),
      B('local'),
      L('filename', 'f'),
      S('resource-version'),
      S('field-selector'),
    ),
    run: (ctx) => runLabel(ctx, 'labels'),
    completes: 'resource-then-name',
  },
  {
    path: 'annotate',
    short: 'Update the annotations on a resource',
    flags: with_(
      ...PRINT,
      B('overwrite'),
      B('all'),
      B('all-namespaces', 'A'),
      S('selector', 'l'),
      S('dry-run'),
      B('list'),
      B('local'),
      L('filename', 'f'),
      S('resource-version'),
      S('field-selector'),
    ),
    run: (ctx) => runLabel(ctx, 'annotations'),
    completes: 'resource-then-name',
  },
  {
    path: 'auth',
    short: 'Inspect authorization',
    flags: with_(),
    run: (ctx) => {
      ctx.err.push(
        'Inspect authorization.\n\nAvailable Commands:\n  can-i         Check whether an action is allowed\n  reconcile     Reconciles rules for RBAC role, role binding, cluster role, and cluster role binding objects\n  whoami        Experimental: Check self subject attributes\n\nUsage:\n  kubectl auth [flags] [options]\n\nUse "kubectl auth <command> --help" for more information about a given command.\nUse "kubectl options" for a list of global command-line options (applies to all commands).\n',
      );
      return 1;
    },
  },
  {
    path: 'auth can-i',
    short: 'Check whether an action is allowed',
    flags: with_(B('all-namespaces', 'A'), B('list'), B('no-headers'), B('quiet', 'q'), S('subresource')),
    run: runAuthCanI,
    completes: 'verb-resource',
  },
  {path: 'auth whoami', short: 'Experimental: Check self subject attributes', flags: with_(...PRINT), run: runWhoami},
  {
    path: 'api-resources',
    short: 'Print the supported API resources on the server',
    flags: with_(S('output', 'o'), S('namespaced'), S('api-group'), L('verbs'), L('categories'), S('sort-by'), B('no-headers'), B('cached')),
    run: runApiResources,
  },
  {
    path: 'explain',
    short: 'Get documentation for a resource',
    flags: with_(B('recursive'), S('api-version'), S('output', 'o')),
    run: runExplain,
    completes: 'resource-then-name',
  },
  {path: 'config', short: 'Modify kubeconfig files', flags: with_(), run: (ctx) => runConfig(ctx, '')},
  ...['view', 'current-context', 'get-contexts', 'set-context', 'use-context', 'get-clusters', 'get-users'].map(
    (sub): Command => ({
      path: `config ${sub}`,
      short: `kubectl config ${sub}`,
      flags: with_(B('current'), B('minify'), B('raw'), S('output', 'o'), B('no-headers'), B('flatten')),
      run: (ctx) => runConfig(ctx, sub),
    }),
  ),
  {
    path: 'set',
    short: 'Set specific features on objects',
    flags: with_(),
    run: (ctx) => {
      ctx.err.push(
        'Configure application resources.\n\n These commands help you make changes to existing application resources.\n\nAvailable Commands:\n  env              Update environment variables on a pod template\n  image            Update the image of a pod template\n  resources        Update resource requests/limits on objects with pod templates\n  selector         Set the selector on a resource\n  serviceaccount   Update the service account of a resource\n  subject          Update the user, group, or service account in a role binding or cluster role binding\n\nUsage:\n  kubectl set SUBCOMMAND [options]\n\nUse "kubectl set <command> --help" for more information about a given command.\nUse "kubectl options" for a list of global command-line options (applies to all commands).\n',
      );
      return 1;
    },
  },
  {
    path: 'set image',
    short: 'Update the image of a pod template',
    flags: with_(...PRINT, B('all'), S('selector', 'l'), S('dry-run'), B('local'), L('filename', 'f'), B('recursive', 'R'), S('field-manager')),
    run: (ctx) => runSet(ctx, 'image'),
    completes: 'resource-then-name',
  },
  {
    path: 'set serviceaccount',
    short: 'Update the service account of a resource',
    flags: with_(...PRINT, B('all'), S('dry-run'), B('local'), L('filename', 'f'), B('recursive', 'R'), S('field-manager')),
    run: (ctx) => runSet(ctx, 'serviceaccount'),
    completes: 'resource-then-name',
  },
  {
    path: 'wait',
    short: 'Experimental: Wait for a specific condition on one or many resources',
    flags: with_(
      S('for'),
      S('timeout'),
      S('selector', 'l'),
      B('all'),
      B('all-namespaces', 'A'),
      L('filename', 'f'),
      S('field-selector'),
      B('local'),
      S('output', 'o'),
    ),
    run: runWait,
    completes: 'resource-then-name',
  },
  {
    path: 'replace',
    short: 'Replace a resource by file name or stdin',
    flags: with_(
      ...PRINT,
      L('filename', 'f'),
      B('force'),
      S('dry-run'),
      S('validate'),
      B('save-config'),
      S('grace-period'),
      B('wait'),
      S('timeout'),
      B('cascade'),
      S('field-manager'),
      B('recursive', 'R'),
      B('raw'),
    ),
    run: (ctx) => {
      if (!ctx.flags.has('filename')) throw new CommandError('must specify --filename to replace', `See 'kubectl replace -h' for help and examples`);
      return runFiles(ctx, 'replace');
    },
  },
  {path: 'version', short: 'Print the client and server version information', flags: with_(S('output', 'o'), B('client')), run: runVersion},
  ...Object.entries(RUNTIME).map(([name, why]) => runtimeCommand(name, why)),
];

/** Command aliases (the generators' `Aliases` in create_*.go). */
const ALIASES: Record<string, string> = {
  'create ns': 'create namespace',
  'create sa': 'create serviceaccount',
  'create cm': 'create configmap',
  'create deploy': 'create deployment',
  'set sa': 'set serviceaccount',
};

function levenshtein(a: string, b: string): number {
  const d: number[][] = Array.from({length: a.length + 1}, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

/** The command named by the first words (skipping flags before it, as cobra does for global flags). */
export function findCommand(words: string[]): {command: Command; rest: string[]} | {error: string} {
  // the first non-flag word names the command
  const valued = new Set(GLOBAL_FLAGS.filter((f) => f.type !== 'bool').flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])]));
  let idx = -1;
  for (let i = 0; i < words.length; i++) {
    if (!words[i].startsWith('-')) {
      idx = i;
      break;
    }
    if (valued.has(words[i])) i++;
  }
  if (idx < 0) {
    return {error: 'kubectl controls the Kubernetes cluster manager.\n\nUse "kubectl <command> --help" for more information about a given command.\n'};
  }
  // global flags with a value before the command word: skip their values
  const before = words.slice(0, idx);
  const name = words[idx];
  const byPath = new Map(COMMANDS.map((c) => [c.path, c]));
  const root = byPath.get(name);
  if (!root) {
    const suggestions = ROOT_COMMANDS.filter((c) => levenshtein(name.toLowerCase(), c) <= 2 || c.startsWith(name.toLowerCase()));
    const hint = suggestions.length ? `\n\nDid you mean this?\n${suggestions.map((s) => `\t${s}\n`).join('')}` : '\n';
    return {error: `error: unknown command "${name}" for "kubectl"${hint}${suggestions.length ? '' : "Run 'kubectl --help' for usage.\n"}`};
  }
  let command = root;
  let rest = [...before, ...words.slice(idx + 1)];
  // subcommands: the next non-flag word, when a command of that path exists
  for (;;) {
    const next = rest.findIndex((w) => !w.startsWith('-'));
    if (next < 0) break;
    // only look at words before any flag value ambiguity: subcommand must come first among args
    const candidate = byPath.get(ALIASES[`${command.path} ${rest[next]}`] ?? `${command.path} ${rest[next]}`);
    if (!candidate || rest.slice(0, next).some((w) => !w.startsWith('-'))) break;
    command = candidate;
    rest = [...rest.slice(0, next), ...rest.slice(next + 1)];
  }
  return {command, rest};
}
