/**
 * String formats the API server checks, ported from k8s.io/apimachinery v0.36 (files named on each
 * function). Lengths are in bytes, as Go's len() counts them.
 */
import {displayText} from '../scalar-text';

/** UTF-8 length of a string (Go's len()). */
export function byteLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** IsDNS1123Label (apimachinery/pkg/api/validate/content/dns.go). */
export function isDNS1123Label(v: string): boolean {
  return byteLength(v) <= 63 && DNS1123_LABEL.test(v);
}

/** IsDNS1123Subdomain (apimachinery/pkg/api/validate/content/dns.go). */
export function isDNS1123Subdomain(v: string): boolean {
  return byteLength(v) <= 253 && DNS1123_SUBDOMAIN.test(v);
}

/** IsPathSegmentName (apimachinery/pkg/api/validate/content/path.go): RBAC object names. */
export function isPathSegmentName(v: string): boolean {
  return v !== '.' && v !== '..' && !v.includes('/') && !v.includes('%');
}

const LABEL_KEY_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** IsQualifiedName / IsLabelKey (apimachinery/pkg/api/validate/content/kube.go). */
export function isQualifiedName(v: string): boolean {
  const parts = v.split('/');
  let name: string;
  if (parts.length === 1) name = parts[0];
  else if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix.length === 0 || !isDNS1123Subdomain(prefix)) return false;
    name = parts[1];
  } else return false;
  return name.length > 0 && byteLength(name) <= 63 && LABEL_KEY_NAME.test(name);
}

/** IsLabelValue (apimachinery/pkg/api/validate/content/kube.go). */
export function isLabelValue(v: string): boolean {
  return v === '' || (byteLength(v) <= 63 && LABEL_KEY_NAME.test(v));
}

/** IsValidPortName (apimachinery/pkg/util/validation/validation.go): IANA_SVC_NAME. */
export function isValidPortName(v: string): boolean {
  return byteLength(v) <= 15 && /^[-a-z0-9]+$/.test(v) && /[a-z]/.test(v) && !v.includes('--') && !v.startsWith('-') && !v.endsWith('-');
}

/** IsValidPortNum (apimachinery/pkg/util/validation/validation.go). */
export function isValidPortNum(v: number): boolean {
  return Number.isInteger(v) && v >= 1 && v <= 65535;
}

/** IsEnvVarName (apimachinery/pkg/util/validation/validation.go), strict form. */
export function isEnvVarName(v: string): boolean {
  return /^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(v) && !hasChDirPrefix(v);
}

/**
 * IsRelaxedEnvVarName (apimachinery/pkg/util/validation/validation.go): any printable ASCII but
 * '='. Used since RelaxedEnvironmentVariableValidation went GA (1.34).
 */
export function isRelaxedEnvVarName(v: string): boolean {
  if (v.length === 0) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x3d) return false;
  }
  return true;
}

/** IsConfigMapKey (apimachinery/pkg/util/validation/validation.go). */
export function isConfigMapKey(v: string): boolean {
  return byteLength(v) <= 253 && /^[-._a-zA-Z0-9]+$/.test(v) && !hasChDirPrefix(v);
}

function hasChDirPrefix(v: string): boolean {
  return v === '.' || v === '..' || v.startsWith('..');
}

/** IsValidPercent (apimachinery/pkg/util/validation/validation.go). */
export function isValidPercent(v: string): boolean {
  return /^[0-9]+%$/.test(v);
}

/** IsHTTPHeaderName (apimachinery/pkg/util/validation/validation.go). */
export function isHTTPHeaderName(v: string): boolean {
  return /^[-A-Za-z0-9]+$/.test(v);
}

// ---------------------------------------------------------------------------------------------
// IP addresses and CIDRs, as net/netip parses them (StrictIPCIDRValidation is on in 1.36).

export interface ParsedIP {
  v6: boolean;
  /** The address as a 32- or 128-bit unsigned integer. */
  value: bigint;
  /** An IPv4-mapped IPv6 address (::ffff:a.b.c.d). */
  is4in6: boolean;
}

function parseIPv4Strict(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0n;
  for (const p of parts) {
    // netip.ParseAddr: 1-3 digits, no leading zeros, at most 255.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

function parseIPv6(s: string): {value: bigint; is4in6: boolean} | undefined {
  if (s.includes('%')) return undefined; // zones are not allowed in these fields
  let head = s;
  let v4tail: bigint | undefined;
  const lastColon = s.lastIndexOf(':');
  if (lastColon >= 0 && s.slice(lastColon + 1).includes('.')) {
    v4tail = parseIPv4Strict(s.slice(lastColon + 1));
    if (v4tail === undefined) return undefined;
    head = s.slice(0, lastColon + 1) + '0:0';
  }
  const dbl = head.indexOf('::');
  if (dbl >= 0 && head.indexOf('::', dbl + 1) >= 0) return undefined;
  const groupsOf = (part: string): string[] | undefined => {
    if (part === '') return [];
    const gs = part.split(':');
    return gs.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g)) ? gs : undefined;
  };
  let groups: string[];
  if (dbl >= 0) {
    const left = groupsOf(head.slice(0, dbl));
    const right = groupsOf(head.slice(dbl + 2));
    if (!left || !right || left.length + right.length > 7) return undefined;
    groups = [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  } else {
    const all = groupsOf(head);
    if (!all || all.length !== 8) return undefined;
    groups = all;
  }
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(parseInt(g, 16));
  if (v4tail !== undefined) value = (value & ~0xffffffffn) | v4tail;
  const is4in6 = value >> 32n === 0xffffn;
  return {value, is4in6};
}

/** netip.ParseAddr. */
export function parseIP(s: string): ParsedIP | undefined {
  if (s.includes(':')) {
    const r = parseIPv6(s);
    return r && {v6: true, value: r.value, is4in6: r.is4in6};
  }
  const v4 = parseIPv4Strict(s);
  return v4 === undefined ? undefined : {v6: false, value: v4, is4in6: false};
}

export interface ParsedCIDR {
  v6: boolean;
  /** The address as written. */
  value: bigint;
  bits: number;
}

/**
 * IsValidCIDRForLegacyField with strict validation (apimachinery/pkg/util/validation/ip.go):
 * netip.ParsePrefix, no IPv4-mapped IPv6 address, no bits set beyond the prefix length.
 * Returns the reason it is invalid, or the parsed CIDR.
 */
export function parseCIDRStrict(s: string): ParsedCIDR | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const ip = parseIP(s.slice(0, slash));
  const lenText = s.slice(slash + 1);
  if (!ip || !/^(0|[1-9][0-9]*)$/.test(lenText)) return undefined;
  const bits = Number(lenText);
  const width = ip.v6 ? 128 : 32;
  if (bits > width || ip.is4in6) return undefined;
  const hostMask = (1n << BigInt(width - bits)) - 1n;
  if ((ip.value & hostMask) !== 0n) return undefined;
  return {v6: ip.v6, value: ip.value, bits};
}

/** Whether `inner` is a strict subset of `outer` (ValidateIPBlock's except rule). */
export function cidrStrictlyContains(outer: ParsedCIDR, inner: ParsedCIDR): boolean {
  if (outer.v6 !== inner.v6) return false;
  const width = outer.v6 ? 128 : 32;
  const mask = ((1n << BigInt(width)) - 1n) ^ ((1n << BigInt(width - outer.bits)) - 1n);
  return (inner.value & mask) === outer.value && outer.bits < inner.bits;
}

// ---------------------------------------------------------------------------------------------
// Quantities as exact rationals, for comparisons (requests <= limits) and signs.

export interface Rational {
  num: bigint;
  den: bigint;
}

const DECIMAL_SUFFIX: Record<string, number> = {n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18};
const BINARY_SUFFIX: Record<string, number> = {Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60};

/** resource.ParseQuantity (apimachinery/pkg/api/resource/quantity.go) as an exact value. */
export function parseQuantity(input: string | number): Rational | undefined {
  const s = (typeof input === 'number' ? displayText(input) : input).trim();
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?([a-zA-Z]*)([+-]?[0-9]*)$/.exec(s);
  if (!m || s === '') return undefined;
  const [, sign, intPart, fracPart = '', suffixLetters, suffixNumber] = m;
  const suffix = suffixLetters + suffixNumber;
  let num = BigInt((intPart || '0') + fracPart);
  let den = 10n ** BigInt(fracPart.length);
  if (suffix in DECIMAL_SUFFIX) {
    const e = DECIMAL_SUFFIX[suffix];
    if (e >= 0) num *= 10n ** BigInt(e);
    else den *= 10n ** BigInt(-e);
  } else if (suffix in BINARY_SUFFIX) {
    num *= 2n ** BigInt(BINARY_SUFFIX[suffix]);
  } else if (/^[eE][+-]?[0-9]+$/.test(suffix)) {
    const e = Number(suffix.slice(1));
    if (!Number.isSafeInteger(e) || Math.abs(e) > 400) return undefined;
    if (e >= 0) num *= 10n ** BigInt(e);
    else den *= 10n ** BigInt(-e);
  } else return undefined;
  if (sign === '-') num = -num;
  return {num, den};
}

export function compareRational(a: Rational, b: Rational): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}
