/**
 * How a page refers to the single-sourced examples, read from the meta string of a code fence.
 *
 *   ```yaml example="rbac-dev-user-pods/role.yaml"        a file of an example folder
 *   ```bash example="rbac-dev-user-pods#can-list-pods"    the command of a named step
 *   ```yaml norun="a fragment of a Pod spec, not a whole object"
 *
 * The fence body of an `example=` block stays empty: the build fills it from examples/, so the
 * Korean and English pages cannot drift. Pure: no I/O here; the remark plugin and the verifier
 * read the files.
 */

export type FenceRef =
  | {kind: 'file'; example: string; file: string}
  | {kind: 'step'; example: string; step: string}
  | {kind: 'norun'; reason: string}
  | {kind: 'none'};

const ATTRIBUTE = /([a-zA-Z][\w-]*)=(?:"([^"]*)"|'([^']*)'|(\S+))/g;

/** Parses `key="value"` pairs of a fence meta string (the text after the language). */
export function parseMetaAttributes(meta: string | null | undefined): Record<string, string> {
  const attributes: Record<string, string> = {};
  if (!meta) return attributes;
  for (const m of meta.matchAll(ATTRIBUTE)) attributes[m[1]] = m[2] ?? m[3] ?? m[4] ?? '';
  return attributes;
}

export const EXAMPLE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const EXAMPLE_FILE = /^[\w.-]+\.(?:ya?ml|sh|txt|json)$/;
const STEP_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** What a fence refers to, or an error message for the author when the reference is malformed. */
export function parseFenceRef(meta: string | null | undefined): FenceRef | {kind: 'error'; message: string} {
  const attributes = parseMetaAttributes(meta);
  if ('norun' in attributes) {
    const reason = attributes.norun.trim();
    if (reason.length < 8) return {kind: 'error', message: 'norun needs a reason of at least a few words: norun="why this block is not run"'};
    return {kind: 'norun', reason};
  }
  const ref = attributes.example;
  if (ref === undefined) return {kind: 'none'};
  const hash = ref.indexOf('#');
  const slash = ref.indexOf('/');
  if (hash > 0) {
    const example = ref.slice(0, hash);
    const step = ref.slice(hash + 1);
    if (!EXAMPLE_ID.test(example) || !STEP_NAME.test(step))
      return {kind: 'error', message: `bad step reference "${ref}": use example="<example-id>#<step-name>" in kebab-case`};
    return {kind: 'step', example, step};
  }
  if (slash > 0) {
    const example = ref.slice(0, slash);
    const file = ref.slice(slash + 1);
    if (!EXAMPLE_ID.test(example) || !EXAMPLE_FILE.test(file))
      return {kind: 'error', message: `bad file reference "${ref}": use example="<example-id>/<file>.yaml"`};
    return {kind: 'file', example, file};
  }
  return {kind: 'error', message: `bad example reference "${ref}": use example="<id>/<file>" or example="<id>#<step>"`};
}

/** Languages whose fences must be an example or carry norun="reason". */
export const CHECKED_FENCE_LANGUAGES = new Set(['yaml', 'yml', 'bash', 'sh', 'shell', 'console']);

export interface Fence {
  lang: string;
  meta: string;
  body: string;
  /** 1-based line of the opening fence in the page. */
  line: number;
}

/** Lists the fenced code blocks of an MDX/Markdown page (``` and ~~~ fences, any indentation). */
export function listFences(page: string): Fence[] {
  const fences: Fence[] = [];
  const lines = page.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)\s*(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, marker, lang, meta] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = new RegExp(`^\\s*${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`);
      if (close.test(lines[j])) break;
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
    }
    fences.push({lang: lang.toLowerCase(), meta: meta.trim(), body: body.join('\n'), line: i + 1});
    i = j;
  }
  return fences;
}
