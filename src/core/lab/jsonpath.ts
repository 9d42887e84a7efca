/**
 * kubectl's JSONPath (k8s.io/client-go util/jsonpath): `{.a.b}`, `{.items[*].metadata.name}`,
 * `[0]`, `[-1]`, `[1:3]`, `[*]`, `..name`, filters `[?(@.k=="v")]`, `{range ...}{end}`, quoted
 * text `{"\n"}`, and literal text outside braces. Maps and lists print as compact JSON (Go's
 * json.Marshal), several results of one expression are joined by a space.
 */
import {displayText} from '../scalar-text';
import {toCompactJson} from './print-yaml';

export class JsonPathError extends Error {}

type Node = {type: 'text'; text: string} | {type: 'expr'; path: string} | {type: 'range'; path: string; body: Node[]};

function parseTemplate(template: string): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      stack[stack.length - 1].push({type: 'text', text: template.slice(i)});
      break;
    }
    if (open > i) stack[stack.length - 1].push({type: 'text', text: template.slice(i, open)});
    // find the matching close, skipping quoted strings
    let j = open + 1;
    let quote = '';
    for (; j < template.length; j++) {
      const c = template[j];
      if (quote) {
        if (c === '\\') j++;
        else if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '}') break;
    }
    if (j >= template.length) throw new JsonPathError(`unclosed action`);
    const inner = template.slice(open + 1, j).trim();
    if (inner.startsWith('range ')) {
      const node: Node = {type: 'range', path: inner.slice(6).trim(), body: []};
      stack[stack.length - 1].push(node);
      stack.push(node.body);
    } else if (inner === 'end') {
      if (stack.length === 1) throw new JsonPathError('not in range, nothing to end');
      stack.pop();
    } else if (/^"(.*)"$/s.test(inner) || /^'(.*)'$/s.test(inner)) {
      const body = inner.slice(1, -1);
      stack[stack.length - 1].push({
        type: 'text',
        text: body.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\r/g, '\r').replace(/\\"/g, '"').replace(/\\\\/g, '\\'),
      });
    } else {
      stack[stack.length - 1].push({type: 'expr', path: inner});
    }
    i = j + 1;
  }
  if (stack.length > 1) throw new JsonPathError('unclosed range');
  return root;
}

/** Splits ".a.b[0]['x.y']" into steps. */
type Step = {kind: 'field'; name: string} | {kind: 'recursive'; name: string} | {kind: 'index'; spec: string} | {kind: 'filter'; expr: string} | {kind: 'all'};

function parsePath(path: string): Step[] {
  const steps: Step[] = [];
  let p = path.trim();
  if (p.startsWith('$')) p = p.slice(1);
  let i = 0;
  while (i < p.length) {
    const c = p[i];
    if (c === '.') {
      if (p[i + 1] === '.') {
        const m = /^[A-Za-z0-9_\-*]+/.exec(p.slice(i + 2));
        steps.push({kind: 'recursive', name: m ? m[0] : ''});
        i += 2 + (m ? m[0].length : 0);
        continue;
      }
      const m = /^[A-Za-z0-9_\-/*]*/.exec(p.slice(i + 1));
      const name = m ? m[0] : '';
      if (name === '*') steps.push({kind: 'all'});
      else if (name) steps.push({kind: 'field', name});
      i += 1 + name.length;
      continue;
    }
    if (c === '[') {
      const close = p.indexOf(']', i);
      if (close < 0) throw new JsonPathError(`unterminated array`);
      let inner = p.slice(i + 1, close);
      if (inner.startsWith('?(')) {
        // a filter may contain ']' inside quotes; find ")]"
        const end = p.indexOf(')]', i);
        if (end < 0) throw new JsonPathError('unterminated filter');
        inner = p.slice(i + 3, end);
        steps.push({kind: 'filter', expr: inner});
        i = end + 2;
        continue;
      }
      if (/^'.*'$|^".*"$/.test(inner)) steps.push({kind: 'field', name: inner.slice(1, -1)});
      else if (inner === '*') steps.push({kind: 'all'});
      else steps.push({kind: 'index', spec: inner});
      i = close + 1;
      continue;
    }
    if (c === '@') {
      i++;
      continue;
    }
    const m = /^[A-Za-z0-9_-]+/.exec(p.slice(i));
    if (m) {
      steps.push({kind: 'field', name: m[0]});
      i += m[0].length;
      continue;
    }
    throw new JsonPathError(`unrecognized character in action: U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} '${c}'`);
  }
  return steps;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function literal(text: string): unknown {
  const t = text.trim();
  if (/^'.*'$|^".*"$/.test(t)) return t.slice(1, -1);
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (t === 'true' || t === 'false') return t === 'true';
  return undefined;
}

function evalFilter(item: unknown, expr: string): boolean {
  const m = /^(.*?)\s*(==|!=|<=|>=|<|>)\s*(.*)$/.exec(expr);
  if (!m) {
    const v = walk([item], parsePath(expr.trim().replace(/^@/, '')));
    return v.length > 0;
  }
  const left = walk([item], parsePath(m[1].trim().replace(/^@/, '')));
  const right = literal(m[3]);
  return left.some((l) => {
    switch (m[2]) {
      case '==':
        return l === right;
      case '!=':
        return l !== right;
      case '<':
        return (l as number) < (right as number);
      case '>':
        return (l as number) > (right as number);
      case '<=':
        return (l as number) <= (right as number);
      default:
        return (l as number) >= (right as number);
    }
  });
}

function walk(values: unknown[], steps: Step[]): unknown[] {
  let current = values;
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of current) {
      switch (step.kind) {
        case 'field':
          if (isObj(v) && step.name in v) next.push(v[step.name]);
          break;
        case 'all':
          if (Array.isArray(v)) next.push(...v);
          else if (isObj(v))
            next.push(
              ...Object.keys(v)
                .sort()
                .map((k) => v[k]),
            );
          break;
        case 'index': {
          if (!Array.isArray(v)) break;
          const parts = step.spec.split(':');
          if (parts.length === 1) {
            let n = Number(parts[0]);
            if (!Number.isInteger(n)) throw new JsonPathError(`invalid array index ${step.spec}`);
            if (n < 0) n += v.length;
            if (n < 0 || n >= v.length) throw new JsonPathError(`array index out of bounds: index ${parts[0]}, length ${v.length}`);
            next.push(v[n]);
          } else {
            let a = parts[0] === '' ? 0 : Number(parts[0]);
            let b = parts[1] === '' ? v.length : Number(parts[1]);
            if (a < 0) a += v.length;
            if (b < 0) b += v.length;
            next.push(...v.slice(Math.max(0, a), Math.min(v.length, b)));
          }
          break;
        }
        case 'filter':
          if (Array.isArray(v)) next.push(...v.filter((item) => evalFilter(item, step.expr)));
          break;
        case 'recursive': {
          const visit = (x: unknown) => {
            if (isObj(x)) {
              if (step.name in x) next.push(x[step.name]);
              for (const k of Object.keys(x).sort()) visit(x[k]);
            } else if (Array.isArray(x)) x.forEach(visit);
          };
          visit(v);
          break;
        }
      }
    }
    current = next;
  }
  return current;
}

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return v === null ? 'null' : '';
  if (typeof v === 'number' || typeof v === 'boolean') return displayText(v);
  return toCompactJson(v);
}

/** Prints `data` through the template, as `kubectl get -o jsonpath=TEMPLATE`. */
export function jsonPath(template: string, data: unknown): string {
  const nodes = parseTemplate(template);
  const run = (list: Node[], value: unknown): string => {
    let out = '';
    for (const n of list) {
      if (n.type === 'text') out += n.text;
      else if (n.type === 'expr') {
        const steps = parsePath(n.path);
        // kubectl's printer allows missing keys (AllowMissingKeys(true)): they print nothing
        const results = walk([value], steps);
        out += results.map(text).join(' ');
      } else {
        for (const item of walk([value], parsePath(n.path))) {
          const items = Array.isArray(item) ? item : [item];
          for (const x of items) out += run(n.body, x);
        }
      }
    }
    return out;
  };
  return run(nodes, data);
}

/** The values one path (".a.b[0]", braces optional) selects, each as kubectl prints it. */
export function jsonPathValues(path: string, data: unknown): string[] {
  const inner = path.trim().replace(/^\{/, '').replace(/\}$/, '');
  return walk([data], parsePath(inner)).map(text);
}
