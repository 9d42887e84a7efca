/**
 * Command-line options of scripts/verify-examples.ts (the usage text is USAGE below).
 */

export type ClusterKind = 'local' | 'kind' | 'current';
export type TierOption = 'api' | 'runtime' | 'all';

export interface Options {
  cluster: ClusterKind;
  tier: TierOption;
  filter: string[];
  parallel: number;
  report?: string;
  json?: string;
  keep: boolean;
  /** kind: leave the cluster when the run fails, for `kind export logs` (CI's diagnostics step). */
  keepOnFailure: boolean;
  allowContext?: string;
  help: boolean;
  /** False when --tier was not given: the local cluster then picks all (with a node) or api. */
  tierGiven: boolean;
}

export const DEFAULT_PARALLEL = 4;

export const USAGE = `usage: npm run verify -- [options]

Runs every example of the docs (examples/<id>/steps.yaml) against a Kubernetes API server.

  --cluster local|kind|current  local (default): start the local control plane, with one node when
                                a runtime tier is asked for (Linux and root; scripts/control-plane);
                                kind: create the kind cluster ksn-verify from
                                scripts/verify/kind-config.yaml and delete it afterwards;
                                current: the current kubeconfig context, only if it is a test
                                cluster (kind-* or ksn-local on a loopback address, ksn-local
                                matching the running local control plane) or --allow-context.
                                The context is then copied into the run's own kubeconfig, so
                                switching contexts during a run changes nothing
  --tier api|runtime|all        api: only steps that need an API server; runtime: only examples
                                with steps that need nodes; all: everything.
                                Default: all, except on a local cluster where the node cannot
                                run (not Linux, not root, packages missing): api, with the reason
  --filter <id or part>         only examples whose id contains it (repeatable, comma-separated)
  --parallel N                  examples at a time (default ${DEFAULT_PARALLEL}); examples that create
                                cluster-scoped objects always run alone
  --report <file.xml>           write a JUnit XML report
  --json <file.json>            write {passed, failed, skipped, examples, durationSeconds, ...}
  --keep                        leave the objects (and the kind cluster) for debugging; cluster-scoped
                                grants left behind can change the answers of later examples, so
                                combine it with --filter
  --keep-on-failure             with --cluster kind: leave the cluster when the run fails, to
                                collect kind export logs --name ksn-verify (CI does)
  --allow-context <name>        with --cluster current: allow this context even if it does not look
                                like a test cluster (the verifier creates ClusterRoles and bindings)
  -h, --help                    this text

Environment: KSN_KUBECTL  kubectl for kind and current (default: kubectl on PATH)
             KSN_VERIFY_EXAMPLES_DIR  run the example folders of another folder (the page checks
                                      are skipped: the docs do not show those)

Exit status: 0 all passed, 1 something failed, 2 bad usage, 130 interrupted (Ctrl-C, SIGTERM).`;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function parseOptions(argv: string[]): Options {
  const options: Options = {
    cluster: 'local',
    tier: 'api',
    filter: [],
    parallel: DEFAULT_PARALLEL,
    keep: false,
    keepOnFailure: false,
    help: false,
    tierGiven: false,
  };
  let tierGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i];
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const inline = eq > 0 ? raw.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      i++;
      return v;
    };
    switch (flag) {
      case '--cluster': {
        const v = value();
        if (v !== 'local' && v !== 'kind' && v !== 'current') throw new UsageError(`--cluster must be local, kind or current, not "${v}"`);
        options.cluster = v;
        break;
      }
      case '--tier': {
        const v = value();
        if (v !== 'api' && v !== 'runtime' && v !== 'all') throw new UsageError(`--tier must be api, runtime or all, not "${v}"`);
        options.tier = v;
        tierGiven = true;
        break;
      }
      case '--filter':
        options.filter.push(
          ...value()
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        );
        break;
      case '--parallel': {
        const v = value();
        const n = Number(v);
        if (!/^\d+$/.test(v) || n < 1 || n > 64) throw new UsageError(`--parallel must be a whole number from 1 to 64, not "${v}"`);
        options.parallel = n;
        break;
      }
      case '--report':
        options.report = value();
        break;
      case '--json':
        options.json = value();
        break;
      case '--keep':
        if (inline !== undefined) throw new UsageError('--keep takes no value');
        options.keep = true;
        break;
      case '--keep-on-failure':
        if (inline !== undefined) throw new UsageError('--keep-on-failure takes no value');
        options.keepOnFailure = true;
        break;
      case '--allow-context':
        options.allowContext = value();
        break;
      case '-h':
      case '--help':
        options.help = true;
        break;
      default:
        throw new UsageError(`unknown option "${raw}"`);
    }
  }
  // The local cluster's default is decided when it starts: all where a node can run (Linux, root,
  // the packages), else api with that reason (main.ts).
  options.tierGiven = tierGiven;
  if (!tierGiven) options.tier = 'all';
  if (options.allowContext && options.cluster !== 'current') throw new UsageError('--allow-context only applies to --cluster current');
  if (options.keepOnFailure && options.cluster !== 'kind') throw new UsageError('--keep-on-failure only applies to --cluster kind');
  return options;
}

/** Examples selected by --filter: an exact id, or ids containing the text. */
export function selectExamples<T extends {id: string}>(examples: T[], filter: string[]): {selected: T[]; unmatched: string[]} {
  if (filter.length === 0) return {selected: examples, unmatched: []};
  const unmatched = filter.filter((f) => !examples.some((e) => e.id === f || e.id.includes(f)));
  return {selected: examples.filter((e) => filter.some((f) => e.id === f || e.id.includes(f))), unmatched};
}
