/**
 * Flags as kubectl's cobra/pflag parse them (github.com/spf13/pflag flag.go, parseArgs,
 * parseLongArg, parseSingleShortArg): flags and arguments may interleave; `--` ends the flags;
 * `--name=value`, `--name value`, `-n value`, `-nvalue`, `-n=value`; booleans take no value
 * unless written `--flag=false`; several boolean shorthands may share one dash (`-Ai`).
 * The errors are pflag's own words.
 */

export type FlagType = 'bool' | 'string' | 'strings' | 'int';

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  /** Shown in completions. */
  description?: string;
}

export interface ParsedFlags {
  /** Positional arguments, in order (those after `--` included). */
  args: string[];
  /** Index in args where `--` stood, or -1. */
  dashAt: number;
  values: Map<string, string[]>;
}

export class FlagError extends Error {}

export function parseFlags(words: readonly string[], specs: readonly FlagSpec[]): ParsedFlags {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const values = new Map<string, string[]>();
  const args: string[] = [];
  let dashAt = -1;
  const set = (spec: FlagSpec, value: string) => {
    if (spec.type === 'bool' && !/^(true|false|1|0|t|f|TRUE|FALSE|True|False|T|F)$/.test(value)) {
      throw new FlagError(
        `invalid argument "${value}" for "${spec.short ? `-${spec.short}, ` : ''}--${spec.name}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`,
      );
    }
    if (spec.type === 'int' && !/^-?\d+$/.test(value)) {
      throw new FlagError(
        `invalid argument "${value}" for "${spec.short ? `-${spec.short}, ` : ''}--${spec.name}" flag: strconv.ParseInt: parsing "${value}": invalid syntax`,
      );
    }
    const list = values.get(spec.name) ?? [];
    if (spec.type === 'strings') list.push(...(value === '' ? [] : value.split(',')));
    else list.push(value);
    values.set(spec.name, list);
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--') {
      dashAt = args.length;
      args.push(...words.slice(i + 1));
      break;
    }
    if (w.startsWith('--') && w.length > 2) {
      const body = w.slice(2);
      const eq = body.indexOf('=');
      const name = eq < 0 ? body : body.slice(0, eq);
      const spec = byName.get(name);
      if (!spec) throw new FlagError(`unknown flag: --${name}`);
      if (eq >= 0) set(spec, body.slice(eq + 1));
      else if (spec.type === 'bool') set(spec, 'true');
      else if (i + 1 < words.length) set(spec, words[++i]);
      else throw new FlagError(`flag needs an argument: --${name}`);
      continue;
    }
    if (w.startsWith('-') && w.length > 1) {
      let rest = w.slice(1);
      while (rest.length > 0) {
        const c = rest[0];
        const spec = byShort.get(c);
        if (!spec) throw new FlagError(`unknown shorthand flag: '${c}' in -${w.slice(1)}`);
        if (rest.length > 2 && rest[1] === '=') {
          set(spec, rest.slice(2));
          rest = '';
        } else if (spec.type === 'bool') {
          set(spec, 'true');
          rest = rest.slice(1);
        } else if (rest.length > 1) {
          set(spec, rest.slice(1));
          rest = '';
        } else if (i + 1 < words.length) {
          set(spec, words[++i]);
          rest = '';
        } else {
          throw new FlagError(`flag needs an argument: '${c}' in -${w.slice(1)}`);
        }
      }
      continue;
    }
    args.push(w);
  }
  return {args, dashAt, values};
}

/** Reads parsed flags with their defaults. */
export class Flags {
  constructor(private readonly parsed: ParsedFlags) {}
  get args(): string[] {
    return this.parsed.args;
  }
  get dashAt(): number {
    return this.parsed.dashAt;
  }
  has(name: string): boolean {
    return this.parsed.values.has(name);
  }
  string(name: string, fallback = ''): string {
    const v = this.parsed.values.get(name);
    return v && v.length ? v[v.length - 1] : fallback;
  }
  strings(name: string): string[] {
    return this.parsed.values.get(name) ?? [];
  }
  bool(name: string): boolean {
    const v = this.string(name, 'false');
    return /^(true|1|t|TRUE|True|T)$/.test(v);
  }
  int(name: string, fallback: number): number {
    return this.has(name) ? Number(this.string(name)) : fallback;
  }
}
