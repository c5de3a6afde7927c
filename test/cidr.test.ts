import {
  contains,
  formatCidr,
  overlaps,
  parseCidr,
  size,
  subnet,
  type Cidr,
} from '../modules/cidr';

/** Parses a range the test knows to be valid. */
function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed) throw new Error(`test setup: ${text} is not a valid CIDR block`);
  return parsed;
}

describe('parseCidr', () => {
  test('reads the first address as a number and the prefix length', () => {
    expect(parseCidr('10.10.0.0/16')).toEqual({ base: 10 * 2 ** 24 + 10 * 2 ** 16, prefix: 16 });
  });

  test('accepts the whole address space and a single address', () => {
    expect(parseCidr('0.0.0.0/0')).toEqual({ base: 0, prefix: 0 });
    expect(parseCidr('255.255.255.255/32')).toEqual({ base: 2 ** 32 - 1, prefix: 32 });
  });

  test('returns undefined if host bits are set', () => {
    expect(parseCidr('10.10.0.1/16')).toBeUndefined();
    expect(parseCidr('10.10.64.0/17')).toBeUndefined();
  });

  test('returns undefined if an octet is above 255', () => {
    expect(parseCidr('10.256.0.0/16')).toBeUndefined();
  });

  test('returns undefined if the prefix is above 32', () => {
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
  });

  test('returns undefined for text that is not a.b.c.d/n', () => {
    for (const text of ['', '10.0.0.0', '10.0.0/16', '10.0.0.0/', ' 10.0.0.0/16', 'ten/16']) {
      expect(parseCidr(text)).toBeUndefined();
    }
  });
});

describe('size', () => {
  test('counts the addresses in a range', () => {
    expect(size(16)).toBe(65536);
    expect(size(28)).toBe(16);
    expect(size(32)).toBe(1);
  });
});

describe('formatCidr', () => {
  test('writes a range back in the text it was parsed from', () => {
    for (const text of ['0.0.0.0/0', '10.10.192.0/20', '172.16.0.0/12', '255.255.255.255/32']) {
      expect(formatCidr(cidr(text))).toBe(text);
    }
  });
});

describe('subnet', () => {
  const vpc = cidr('10.10.0.0/16');

  test('returns the index-th range of newBits more prefix bits, like cidrsubnet', () => {
    expect(formatCidr(subnet(vpc, 2, 0))).toBe('10.10.0.0/18');
    expect(formatCidr(subnet(vpc, 2, 3))).toBe('10.10.192.0/18');
    expect(formatCidr(subnet(vpc, 4, 13))).toBe('10.10.208.0/20');
  });

  test('throws if the index is past the last subnet', () => {
    expect(() => subnet(vpc, 2, 4)).toThrow(
      new RangeError('10.10.0.0/16 has no subnet 4 of 2 more bits'),
    );
  });

  test('throws if the index is negative', () => {
    expect(() => subnet(vpc, 2, -1)).toThrow(
      new RangeError('10.10.0.0/16 has no subnet -1 of 2 more bits'),
    );
  });

  test('throws if the prefix would pass 32', () => {
    expect(() => subnet(vpc, 17, 0)).toThrow(
      new RangeError('10.10.0.0/16 has no subnet 0 of 17 more bits'),
    );
  });
});

describe('contains', () => {
  const vpc = cidr('10.10.0.0/16');

  test('is true for a range inside and for the range itself', () => {
    expect(contains(vpc, cidr('10.10.192.0/20'))).toBe(true);
    expect(contains(vpc, cidr('10.10.255.255/32'))).toBe(true);
    expect(contains(vpc, vpc)).toBe(true);
  });

  test('is false for a range outside or larger', () => {
    expect(contains(vpc, cidr('10.11.0.0/20'))).toBe(false);
    expect(contains(vpc, cidr('10.9.255.0/24'))).toBe(false);
    expect(contains(vpc, cidr('10.10.0.0/15'))).toBe(false);
  });
});

describe('overlaps', () => {
  test('is true for nested and equal ranges, either way round', () => {
    const outer = cidr('10.10.0.0/18');
    const inner = cidr('10.10.63.0/24');
    expect(overlaps(outer, inner)).toBe(true);
    expect(overlaps(inner, outer)).toBe(true);
    expect(overlaps(outer, outer)).toBe(true);
  });

  test('is false for adjacent ranges', () => {
    const first = cidr('10.10.0.0/18');
    const second = cidr('10.10.64.0/18');
    expect(overlaps(first, second)).toBe(false);
    expect(overlaps(second, first)).toBe(false);
  });
});
