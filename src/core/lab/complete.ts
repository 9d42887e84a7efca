/** Tab completion for the lab's terminal: commands, subcommands, flags, resource types and names. */
import {displayText} from '../scalar-text';
import {isRecord} from '../is-record';
import type {ApiServer} from './api-server';
import {COMMANDS, ROOT_COMMANDS} from './registry';
import {API_RESOURCES, resolveResource} from './resources';
import {tokenize} from './tokenize';

export function complete(line: string, cursor: number, server: () => ApiServer): {from: number; items: string[]} {
  const before = line.slice(0, Math.max(0, Math.min(cursor, line.length)));
  const from = Math.max(before.lastIndexOf(' '), before.lastIndexOf('\t')) + 1;
  const word = before.slice(from);
  const words = tokenize(before.slice(0, from)).words;
  const sorted = (xs: Iterable<string>) => [...new Set(xs)].filter((x) => x.startsWith(word)).sort();
  if (words.length === 0) return {from, items: sorted(['kubectl'])};
  const args = words.slice(1);
  // which command path the words so far name
  let path = '';
  const positional: string[] = [];
  for (const w of args) {
    if (w.startsWith('-')) continue;
    const next = path ? `${path} ${w}` : w;
    if (COMMANDS.some((c) => c.path === next)) path = next;
    else positional.push(w);
  }
  if (!path) {
    if (word.startsWith('-')) return {from, items: []};
    return {from, items: sorted(ROOT_COMMANDS.filter((c) => COMMANDS.some((x) => x.path === c)))};
  }
  const command = COMMANDS.find((c) => c.path === path)!;
  if (word.startsWith('-')) {
    return {from, items: sorted(command.flags.flatMap((f) => [`--${f.name}`]))};
  }
  const subs = COMMANDS.filter((c) => c.path.startsWith(`${path} `) && !c.path.slice(path.length + 1).includes(' ')).map((c) => c.path.slice(path.length + 1));
  if (subs.length && positional.length === 0) return {from, items: sorted(subs)};
  const last = args[args.length - 1] ?? '';
  if (last === '-n' || last === '--namespace')
    return {
      from,
      items: sorted(
        server()
          .list(API_RESOURCES.find((r) => r.name === 'namespaces')!, '')
          .map(nameOfObject),
      ),
    };
  if (last === '-o' || last === '--output') return {from, items: sorted(['yaml', 'json', 'wide', 'name', 'jsonpath='])};
  if (command.completes === 'resource-then-name' || command.completes === 'verb-resource') {
    const typeIndex = command.completes === 'verb-resource' ? 1 : 0;
    if (command.completes === 'verb-resource' && positional.length === 0) {
      return {
        from,
        items: sorted(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'impersonate', 'bind', 'escalate', 'use', '*']),
      };
    }
    if (positional.length === typeIndex) {
      if (word.includes('/')) {
        const r = resolveResource(word.slice(0, word.indexOf('/')));
        if (!r) return {from, items: []};
        const prefix = word.slice(0, word.indexOf('/') + 1);
        return {from, items: sorted(namesOf(server(), r, args).map((n) => `${prefix}${n}`))};
      }
      return {from, items: sorted(API_RESOURCES.flatMap((r) => [r.name, ...r.shortNames]))};
    }
    const r = resolveResource(positional[typeIndex]);
    if (r) return {from, items: sorted(namesOf(server(), r, args))};
  }
  return {from, items: []};
}

function nameOfObject(o: unknown): string {
  return isRecord(o) && isRecord(o.metadata) ? displayText(o.metadata.name ?? '') : '';
}

function namesOf(server: ApiServer, r: (typeof API_RESOURCES)[number], args: string[]): string[] {
  const i = args.findIndex((a) => a === '-n' || a === '--namespace');
  const ns = i >= 0 ? (args[i + 1] ?? 'default') : 'default';
  return server.list(r, r.namespaced ? ns : '').map(nameOfObject);
}
