/**
 * `-l` selectors as kubectl passes them and the server parses them
 * (k8s.io/apimachinery pkg/labels/selector.go, Parse): comma-separated requirements
 * `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`.
 */
export type Requirement = {key: string; op: 'eq' | 'neq' | 'in' | 'notin' | 'exists' | 'notexists'; values: string[]};

export class SelectorError extends Error {}

export function parseSelector(text: string): Requirement[] {
  const out: Requirement[] = [];
  let rest = text.trim();
  while (rest.length) {
    let m: RegExpExecArray | null;
    if ((m = /^\s*!\s*([A-Za-z0-9._/-]+)\s*(,|$)/.exec(rest))) {
      out.push({key: m[1], op: 'notexists', values: []});
    } else if ((m = /^\s*([A-Za-z0-9._/-]+)\s+(in|notin)\s*\(([^)]*)\)\s*(,|$)/.exec(rest))) {
      out.push({key: m[1], op: m[2] as 'in' | 'notin', values: m[3].split(',').map((v) => v.trim())});
    } else if ((m = /^\s*([A-Za-z0-9._/-]+)\s*(==|=|!=)\s*([A-Za-z0-9._-]*)\s*(,|$)/.exec(rest))) {
      out.push({key: m[1], op: m[2] === '!=' ? 'neq' : 'eq', values: [m[3]]});
    } else if ((m = /^\s*([A-Za-z0-9._/-]+)\s*(,|$)/.exec(rest))) {
      out.push({key: m[1], op: 'exists', values: []});
    } else {
      throw new SelectorError(`unable to parse requirement: found '${rest[0]}', expected: identifier`);
    }
    rest = rest.slice(m[0].length);
  }
  return out;
}

export function selectorMatches(reqs: readonly Requirement[], labels: Record<string, string>): boolean {
  return reqs.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.op) {
      case 'eq':
        return has && labels[r.key] === r.values[0];
      case 'neq':
        return !has || labels[r.key] !== r.values[0];
      case 'in':
        return has && r.values.includes(labels[r.key]);
      case 'notin':
        return !has || !r.values.includes(labels[r.key]);
      case 'exists':
        return has;
      case 'notexists':
        return !has;
    }
    return false;
  });
}
