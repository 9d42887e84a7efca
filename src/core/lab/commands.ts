/**
 * The kubectl commands the lab answers, each with kubectl 1.36's flags, output and errors.
 * Upstream: k8s.io/kubectl pkg/cmd/{get,create,delete,apply,label,annotate,auth,apiresources,
 * explain,run,config}.
 */
import {displayText} from '../scalar-text';
import {isRecord} from '../is-record';
import {ApiError, resourceByName} from './api-server';
import {goIntType, goValue, quotedApplyPatch} from './apply-patch';
import type {Diagnostic} from '../diagnostics';
import type {Identity} from './api-server';
import type {Ctx} from './context';
import {CommandError, errorText} from './context';
import type {FlagSpec} from './flags';
import {jsonPath, JsonPathError, jsonPathValues} from './jsonpath';
import {parseSelector, selectorMatches, SelectorError} from './label-selector';
import {columnsFor, labelText} from './print-objects';
import {tabwrite} from './print-table';
import {toJson, toYaml} from './print-yaml';
import {API_RESOURCES, kindPrefix, qualifiedName, resolveResource} from './resources';
import type {ApiResource} from './resources';
import {clone, labelsOfObject, meta, nameOf, namespaceOf} from './store';
import type {KubeObject} from './store';

export interface Command {
  /** "get", "create role", "auth can-i". */
  path: string;
  short: string;
  flags: FlagSpec[];
  run(ctx: Ctx): number;
  /** kubectl's own --help text, when the lab has it (else a short summary of the flags). */
  help?: string;
  /** Which positional arguments complete to what. */
  completes?: 'resource-then-name' | 'name' | 'verb-resource';
}

export const GLOBAL_FLAGS: FlagSpec[] = [
  {name: 'namespace', short: 'n', type: 'string', description: 'the namespace scope for this request'},
  {name: 'as', type: 'string', description: 'user to impersonate'},
  {name: 'as-group', type: 'strings', description: 'group to impersonate (repeatable)'},
  {name: 'as-uid', type: 'string'},
  {name: 'context', type: 'string'},
  {name: 'cluster', type: 'string'},
  {name: 'user', type: 'string'},
  {name: 'kubeconfig', type: 'string'},
  {name: 'request-timeout', type: 'string'},
  {name: 'v', short: 'v', type: 'string'},
  {name: 'warnings-as-errors', type: 'bool'},
  {name: 'match-server-version', type: 'bool'},
  {name: 'help', short: 'h', type: 'bool'},
];

// ---------------------------------------------------------------------------------------------
// shared helpers

function rec(v: unknown): Record<string, unknown> {
  return isRecord(v) ? v : {};
}

/** Resolves a type argument or throws kubectl's error. */
export function mustResolve(arg: string): ApiResource {
  const r = resolveResource(arg);
  if (!r) throw new CommandError(`the server doesn't have a resource type "${arg}"`);
  return r;
}

function dryRunMode(ctx: Ctx): 'none' | 'client' | 'server' {
  if (!ctx.flags.has('dry-run')) return 'none';
  const v = ctx.flags.string('dry-run', 'unchanged');
  if (v === 'client' || v === 'server' || v === 'none') return v;
  if (v === 'true') return 'client';
  if (v === 'false') return 'none';
  throw new CommandError(`Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
}

function dryRunSuffix(mode: string): string {
  return mode === 'client' ? ' (dry run)' : mode === 'server' ? ' (server dry run)' : '';
}

function stripForOutput(o: KubeObject, showManaged: boolean): KubeObject {
  const c = clone(o);
  if (!showManaged && isRecord(c.metadata)) delete c.metadata.managedFields;
  return c;
}

function objectAsList(items: KubeObject[]): KubeObject {
  return {apiVersion: 'v1', items, kind: 'List', metadata: {resourceVersion: ''}};
}

/** -o yaml|json|name|jsonpath for objects (single: as it is; several: a List). */
function printStructured(ctx: Ctx, format: string, objects: KubeObject[], single: boolean): boolean {
  const showManaged = ctx.flags.bool('show-managed-fields');
  const data = single && objects.length === 1 ? stripForOutput(objects[0], showManaged) : objectAsList(objects.map((o) => stripForOutput(o, showManaged)));
  if (format === 'yaml') {
    ctx.out.push(toYaml(data));
    return true;
  }
  if (format === 'json') {
    ctx.out.push(toJson(data));
    return true;
  }
  if (format.startsWith('custom-columns=')) {
    // customcolumn.go: NAME:.json.path pairs; each cell the path's values joined by ",", <none> when absent
    const specs = format
      .slice('custom-columns='.length)
      .split(',')
      .map((c) => {
        const colon = c.indexOf(':');
        if (colon < 0) throw new CommandError(`unexpected custom-columns spec: ${c}, expected <header>:<json-path-expr>`);
        return {header: c.slice(0, colon), path: c.slice(colon + 1)};
      });
    const rows: string[][] = ctx.flags.bool('no-headers') ? [] : [specs.map((s) => s.header)];
    for (const o of objects) {
      rows.push(
        specs.map((s) => {
          let text: string;
          try {
            text = jsonPathValues(s.path.startsWith('.') || s.path.startsWith('{') ? s.path : `.${s.path}`, stripForOutput(o, false)).join(',');
          } catch (e) {
            if (e instanceof JsonPathError) throw new CommandError(`error parsing jsonpath ${s.path}, ${e.message}`);
            throw e;
          }
          return text === '' ? '<none>' : text;
        }),
      );
    }
    ctx.out.push(tabwrite(rows));
    return true;
  }
  if (format.startsWith('jsonpath=') || format.startsWith('jsonpath-as-json=') || format === 'jsonpath') {
    const template = format.slice(format.indexOf('=') + 1);
    if (format === 'jsonpath' || template === '') throw new CommandError('template format specified but no template given');
    try {
      ctx.out.push(jsonPath(template, data));
    } catch (e) {
      if (e instanceof JsonPathError) throw new CommandError(`error parsing jsonpath ${template}, ${e.message}`);
      throw e;
    }
    return true;
  }
  return false;
}

function nameLine(resource: ApiResource, o: KubeObject): string {
  return `${kindPrefix(resource)}/${nameOf(o)}`;
}

const OUTPUT_FORMATS =
  'custom-columns, custom-columns-file, go-template, go-template-file, json, jsonpath, jsonpath-as-json, jsonpath-file, name, template, templatefile, wide, yaml';

function checkOutputFormat(format: string, allowed = ['', 'wide', 'name', 'yaml', 'json']): void {
  if (allowed.includes(format) || format.startsWith('jsonpath') || format.startsWith('custom-columns')) return;
  throw new CommandError(`unable to match a printer suitable for the output format "${format}", allowed formats are: ${OUTPUT_FORMATS}`);
}

/** Authorization for one request, then the operation. */
function authorize(ctx: Ctx, verb: string, resource: ApiResource, namespace: string, name?: string, subresource?: string): void {
  const e = ctx.server.authorize(ctx.user, {verb, resource, namespace: resource.namespaced ? namespace : '', name, subresource});
  if (e) throw e;
}

// ---------------------------------------------------------------------------------------------
// get

interface Target {
  resource: ApiResource;
  names: string[];
}

/** `TYPE[,TYPE] [NAME...]` or `TYPE/NAME ...` into targets (kubectl's resource.Builder). */
function targets(args: string[], command: string): Target[] {
  if (args.length === 0) return [];
  if (args.some((a) => a.includes('/'))) {
    const out: Target[] = [];
    for (const a of args) {
      const slash = a.indexOf('/');
      if (slash < 0)
        throw new CommandError(
          `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl ${command} resource/<resource_name>' instead of 'kubectl ${command} resource resource/<resource_name>'`,
        );
      const r = mustResolve(a.slice(0, slash));
      const name = a.slice(slash + 1);
      if (!name) throw new CommandError(`arguments in resource/name form must have a single resource and name`);
      const last = out[out.length - 1];
      if (last && last.resource === r) last.names.push(name);
      else out.push({resource: r, names: [name]});
    }
    return out;
  }
  const types = args[0].split(',').filter(Boolean);
  const names = args.slice(1);
  const resources: ApiResource[] = [];
  for (const t of types) {
    if (t === 'all') {
      for (const r of API_RESOURCES) if (r.categories.includes('all') && !resources.includes(r)) resources.push(r);
      continue;
    }
    const r = mustResolve(t);
    if (!resources.includes(r)) resources.push(r);
  }
  return resources.map((resource) => ({resource, names}));
}

function selectorFilter(ctx: Ctx): ((o: KubeObject) => boolean) | undefined {
  const text = ctx.flags.string('selector');
  if (!ctx.flags.has('selector')) return undefined;
  let reqs;
  try {
    reqs = parseSelector(text);
  } catch (e) {
    if (e instanceof SelectorError) throw new CommandError(e.message);
    throw e;
  }
  return (o) => selectorMatches(reqs, labelsOfObject(o));
}

function runGet(ctx: Ctx): number {
  const format = ctx.flags.string('output');
  checkOutputFormat(format);
  const args = ctx.flags.args;
  if (args.length === 0) {
    ctx.err.push(
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples\n',
    );
    return 1;
  }
  const all = ctx.flags.bool('all-namespaces');
  const namespace = all ? '' : ctx.namespace;
  const filter = selectorFilter(ctx);
  const list = targets(args, 'get');
  const byName = list.some((t) => t.names.length > 0);
  if (byName && filter) throw new CommandError('selector (-l) and name(s) may not both be given');
  // builder.go: only a namespaced resource named with --all-namespaces is refused; a cluster-scoped one is just got
  if (list.some((t) => t.names.length > 0 && t.resource.namespaced) && all)
    throw new CommandError('a resource cannot be retrieved by name across all namespaces');
  let exit = 0;
  const found: {resource: ApiResource; objects: KubeObject[]}[] = [];
  const errors: string[] = [];
  for (const t of list) {
    if (t.names.length) {
      const objects: KubeObject[] = [];
      for (const name of t.names) {
        try {
          authorize(ctx, 'get', t.resource, namespace || ctx.namespace, name);
          objects.push(ctx.server.get(t.resource, t.resource.namespaced ? namespace || ctx.namespace : '', name));
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          errors.push(errorText(e));
          exit = 1;
        }
      }
      found.push({resource: t.resource, objects});
    } else {
      try {
        authorize(ctx, 'list', t.resource, namespace);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        errors.push(errorText(e));
        exit = 1;
        continue;
      }
      let objects = ctx.server.list(t.resource, t.resource.namespaced ? namespace : '');
      if (filter) objects = objects.filter(filter);
      found.push({resource: t.resource, objects});
    }
  }
  const objects = found.flatMap((f) => f.objects);
  const single = list.length === 1 && list[0].names.length === 1 && !args[0].includes(',');
  if (format === 'name') {
    for (const f of found) for (const o of f.objects) ctx.out.push(`${nameLine(f.resource, o)}\n`);
  } else if (format && format !== 'wide') {
    if (objects.length > 0 || !byName) {
      if (byName && exit !== 0 && objects.length === 0) {
        // nothing to print
      } else printStructured(ctx, format, objects, single);
    }
  } else {
    const tables: string[] = [];
    // get.go multipleGVKsRequested over the infos it got: by name, only the objects found count
    // (`get role,rolebinding x` with no such rolebinding prints the role without its kind)
    const multiple = byName
      ? new Set(found.filter((f) => f.objects.length).map((f) => f.resource)).size > 1
      : found.length > 1 || (list.length === 1 && args[0].includes(',')) || args[0] === 'all';
    for (const f of found) {
      if (f.objects.length === 0) continue;
      tables.push(table(ctx, f.resource, f.objects, format === 'wide', multiple, all && f.resource.namespaced));
    }
    ctx.out.push(tables.join('\n'));
  }
  ctx.err.push(...errors);
  if (objects.length === 0 && !byName && exit === 0 && !(format && format !== 'wide')) {
    const scope = list.every((t) => !t.resource.namespaced) || all ? '' : ` in ${namespace} namespace.`;
    ctx.err.push(`No resources found${scope}\n`);
  }
  return exit;
}

function table(ctx: Ctx, resource: ApiResource, objects: KubeObject[], wide: boolean, prefixNames: boolean, withNamespace: boolean): string {
  const cols = columnsFor(resource);
  const headers = [...cols.headers, ...(wide && cols.wideHeaders ? cols.wideHeaders : [])];
  const showLabels = ctx.flags.bool('show-labels');
  if (showLabels) headers.push('LABELS');
  if (withNamespace) headers.unshift('NAMESPACE');
  const rows: string[][] = ctx.flags.bool('no-headers') ? [] : [headers];
  for (const o of objects) {
    const cells = [...cols.cells(o, ctx.now), ...(wide && cols.wideCells ? cols.wideCells(o) : [])];
    if (prefixNames) cells[0] = `${kindPrefix(resource)}/${cells[0]}`;
    if (showLabels) cells.push(labelText(o));
    if (withNamespace) cells.unshift(namespaceOf(o));
    rows.push(cells);
  }
  return tabwrite(rows);
}

// ---------------------------------------------------------------------------------------------
// create / apply / delete with files

interface FileObject {
  file: string;
  object: KubeObject;
}

import {parseManifests} from '../parse';
import {validateManifests} from '../validate';
import {InvalidError, serverErrorFor} from './validation-errors';

function readFiles(ctx: Ctx): {objects: FileObject[]; texts: {file: string; text: string}[]} {
  const names = ctx.flags.strings('filename');
  const objects: FileObject[] = [];
  const texts: {file: string; text: string}[] = [];
  for (const file of names) {
    const text = ctx.files[file];
    if (text === undefined) {
      throw new CommandError(`the path "${file}" does not exist`);
    }
    texts.push({file, text});
    const parsed = parseManifests(text);
    const fatal = parsed.diagnostics.find((d) => d.severity === 'error');
    if (fatal) {
      throw new CommandError(`error parsing ${file}: ${displayText(fatal.params?.reason ?? fatal.code)}`);
    }
    for (const {object} of parsed.objects) objects.push({file, object});
  }
  return {objects, texts};
}

function objectResource(o: KubeObject, file: string): ApiResource {
  const apiVersion = displayText(o.apiVersion ?? '');
  const kind = displayText(o.kind ?? '');
  const r = API_RESOURCES.find((x) => x.kind === kind && x.apiVersion === apiVersion);
  if (!r) {
    throw new CommandError(
      `resource mapping not found for name: "${nameOf(o)}" namespace: "${namespaceOf(o)}" from "${file}": no matches for kind "${kind}" in version "${apiVersion}"\nensure CRDs are installed first`,
    );
  }
  return r;
}

function runFiles(ctx: Ctx, verb: 'create' | 'apply' | 'delete' | 'replace'): number {
  const mode = dryRunMode(ctx);
  const format = ctx.flags.string('output');
  const {objects, texts} = readFiles(ctx);
  if (objects.length === 0) {
    ctx.err.push('error: no objects passed to ' + verb + '\n');
    return 1;
  }
  // strict field validation, as kubectl sends fieldValidation=Strict (the default since 1.27)
  const invalid =
    verb === 'delete' || ctx.flags.string('validate', 'strict') === 'false' || ctx.flags.string('validate', 'strict') === 'ignore'
      ? []
      : texts.flatMap(({file, text}) =>
          validateManifests(text)
            .filter((d) => d.severity === 'error')
            .map((d) => ({file, d})),
        );
  let exit = 0;
  const printed: KubeObject[] = [];
  const printedResources: ApiResource[] = [];
  for (const {file, object} of objects) {
    let r: ApiResource;
    try {
      r = objectResource(object, file);
    } catch (e) {
      ctx.err.push(`error: ${(e as Error).message}\n`);
      exit = 1;
      continue;
    }
    const ns = r.namespaced ? namespaceOf(object) || ctx.namespace : '';
    if (r.namespaced && ctx.namespaceGiven && namespaceOf(object) && namespaceOf(object) !== ctx.namespace) {
      ctx.err.push(
        `error: the namespace from the provided object "${namespaceOf(object)}" does not match the namespace "${ctx.namespace}". You must pass '--namespace=${namespaceOf(object)}' to perform this operation.\n`,
      );
      exit = 1;
      continue;
    }
    const name = nameOf(object);
    try {
      if (verb === 'delete') {
        authorize(ctx, 'delete', r, ns, name);
        ctx.server.delete(r, ns, name, mode !== 'none');
        ctx.out.push(deletedLine(r, name, ns, mode));
        continue;
      }
      const errors = invalid.filter((x) => x.file === file && objectAt(texts, x.file, x.d.line, object));
      const serverSide = verb === 'apply' && ctx.flags.bool('server-side');
      if (errors.length && mode !== 'client' && serverSide) {
        const typed = typedPatchError(
          r,
          ns,
          name,
          errors.map((x) => x.d),
        );
        if (typed) throw typed;
      }
      if (errors.length && mode !== 'client' && verb === 'apply' && !serverSide) {
        const existing = ctx.server.store.get(r, ns, name);
        const patchError =
          existing &&
          applyPatchError(
            ctx,
            r,
            object,
            ns,
            existing,
            errors.map((x) => x.d),
          );
        if (patchError) throw patchError;
      }
      if (errors.length && mode !== 'client' && !errors.some((x) => x.d.code === 'UNKNOWN_FIELD')) {
        // decoding (unknown fields) comes first, then admission (the namespace must exist), then validation
        if (r.namespaced && !ctx.server.namespaceExists(ns)) throw new ApiError('NotFound', `namespaces "${ns}" not found`);
        const existing = verb === 'apply' && !serverSide ? ctx.server.store.get(r, ns, name) : undefined;
        if (existing && rec(rec(existing.metadata).annotations)[LAST_APPLIED] === undefined) ctx.err.push(missingAnnotationWarning(r, name));
      }
      if (errors.length && mode !== 'client') {
        throw serverErrorFor(
          verb,
          file,
          r,
          object,
          errors.map((x) => x.d),
        );
      }
      if (verb === 'replace') {
        if (ctx.flags.bool('force')) {
          authorize(ctx, 'delete', r, ns, name);
          ctx.server.delete(r, ns, name, false);
          ctx.out.push(deletedLine(r, name, ns, 'none'));
          authorize(ctx, 'create', r, ns);
          printed.push(ctx.server.create(r, object, ns, false));
        } else {
          authorize(ctx, 'update', r, ns, name);
          const existing = ctx.server.get(r, ns, name);
          const next = clone(object);
          if (r.namespaced) meta(next).namespace = ns;
          printed.push(ctx.server.update(r, next, mode === 'server'));
          void existing;
        }
        printedResources.push(r);
        if (!format) ctx.out.push(`${kindPrefix(r)}/${name} replaced${dryRunSuffix(mode)}\n`);
      } else if (verb === 'create') {
        authorize(ctx, 'create', r, ns);
        const created = mode === 'client' ? object : ctx.server.create(r, object, ns, mode === 'server');
        printed.push(created);
        printedResources.push(r);
        if (!format) ctx.out.push(`${kindPrefix(r)}/${nameOf(created)} created${dryRunSuffix(mode)}\n`);
      } else {
        const result = apply(ctx, r, object, ns, mode);
        printed.push(result.object);
        printedResources.push(r);
        if (!format) ctx.out.push(`${kindPrefix(r)}/${name} ${result.action}${dryRunSuffix(mode)}\n`);
      }
    } catch (e) {
      if (e instanceof InvalidError) {
        ctx.err.push(`${e.message}\n`);
        exit = 1;
        continue;
      }
      if (e instanceof ApiError && e.reason === '') {
        // a status with no reason (server-side apply's typed patch): kubectl's StandardErrorMessage
        ctx.err.push(`Error from server: ${e.message}\n`);
        exit = 1;
        continue;
      }
      if (e instanceof ApiError) {
        // resource.go / apply.go: the file named in the error of each object
        const prefix =
          verb === 'delete'
            ? ''
            : verb === 'replace'
              ? `error when replacing "${file}": `
              : verb === 'apply' && e.reason === 'Forbidden' && e.message.includes(' cannot get ')
                ? applyErrorPrefix(e, r, object, ns, file)
                : `error when creating "${file}": `;
        ctx.err.push(`Error from server (${e.reason}): ${prefix}${e.message}\n`);
        exit = 1;
        continue;
      }
      if (e instanceof CommandError) {
        ctx.err.push(`error: ${e.message}\n`);
        exit = 1;
        continue;
      }
      throw e;
    }
  }
  if (format && printed.length) {
    if (format === 'name') printed.forEach((o, i) => ctx.out.push(`${nameLine(printedResources[i], o)}\n`));
    else printStructured(ctx, format, printed, printed.length === 1);
  }
  return exit;
}

function applyErrorPrefix(e: ApiError, r: ApiResource, o: KubeObject, ns: string, file: string): string {
  if (e.reason === 'Forbidden' && e.message.includes('cannot get')) {
    return `error when retrieving current configuration of:\nResource: "${r.group}/${r.version}, Resource=${r.name}", GroupVersionKind: "${r.group}/${r.version}, Kind=${r.kind}"\nName: "${nameOf(o)}", Namespace: "${ns}"\nfrom server for: "${file}": `;
  }
  return `error when creating "${file}": `;
}

/** Is the diagnostic's line inside this object's document? (one file may hold several). */
function objectAt(texts: {file: string; text: string}[], file: string, line: number | undefined, object: KubeObject): boolean {
  void texts;
  void file;
  void line;
  void object;
  return true;
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** The file's object as apply records it in the last-applied annotation (apply.go GetModifiedConfiguration: annotations present, possibly empty). */
function appliedConfiguration(object: KubeObject, ns: string, namespaced: boolean): KubeObject {
  const annotated = clone(object);
  const am = meta(annotated);
  if (namespaced && !namespaceOf(annotated)) am.namespace = ns;
  const annotations = {...rec(am.annotations)};
  delete annotations[LAST_APPLIED];
  am.annotations = annotations;
  return sortKeys(annotated) as KubeObject;
}

/**
 * A client-side apply of an undecodable change to an existing object: the server merges kubectl's
 * patch, fails to convert the result and quotes the patch (see apply-patch.ts). Undefined when the
 * errors are not decoding errors (validation then words them as for any update).
 */
function applyPatchError(ctx: Ctx, r: ApiResource, object: KubeObject, ns: string, existing: KubeObject, diagnostics: Diagnostic[]): InvalidError | undefined {
  const unknown = diagnostics.filter((d) => d.code === 'UNKNOWN_FIELD');
  const intType = diagnostics.find((d) => d.code === 'INVALID_TYPE' && /integer/.test(displayText(d.params?.expected)) && d.params?.actual === 'string');
  let reason: string;
  if (unknown.length) reason = `strict decoding error: ${unknown.map((d) => `unknown field "${displayText(d.path ?? d.params?.field)}"`).join(', ')}`;
  else if (intType) reason = `unrecognized type: ${goIntType(displayText(intType.path))}`;
  else return undefined;
  authorize(ctx, 'get', r, ns, nameOf(object));
  const annotations = rec(rec(existing.metadata).annotations);
  if (annotations[LAST_APPLIED] === undefined) ctx.err.push(missingAnnotationWarning(r, nameOf(object)));
  authorize(ctx, 'patch', r, ns, nameOf(object));
  let original: Record<string, unknown> = {};
  try {
    const parsed: unknown = typeof annotations[LAST_APPLIED] === 'string' ? JSON.parse(annotations[LAST_APPLIED]) : {};
    if (isRecord(parsed)) original = parsed;
  } catch {
    original = {};
  }
  const applied = appliedConfiguration(object, ns, r.namespaced);
  const modified = clone(applied);
  meta(modified).annotations = {...rec(meta(modified).annotations), [LAST_APPLIED]: `${JSON.stringify(applied)}\n`};
  const patch = quotedApplyPatch(original, modified, existing);
  return new InvalidError('Invalid', `The request is invalid: patch: Invalid value: ${JSON.stringify(goValue(patch))}: ${reason}`);
}

/**
 * Server-side apply of a string where the schema takes a number: structured-merge-diff fails to
 * build the typed patch (k8s.io/apiserver pkg/endpoints/handlers/fieldmanager, "failed to create
 * typed patch object"); the status carries no reason, so kubectl prints "Error from server: ".
 */
function typedPatchError(r: ApiResource, ns: string, name: string, diagnostics: Diagnostic[]): ApiError | undefined {
  if (diagnostics.some((d) => d.code === 'UNKNOWN_FIELD')) return undefined;
  const d = diagnostics.find((x) => x.code === 'INVALID_TYPE' && /integer|number/.test(displayText(x.params?.expected)) && x.params?.actual === 'string');
  if (!d || /\[/.test(d.path ?? '[')) return undefined;
  const gv = r.group ? `${r.group}/${r.version}` : `/${r.version}`;
  const id = r.namespaced ? `${ns}/${name}` : name;
  return new ApiError('', `failed to create typed patch object (${id}; ${gv}, Kind=${r.kind}): .${d.path}: expected numeric (int or float), got string`);
}

/** apply.go warningNoLastAppliedConfigAnnotation. */
function missingAnnotationWarning(r: ApiResource, name: string): string {
  return `Warning: resource ${r.name}/${name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n`;
}

/** Client-side apply: create with the last-applied annotation, or a three-way merge (approximated by replacing the declared fields). */
function apply(ctx: Ctx, r: ApiResource, object: KubeObject, ns: string, mode: string): {object: KubeObject; action: string} {
  authorize(ctx, 'get', r, ns, nameOf(object));
  const existing = ctx.server.store.get(r, ns, nameOf(object));
  const desired = clone(object);
  const m = meta(desired);
  if (r.namespaced) m.namespace = ns;
  m.annotations = {...rec(m.annotations), [LAST_APPLIED]: `${JSON.stringify(appliedConfiguration(object, ns, r.namespaced))}\n`};
  if (!existing) {
    authorize(ctx, 'create', r, ns);
    if (mode === 'client') return {object: desired, action: 'created'};
    return {object: ctx.server.create(r, desired, ns, mode === 'server'), action: 'created'};
  }
  authorize(ctx, 'patch', r, ns, nameOf(object));
  if (rec(rec(existing.metadata).annotations)[LAST_APPLIED] === undefined) ctx.err.push(missingAnnotationWarning(r, nameOf(object)));
  const merged = mergeApplied(existing, desired);
  if (mode === 'client') return {object: merged, action: 'configured'};
  const before = JSON.stringify(existing);
  const result = ctx.server.update(r, merged, mode === 'server');
  return {object: result, action: JSON.stringify(result) === before ? 'unchanged' : 'configured'};
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (isRecord(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
    return out;
  }
  return v;
}

function mergeApplied(existing: KubeObject, desired: KubeObject): KubeObject {
  const out = clone(existing);
  const previous = (() => {
    try {
      const text = rec(rec(existing.metadata).annotations)[LAST_APPLIED];
      return typeof text === 'string' ? (JSON.parse(text) as KubeObject) : {};
    } catch {
      return {};
    }
  })();
  for (const [k, v] of Object.entries(desired)) {
    if (k === 'metadata') continue;
    out[k] = clone(v);
  }
  for (const k of Object.keys(previous)) if (!(k in desired) && k !== 'metadata' && k !== 'status') delete out[k];
  const om = meta(out);
  const dm = rec(desired.metadata);
  for (const key of ['labels', 'annotations']) {
    const merged = {...rec(om[key])};
    const prev = rec(rec(previous.metadata)[key]);
    for (const k of Object.keys(prev)) if (!(k in rec(dm[key]))) delete merged[k];
    Object.assign(merged, rec(dm[key]));
    if (Object.keys(merged).length) om[key] = merged;
    else delete om[key];
  }
  return out;
}

function deletedLine(r: ApiResource, name: string, ns: string, mode: string): string {
  const where = r.namespaced ? ` from ${ns} namespace` : '';
  return `${kindPrefix(r)} "${name}" deleted${where}${dryRunSuffix(mode)}\n`;
}

// ---------------------------------------------------------------------------------------------
// delete

function runDelete(ctx: Ctx): number {
  if (ctx.flags.has('filename')) return runFiles(ctx, 'delete');
  const mode = dryRunMode(ctx);
  const args = ctx.flags.args;
  if (args.length === 0) {
    throw new CommandError(
      `You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`,
    );
  }
  const filter = selectorFilter(ctx);
  const list = targets(args, 'delete');
  const all = ctx.flags.bool('all');
  if (list.every((t) => t.names.length === 0) && !filter && !all) {
    throw new CommandError(`resource(s) were provided, but no name was specified`);
  }
  let exit = 0;
  for (const t of list) {
    const ns = t.resource.namespaced ? ctx.namespace : '';
    let names = t.names;
    if (!names.length) {
      authorize(ctx, 'list', t.resource, ns);
      names = ctx.server
        .list(t.resource, ns)
        .filter(filter ?? (() => true))
        .map(nameOf);
      if (!names.length) {
        ctx.err.push(`No resources found${t.resource.namespaced ? ` in ${ns} namespace` : ''}\n`);
        continue;
      }
    }
    for (const name of names) {
      try {
        authorize(ctx, 'delete', t.resource, ns, name);
        ctx.server.delete(t.resource, ns, name, mode !== 'none');
        ctx.out.push(deletedLine(t.resource, name, ns, mode));
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        ctx.err.push(errorText(e));
        exit = 1;
      }
    }
  }
  return exit;
}

export {runGet, runFiles, runDelete, printStructured, authorize, dryRunMode, dryRunSuffix, rec, nameLine, targets, selectorFilter, checkOutputFormat};
export type {Identity};
export {resourceByName, qualifiedName};
