/**
 * IPv4/IPv6 addresses and CIDR ranges, for NetworkPolicy ipBlock (cidr and except).
 *
 * Semantics: an address is in an ipBlock when it is inside `cidr` and inside none of `except`
 * (networking/v1 IPBlock: "except is a slice of CIDRs that should not be included within an
 * IPBlock"). Addresses of one family never match a CIDR of the other. Like Go's net.ParseCIDR,
 * host bits set in a CIDR ("10.0.0.1/24") are ignored: the network is the masked prefix.
 */

import {parseIP} from '../validate/formats';

export interface ParsedAddress {
  family: 4 | 6;
  value: bigint;
}

export interface ParsedCidr extends ParsedAddress {
  prefix: number;
}

/** Parses "10.0.0.1" or "2001:db8::1"; undefined when it is not an address. */
export function parseAddress(text: string): ParsedAddress | undefined {
  if (typeof text !== 'string') return undefined;
  const ip = parseIP(text);
  return ip && {family: ip.v6 ? 6 : 4, value: ip.value};
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
