/**
 * IPv4/IPv6 addresses and CIDR ranges, for NetworkPolicy ipBlock (cidr and except).
 *
 * Semantics: an address is in an ipBlock when it is inside `cidr` and inside none of `except`
 * (networking/v1 IPBlock: "except is a slice of CIDRs that should not be included within an
 * IPBlock"). Addresses of one family never match a CIDR of the other. Like Go's net.ParseCIDR,
 * host bits set in a CIDR ("10.0.0.1/24") are ignored: the network is the masked prefix.
 */

export interface ParsedAddress {
  family: 4 | 6;
  value: bigint;
}

export interface ParsedCidr extends ParsedAddress {
  prefix: number;
}

function parseIPv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    // Go's net.ParseIP refuses leading zeros ("010.0.0.1") since Go 1.17.
    if (p.length > 1 && p.startsWith('0')) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIPv6(text: string): bigint | undefined {
  let head = text;
  let tailV4: bigint | undefined;
  // An embedded IPv4 tail: ::ffff:10.0.0.1
  const lastColon = head.lastIndexOf(':');
  if (head.includes('.') && lastColon >= 0) {
    tailV4 = parseIPv4(head.slice(lastColon + 1));
    if (tailV4 === undefined) return undefined;
    head = head.slice(0, lastColon + 1) + '0:0';
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const left = groups(halves[0]);
  const right = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...left, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...right];
  let value = 0n;
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    value = (value << 16n) | BigInt(parseInt(g, 16));
  }
  if (tailV4 !== undefined) value = (value & ~0xffffffffn) | tailV4;
  return value;
}

/** Parses "10.0.0.1" or "2001:db8::1"; undefined when it is not an address. */
export function parseAddress(text: string): ParsedAddress | undefined {
  if (typeof text !== 'string') return undefined;
  if (text.includes(':')) {
    const v = parseIPv6(text);
    return v === undefined ? undefined : {family: 6, value: v};
  }
  const v = parseIPv4(text);
  return v === undefined ? undefined : {family: 4, value: v};
}

/** Parses "10.0.0.0/8" or "2001:db8::/32"; undefined when it is not a CIDR. */
export function parseCidr(text: string): ParsedCidr | undefined {
  if (typeof text !== 'string') return undefined;
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseAddress(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!address || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const bits = address.family === 4 ? 32 : 128;
  if (prefix > bits) return undefined;
  const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
  return {family: address.family, value: address.value & mask, prefix};
}

/** Whether the address is inside the CIDR (same family, same leading `prefix` bits). */
export function cidrContains(cidr: ParsedCidr, address: ParsedAddress): boolean {
  if (cidr.family !== address.family) return false;
  const bits = cidr.family === 4 ? 32 : 128;
  const shift = BigInt(bits - cidr.prefix);
  return address.value >> shift === cidr.value >> shift;
}

/** Whether the address is in the ipBlock: inside cidr and outside every except. Invalid CIDRs match nothing. */
export function ipBlockContains(ipBlock: {cidr?: unknown; except?: unknown}, address: ParsedAddress): boolean {
  const cidr = typeof ipBlock.cidr === 'string' ? parseCidr(ipBlock.cidr) : undefined;
  if (!cidr || !cidrContains(cidr, address)) return false;
  const except = Array.isArray(ipBlock.except) ? ipBlock.except : [];
  for (const e of except) {
    const ex = typeof e === 'string' ? parseCidr(e) : undefined;
    if (ex && cidrContains(ex, address)) return false;
  }
  return true;
}
