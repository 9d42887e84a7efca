/**
 * The lab's in-memory API server storage: objects by resource, namespace and name, each with the
 * metadata the server sets (uid, resourceVersion, creationTimestamp), and the state a fresh
 * cluster starts with. Authorization, validation and defaulting happen in ./api-server.ts; this
 * file only keeps objects.
 */
import {displayText} from '../scalar-text';
import {isRecord} from '../is-record';
import type {KubeObject} from '../assertions/objects';
import type {ApiResource} from './resources';

export type {KubeObject};

export function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export function meta(o: KubeObject): Record<string, unknown> {
  if (!isRecord(o.metadata)) o.metadata = {};
  return o.metadata as Record<string, unknown>;
}

export function nameOf(o: unknown): string {
  return isRecord(o) && isRecord(o.metadata) && typeof o.metadata.name === 'string' ? o.metadata.name : '';
}

export function namespaceOf(o: unknown): string {
  return isRecord(o) && isRecord(o.metadata) && typeof o.metadata.namespace === 'string' ? o.metadata.namespace : '';
}

export function labelsOfObject(o: unknown): Record<string, string> {
  const l = isRecord(o) && isRecord(o.metadata) && isRecord(o.metadata.labels) ? o.metadata.labels : {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(l)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** A small seeded generator (mulberry32) so a lab's uids and name suffixes repeat from run to run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Store {
  private readonly items = new Map<string, KubeObject>();
  private resourceVersion = 100;
  readonly random: () => number;

  constructor(
    readonly now: () => Date,
    seed: number,
  ) {
    this.random = seededRandom(seed);
  }

  static key(resource: ApiResource, namespace: string, name: string): string {
    return `${resource.group}/${resource.name}/${resource.namespaced ? namespace : ''}/${name}`;
  }

  get(resource: ApiResource, namespace: string, name: string): KubeObject | undefined {
    return this.items.get(Store.key(resource, namespace, name));
  }

  /** Objects of a resource, in one namespace or all ('' = all), sorted as etcd returns them (by key). */
  list(resource: ApiResource, namespace: string): KubeObject[] {
    const prefix = `${resource.group}/${resource.name}/`;
    const out: [string, KubeObject][] = [];
    for (const [k, v] of this.items) {
      if (!k.startsWith(prefix)) continue;
      if (resource.namespaced && namespace && namespaceOf(v) !== namespace) continue;
      out.push([k, v]);
    }
    out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return out.map(([, v]) => v);
  }

  all(): KubeObject[] {
    return [...this.items.values()];
  }

  uid(): string {
    const hex = (n: number) => Array.from({length: n}, () => Math.floor(this.random() * 16).toString(16)).join('');
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(this.random() * 4)]}${hex(3)}-${hex(12)}`;
  }

  /** The random suffix of generateName (k8s.io/apiserver pkg/storage/names: 5 of "bcdfghjklmnpqrstvwxz2456789"). */
  suffix(length = 5): string {
    const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
    return Array.from({length}, () => alphabet[Math.floor(this.random() * alphabet.length)]).join('');
  }

  timestamp(): string {
    return this.now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  }

  /** Stores a new object: sets uid, resourceVersion and creationTimestamp (unless kept from a seed). */
  insert(resource: ApiResource, object: KubeObject): KubeObject {
    const m = meta(object);
    m.uid = this.uid();
    m.resourceVersion = displayText(++this.resourceVersion);
    m.creationTimestamp = this.timestamp();
    this.items.set(Store.key(resource, namespaceOf(object), nameOf(object)), object);
    return object;
  }

  /** Replaces a stored object (same key), bumping its resourceVersion. */
  replace(resource: ApiResource, object: KubeObject): KubeObject {
    const m = meta(object);
    m.resourceVersion = displayText(++this.resourceVersion);
    this.items.set(Store.key(resource, namespaceOf(object), nameOf(object)), object);
    return object;
  }

  remove(resource: ApiResource, namespace: string, name: string): boolean {
    return this.items.delete(Store.key(resource, namespace, name));
  }
}

/** UTF-8 bytes of a string (the core's lib has no TextEncoder). */
/**
 * Base64 of a text's UTF-8 bytes: the standard alphabet with padding (RFC 4648 section 4, as
 * Secret data), or with `url` the URL-safe alphabet without padding (section 5, as a JWT's parts).
 */
export function base64(text: string, url = false): string {
  const bytes = utf8Bytes(text);
  const alphabet = `ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789${url ? '-_' : '+/'}`;
  const pad = url ? '' : '=';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out +=
      alphabet[(n >> 18) & 63] +
      alphabet[(n >> 12) & 63] +
      (i + 1 < bytes.length ? alphabet[(n >> 6) & 63] : pad) +
      (i + 2 < bytes.length ? alphabet[n & 63] : pad);
  }
  return out;
}

export function utf8Bytes(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}
