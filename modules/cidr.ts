/**
 * IPv4 CIDR arithmetic for laying out subnets and checking that ranges fit and do not overlap.
 */

export interface Cidr {
  /** The first address of the range, as an unsigned 32-bit number. */
  readonly base: number;
  /** The prefix length, 0 to 32. */
  readonly prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns undefined for anything else, including host bits set. */
export function parseCidr(text: string): Cidr | undefined {
  const match = CIDR_PATTERN.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((octet) => octet > 255) || prefix > 32) return undefined;
  const base = octets.reduce((acc, octet) => acc * 256 + octet, 0);
  if (base % size(prefix) !== 0) return undefined;
  return { base, prefix };
}

/** The number of addresses in a range of this prefix length. */
export function size(prefix: number): number {
  return 2 ** (32 - prefix);
}

export function formatCidr(cidr: Cidr): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(cidr.base / 2 ** shift) % 256);
  return `${octets.join('.')}/${cidr.prefix}`;
}

/** The `index`-th sub-range of `newBits` more prefix bits, like Terraform's `cidrsubnet`. */
export function subnet(parent: Cidr, newBits: number, index: number): Cidr {
  const prefix = parent.prefix + newBits;
  if (prefix > 32 || index < 0 || index >= 2 ** newBits) {
    throw new RangeError(`${formatCidr(parent)} has no subnet ${index} of ${newBits} more bits`);
  }
  return { base: parent.base + index * size(prefix), prefix };
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return (
    inner.prefix >= outer.prefix &&
    inner.base >= outer.base &&
    inner.base + size(inner.prefix) <= outer.base + size(outer.prefix)
  );
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + size(b.prefix) && b.base < a.base + size(a.prefix);
}
