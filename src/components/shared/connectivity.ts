/**
 * The connectivity matrix of <NetworkPolicyPlayground>: for every pod of the objects as a source
 * and every pod (and address outside the cluster) as a destination, what reachable() says about
 * one port and protocol. Pure: objects in, verdicts out; the component draws them.
 */
import {flattenObjects, reachability} from '../../core';
import type {Protocol, ReachResult} from '../../core';

export interface PodRef {
  /** "namespace/name", the form reachable() takes. */
  key: string;
  namespace: string;
  name: string;
}

export type Endpoint = PodRef | {key: string; ip: string};

export interface ConnectivityCell {
  from: string;
  to: string;
  /** undefined on the diagonal (a pod talking to itself is not a NetworkPolicy question). */
  result?: ReachResult;
}

export interface ConnectivityMatrix {
  /** Pods, grouped by namespace (namespaces in the order they first appear). */
  pods: PodRef[];
  namespaces: string[];
  /** Sources (rows): the pods, then addresses outside the cluster. */
  sources: Endpoint[];
  /** Destinations (columns): the pods, then addresses outside the cluster. */
  destinations: Endpoint[];
  /** cells[row][column]. */
  cells: ConnectivityCell[][];
  port: number;
  protocol: Protocol;
  /** Endpoints left out because there were more than maxEndpoints (0 when none were). */
  omitted: number;
}

/**
 * The most endpoints a matrix holds (rows and columns): 40 x 40 cells is what a page can draw and
 * a reader can read; beyond it the playground says how many it left out.
 */
export const MATRIX_MAX_ENDPOINTS = 40;

function metaOf(o: Record<string, unknown>): {name?: string; namespace?: string} {
  const m = typeof o.metadata === 'object' && o.metadata !== null ? (o.metadata as Record<string, unknown>) : {};
  return {
    ...(typeof m.name === 'string' && m.name ? {name: m.name} : {}),
    ...(typeof m.namespace === 'string' && m.namespace ? {namespace: m.namespace} : {}),
  };
}

/** The pods of `objects` (a later pod with the same namespace/name replaces an earlier one), grouped by namespace. */
export function listPods(objects: readonly unknown[], defaultNamespace = 'default'): {pods: PodRef[]; namespaces: string[]} {
  const byKey = new Map<string, PodRef>();
  const namespaces: string[] = [];
  for (const o of flattenObjects(objects)) {
    if (o.kind !== 'Pod') continue;
    const {name, namespace = defaultNamespace} = metaOf(o);
    if (!name) continue;
    const key = `${namespace}/${name}`;
    byKey.delete(key);
    byKey.set(key, {key, namespace, name});
    if (!namespaces.includes(namespace)) namespaces.push(namespace);
  }
  const pods = namespaces.flatMap((ns) => [...byKey.values()].filter((p) => p.namespace === ns));
  return {pods, namespaces};
}

/**
 * Every source x destination verdict for `port`/`protocol`. `addresses` are endpoints outside the
 * cluster (they become {ip} queries), added as both sources and destinations.
 */
export function computeConnectivity(
  objects: readonly unknown[],
  options: {port: number; protocol?: Protocol; addresses?: readonly string[]; defaultNamespace?: string; maxEndpoints?: number},
): ConnectivityMatrix {
  const protocol = options.protocol ?? 'TCP';
  const {pods, namespaces} = listPods(objects, options.defaultNamespace);
  const external: Endpoint[] = (options.addresses ?? []).map((ip) => ({key: ip, ip}));
  const all: Endpoint[] = [...pods, ...external];
  const max = Math.max(0, options.maxEndpoints ?? MATRIX_MAX_ENDPOINTS);
  const endpoints = all.slice(0, max);
  const query = (e: Endpoint) => ('ip' in e ? {ip: e.ip} : e.key);
  const ask = reachability(objects, {defaultNamespace: options.defaultNamespace});
  const cells = endpoints.map((from) =>
    endpoints.map((to): ConnectivityCell => {
      if (from.key === to.key || ('ip' in from && 'ip' in to)) return {from: from.key, to: to.key};
      return {from: from.key, to: to.key, result: ask({from: query(from), to: query(to), port: options.port, protocol})};
    }),
  );
  return {pods, namespaces, sources: endpoints, destinations: endpoints, cells, port: options.port, protocol, omitted: all.length - endpoints.length};
}

/**
 * Ports worth offering for the matrix: the container ports of the pods and the numeric ports the
 * policies name, each with its protocol, without duplicates, in the order they appear.
 */
export function portsOf(objects: readonly unknown[]): {port: number; protocol: Protocol}[] {
  const out: {port: number; protocol: Protocol}[] = [];
  const add = (port: unknown, protocol: unknown) => {
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) return;
    const p: Protocol = protocol === 'UDP' || protocol === 'SCTP' ? protocol : 'TCP';
    if (!out.some((o) => o.port === port && o.protocol === p)) out.push({port, protocol: p});
  };
  const records = (v: unknown): Record<string, unknown>[] =>
    Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : [];
  for (const o of flattenObjects(objects)) {
    const spec = typeof o.spec === 'object' && o.spec !== null ? (o.spec as Record<string, unknown>) : {};
    if (o.kind === 'Pod') for (const c of records(spec.containers)) for (const p of records(c.ports)) add(p.containerPort, p.protocol);
    if (o.kind === 'NetworkPolicy')
      for (const rule of [...records(spec.ingress), ...records(spec.egress)]) for (const p of records(rule.ports)) add(p.port, p.protocol);
  }
  return out;
}

/** The first host of an IPv4 cidr (the address itself for /31 and /32), or undefined for anything else. */
export function firstHost(cidr: string): string | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!m) return undefined;
  const prefix = Number(m[5]);
  const octets = m.slice(1, 5).map(Number);
  if (prefix > 32 || octets.some((o) => o > 255)) return undefined;
  const value = octets.reduce((n, o) => n * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  const network = value - (value % size);
  const host = prefix >= 31 ? value : network + 1;
  return [24, 16, 8, 0].map((shift) => Math.floor(host / 2 ** shift) % 256).join('.');
}

/**
 * One address inside each ipBlock cidr of the policies, and one inside each of its `except`
 * blocks, to offer as endpoints outside the cluster.
 */
export function ipBlockAddresses(objects: readonly unknown[]): string[] {
  const out: string[] = [];
  const add = (cidr: unknown) => {
    const ip = typeof cidr === 'string' ? firstHost(cidr) : undefined;
    if (ip && !out.includes(ip)) out.push(ip);
  };
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (typeof v === 'object' && v !== null) {
      const r = v as Record<string, unknown>;
      const block = r.ipBlock as Record<string, unknown> | undefined;
      if (block && typeof block === 'object') {
        add(block.cidr);
        if (Array.isArray(block.except)) block.except.forEach(add);
      }
      Object.values(r).forEach(visit);
    }
  };
  for (const o of flattenObjects(objects)) if (o.kind === 'NetworkPolicy') visit(o.spec);
  return out;
}
