import { join } from 'node:path';
import { checkFleet, ConfigError, resolveRegion, type RegionConfig } from '../modules/config';
import { loadRegions } from '../modules/fleet';
import global from '../regions/global';
import pink from '../regions/pink';

const REGIONS_DIR = join(__dirname, '..', 'regions');

/** A copy of `base` named `name`, on its own ingress domain unless `changes` say otherwise. */
function region(
  name: string,
  base: typeof pink | typeof global,
  changes: Record<string, unknown> = {},
): RegionConfig {
  const ingress = { ...base.ingress, domain: `${name}.fleet.example.com` };
  return resolveRegion(name, { ...base, colour: name, ingress, ...changes });
}

describe('the fleet in regions/', () => {
  test('holds one GlobalRegion and at least three MultiRegions, two in one AWS region', () => {
    const regions = loadRegions(REGIONS_DIR);
    const kinds = regions.map((r) => [r.colour, r.kind, r.awsRegion]);
    expect(kinds).toEqual([
      ['global', 'GlobalRegion', 'us-east-1'],
      ['orange', 'MultiRegion', 'eu-central-1'],
      ['pink', 'MultiRegion', 'us-west-2'],
      ['teal', 'MultiRegion', 'us-west-2'],
    ]);
  });

  test('gives the GlobalRegion one nodegroup and no tenant units', () => {
    const globalRegion = loadRegions(REGIONS_DIR).find((r) => r.kind === 'GlobalRegion');
    expect(Object.keys(globalRegion?.nodegroups ?? {})).toEqual(['platform']);
  });

  test('passes the fleet-wide rules', () => {
    expect(checkFleet(loadRegions(REGIONS_DIR))).toEqual([]);
  });
});

describe('checkFleet', () => {
  const globalRegion = region('global', global);
  const pinkRegion = region('pink', pink);

  test('throws if two regions share a colour', () => {
    expect(checkFleet([globalRegion, pinkRegion, pinkRegion])).toEqual([
      'regions "pink" and "pink": colour is "pink" in both; expected a colour used by one region only',
    ]);
  });

  test('reports VPC ranges that overlap, naming both regions', () => {
    const violet = region('violet', pink, { vpcCidr: '10.10.128.0/17', subnets: undefined });
    expect(checkFleet([globalRegion, pinkRegion, violet])).toEqual([
      'regions "pink" and "violet": vpcCidr 10.10.0.0/16 overlaps 10.10.128.0/17; expected VPC ranges that do not overlap across the fleet',
    ]);
  });

  test('reports VPC overlaps across AWS regions too', () => {
    const amber = region('amber', pink, {
      awsRegion: 'eu-west-1',
      availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
      vpcCidr: '10.0.0.0/16',
    });
    expect(checkFleet([globalRegion, pinkRegion, amber])).toEqual([
      'regions "global" and "amber": vpcCidr 10.0.0.0/16 overlaps 10.0.0.0/16; expected VPC ranges that do not overlap across the fleet',
    ]);
  });

  test('throws if the fleet has no GlobalRegion', () => {
    expect(checkFleet([pinkRegion])).toEqual([
      'fleet: 0 GlobalRegions (none); expected exactly one region of kind "GlobalRegion"',
    ]);
  });

  test('throws if the fleet has two GlobalRegions', () => {
    const gold = region('gold', global, { vpcCidr: '10.1.0.0/16' });
    expect(checkFleet([globalRegion, gold, pinkRegion])).toEqual([
      'fleet: 2 GlobalRegions ("global", "gold"); expected exactly one region of kind "GlobalRegion"',
    ]);
  });

  test('accepts two MultiRegions in the same AWS region', () => {
    const teal = region('teal', pink, { vpcCidr: '10.11.0.0/16' });
    expect(checkFleet([globalRegion, pinkRegion, teal])).toEqual([]);
  });

  test('reports two regions on the same ingress domain', () => {
    const violet = region('violet', pink, { vpcCidr: '10.12.0.0/16', ingress: pink.ingress });
    expect(checkFleet([globalRegion, pinkRegion, violet])).toEqual([
      'regions "pink" and "violet": ingress.domain is "pink.fleet.example.com" in both; expected a DNS domain used by one region only',
    ]);
  });

  test("reports an ingress domain inside another region's, whichever comes first", () => {
    const inner = { ...pink.ingress, domain: 'eu.pink.fleet.example.com' };
    const violet = region('violet', pink, { vpcCidr: '10.12.0.0/16', ingress: inner });
    const message =
      'ingress.domain "eu.pink.fleet.example.com" of "violet" lies inside "pink.fleet.example.com" of "pink"; expected domains that do not nest, since a region\'s zone answers for every name below its domain and a region inside it would depend on that region';
    expect(checkFleet([globalRegion, pinkRegion, violet])).toEqual([
      `regions "pink" and "violet": ${message}`,
    ]);
    expect(checkFleet([globalRegion, violet, pinkRegion])).toEqual([
      `regions "violet" and "pink": ${message}`,
    ]);
  });

  test("refuses a region delegated from another region's zone", () => {
    const inner = {
      ...pink.ingress,
      parentZone: 'pink.fleet.example.com',
      domain: 'eu.pink.fleet.example.com',
    };
    const violet = region('violet', pink, { vpcCidr: '10.12.0.0/16', ingress: inner });
    expect(checkFleet([globalRegion, pinkRegion, violet])).toEqual([
      'regions "pink" and "violet": ingress.domain "eu.pink.fleet.example.com" of "violet" lies inside "pink.fleet.example.com" of "pink"; expected domains that do not nest, since a region\'s zone answers for every name below its domain and a region inside it would depend on that region',
    ]);
  });

  test('accepts domains that only share a suffix of letters, or regions without ingress', () => {
    const hotPink = region('hotpink', pink, { vpcCidr: '10.12.0.0/16' });
    const plain = region('plain', pink, {
      vpcCidr: '10.13.0.0/16',
      ingress: undefined,
      addons: { ...pink.addons, externalDns: { hostedZoneIds: ['Z0PLAINEXAMPLE000001'] } },
    });
    expect(hotPink.ingress?.domain).toBe('hotpink.fleet.example.com');
    expect(checkFleet([globalRegion, pinkRegion, hotPink, plain])).toEqual([]);
  });
});

/** global with some fields of its platform nodegroup replaced. */
function globalPlatform(changes: Record<string, unknown>): object {
  return { ...global, nodegroups: { platform: { ...global.nodegroups.platform, ...changes } } };
}

describe('region kinds', () => {
  test('throws if a GlobalRegion has tenant units', () => {
    const input = {
      ...global,
      nodegroups: { ...global.nodegroups, tenantUnit: pink.nodegroups.tenantUnit },
    };
    expect(() => resolveRegion('global', input)).toThrow(
      new ConfigError([
        'region "global": nodegroups is ["platform","tenantUnit"]; expected no tenantUnit in a GlobalRegion; tenant units run in MultiRegions',
      ]),
    );
  });

  test('throws if an instance type is not in the capacity table', () => {
    const input = globalPlatform({ instanceTypes: ['m6i.2xlage'] });
    expect(() => resolveRegion('global', input)).toThrow(
      new ConfigError([
        'region "global": nodegroups.platform.instanceTypes[0] is "m6i.2xlage"; expected a size the fleet\'s capacity table knows in its family (m6i.large, m6i.xlarge, m6i.2xlarge, m6i.4xlarge, m6i.8xlarge, m6i.12xlarge, m6i.16xlarge, m6i.24xlarge, m6i.32xlarge; modules/instance-types.ts)',
      ]),
    );
  });

  test('lists the families when an instance type names none the table knows', () => {
    const input = globalPlatform({ instanceTypes: ['x9.2xlarge'] });
    expect(() => resolveRegion('global', input)).toThrow(
      new ConfigError([
        'region "global": nodegroups.platform.instanceTypes[0] is "x9.2xlarge"; expected an instance type of the fleet\'s capacity table (families c5, c6i, c7i, c6g, c7g, m5, m6i, m7i, m6g, m7g, r5, r6i, r7i, r6g, r7g; modules/instance-types.ts)',
      ]),
    );
  });

  test('throws if an instance type does not fit the AMI architecture', () => {
    const input = globalPlatform({ instanceTypes: ['m7g.2xlarge'] });
    expect(() => resolveRegion('global', input)).toThrow(
      new ConfigError([
        'region "global": nodegroups.platform.instanceTypes[0] is "m7g.2xlarge"; expected an instance type of the amiType\'s architecture (AL2023_x86_64_STANDARD); Graviton types need AL2023_ARM_64_STANDARD',
      ]),
    );
  });

  test('can configure Graviton nodes with the Arm AMI', () => {
    const input = globalPlatform({
      instanceTypes: ['m7g.2xlarge'],
      amiType: 'AL2023_ARM_64_STANDARD',
    });
    expect(resolveRegion('global', input).nodegroups.platform.amiType).toBe(
      'AL2023_ARM_64_STANDARD',
    );
  });
});
