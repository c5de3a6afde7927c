import { ConfigError, regionZoneIds, resolveRegion, type RegionInput } from '../modules/config';
import pink from '../regions/pink';

/**
 * The smallest valid region: a GlobalRegion with one nodegroup and every default left out, but
 * for what the add-ons, on by default, cannot do without: a zone and the Instana backend.
 */
const GREEN = {
  colour: 'green',
  kind: 'GlobalRegion',
  awsRegion: 'eu-west-1',
  vpcCidr: '10.10.0.0/16',
  availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
  kubernetesVersion: '1.33',
  nodegroups: { core: { instanceTypes: ['m5.xlarge'], minSize: 1, maxSize: 3 } },
  addons: {
    externalDns: { hostedZoneIds: ['Z0GREENEXAMPLE000001'] },
    instanaAgent: { endpointHost: 'ingress-red-saas.instana.io' },
  },
} satisfies RegionInput;

/** The green region with some top-level fields replaced; values may be of any type. */
function green(changes: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...structuredClone(GREEN), ...changes };
}

/** The green region with some of its add-ons replaced. */
function greenAddons(changes: Record<string, unknown>): Record<string, unknown> {
  return green({ addons: { ...structuredClone(GREEN.addons), ...changes } });
}

/** The green region with fields of its `core` nodegroup replaced. */
function greenCore(changes: Record<string, unknown>): Record<string, unknown> {
  return green({ nodegroups: { core: { ...GREEN.nodegroups.core, ...changes } } });
}

/** The problems a ConfigError lists for this input; fails the test if the input is accepted. */
function problemsOf(input: unknown, fileName = 'green'): readonly string[] {
  try {
    resolveRegion(fileName, input);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error(`region "${fileName}" was accepted; expected a ConfigError`);
}

const LABEL_KEY_RULE =
  'a Kubernetes key: an optional DNS subdomain prefix of at most 253 characters and "/", then a name of 1 to 63 letters, digits, "-", "_" or "." that starts and ends with a letter or digit';
const LABEL_VALUE_RULE =
  'a Kubernetes label value: empty, or 1 to 63 letters, digits, "-", "_" or "." that starts and ends with a letter or digit';
const TAG_KEY_RULE =
  'an AWS tag key: 1 to 128 letters, digits, spaces or _.:/=+-@, not starting with "aws:"';
const TAG_VALUE_RULE = 'an AWS tag value: at most 256 letters, digits, spaces or _.:/=+-@';
const TAG_COUNT_RULE = 'at most 44, leaving room for the tags the fleet adds (AWS allows 50)';
const PUBLIC_CIDR_ADDRESS_RULE = 'a network address with no host bits set';
const PUBLIC_CIDR_WIDTH_RULE =
  'a range of /8 or narrower; the API endpoint is never open to the whole internet';
const KUBERNETES_VERSION_RULE = 'a string naming a Kubernetes minor version, such as "1.33"';
const DEFAULT_LAYOUT_VPC_RULE =
  'a prefix from /16 to /20 for the default subnet layout (up to /22 with explicit subnets)';

const TEMPLATE_KEY_RULE =
  "a key of at most 82 characters, so that the autoscaler's node-template tag stays within AWS's 128";
const REPEAT_RULE = 'each entry once';
const AGENT_SECRET_RULE =
  'no secret in values; give keySecret, or TF_VAR_instana_agent_key at deploy time';

/** A valid Kubernetes key, `<prefix>.example.com/<name>`, of exactly `length` characters. */
function keyOfLength(length: number): string {
  const name = 'n'.repeat(40);
  return `${'p'.repeat(length - name.length - '.example.com/'.length)}.example.com/${name}`;
}

/** `count` distinct tags, `<prefix>0` to `<prefix><count - 1>`, all with the same value. */
function manyTags(count: number, prefix: string): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}${i}`, 'x']));
}

describe('resolveRegion defaults', () => {
  const region = resolveRegion('green', GREEN);
  const core = region.nodegroups.core;

  test('defaults desiredSize to minSize', () => {
    const resolved = resolveRegion('green', greenCore({ minSize: 2 }));
    expect(resolved.nodegroups.core.desiredSize).toBe(2);
  });

  test('keeps an explicit desiredSize', () => {
    const resolved = resolveRegion('green', greenCore({ desiredSize: 3 }));
    expect(resolved.nodegroups.core.desiredSize).toBe(3);
  });

  test('defaults a nodegroup to 100 GiB disks, on-demand capacity and Amazon Linux 2023', () => {
    expect(core).toEqual({
      instanceTypes: ['m5.xlarge'],
      minSize: 1,
      maxSize: 3,
      desiredSize: 1,
      diskSize: 100,
      capacityType: 'ON_DEMAND',
      amiType: 'AL2023_x86_64_STANDARD',
      maxUnavailablePercentage: 33,
      labels: {},
      taints: [],
      tags: {},
      addonPolicies: { autoScaler: false, externalDNS: false, certManager: false },
    });
  });

  test('defaults to one NAT gateway per availability zone', () => {
    expect(region.natGateways).toBe('one-per-az');
  });

  test('defaults the API endpoint to private only', () => {
    expect(region.endpointAccess).toEqual({ public: false, publicCidrs: [] });
  });

  test('defaults every add-on but cert-manager to enabled', () => {
    expect(region.addons).toEqual({
      enabled: true,
      externalDns: {
        enabled: true,
        hostedZoneIds: ['Z0GREENEXAMPLE000001'],
        domainFilters: [],
        policy: 'upsert-only',
        values: {},
      },
      clusterAutoscaler: { enabled: true, expander: 'least-waste', values: {} },
      kubeDnsAutoscaler: { enabled: true, values: {} },
      instanaAgent: {
        enabled: true,
        endpointHost: 'ingress-red-saas.instana.io',
        endpointPort: 443,
        values: {},
      },
      certManager: { enabled: false, hostedZoneIds: [], values: {} },
    });
  });

  test('defaults log retention to 90 days and the KMS deletion window to 30 days', () => {
    expect(region.logRetentionDays).toBe(90);
    expect(region.kmsKeyDeletionWindowInDays).toBe(30);
  });

  test('names the cluster eks-<colour>', () => {
    expect(region.clusterName).toBe('eks-green');
  });

  test('defaults tags to none and leaves adminRoleArn unset', () => {
    expect(region.tags).toEqual({});
    expect(region.adminRoleArn).toBeUndefined();
  });

  test('defaults the subnets to three private quarters and three public sixteenths', () => {
    expect(region.subnets).toEqual({
      private: ['10.10.0.0/18', '10.10.64.0/18', '10.10.128.0/18'],
      public: ['10.10.192.0/20', '10.10.208.0/20', '10.10.224.0/20'],
    });
  });

  test('can configure explicit subnets', () => {
    const subnets = {
      private: ['10.10.0.0/20', '10.10.16.0/20', '10.10.32.0/20'],
      public: ['10.10.48.0/24', '10.10.49.0/24', '10.10.50.0/24'],
    };
    expect(resolveRegion('green', green({ subnets })).subnets).toEqual(subnets);
  });

  test('accepts the pink region as written', () => {
    const resolved = resolveRegion('pink', pink);
    expect(resolved.clusterName).toBe('eks-pink');
    expect(Object.keys(resolved.nodegroups)).toEqual(['acceptor', 'core', 'tenantUnit']);
    expect(resolved.nodegroups.tenantUnit.diskSize).toBe(200);
  });
});

describe('ConfigError', () => {
  test('puts one problem on each indented line under a heading', () => {
    const error = new ConfigError(['region "a": first', 'region "b": second']);
    expect(error.message).toBe(
      'invalid region configuration:\n  region "a": first\n  region "b": second',
    );
    expect(error.name).toBe('ConfigError');
  });

  test('is thrown with the whole message for an invalid region', () => {
    expect(() => resolveRegion('green', greenCore({ maxSize: 0, minSize: 0 }))).toThrow(
      new ConfigError([
        'region "green": nodegroups.core.maxSize is 0; expected an integer from 1 to 1000',
      ]),
    );
  });
});

describe('resolveRegion validation of types and fields', () => {
  test('throws for every field of the wrong type at once', () => {
    const input = green({
      kind: 3,
      endpointAccess: { public: 'yes' },
      tags: { team: 1 },
      nodegroups: { core: { instanceTypes: 'm5.xlarge', minSize: 'one', maxSize: 3 } },
    });
    expect(problemsOf(input)).toEqual([
      'region "green": kind is 3; expected GlobalRegion or MultiRegion',
      'region "green": endpointAccess.public is "yes"; expected true or false',
      'region "green": nodegroups.core.instanceTypes is "m5.xlarge"; expected a list of EC2 instance types',
      'region "green": nodegroups.core.minSize is "one"; expected an integer from 0 to 1000',
      'region "green": tags.team is 1; expected a string (AWS tag value)',
    ]);
  });

  test('throws if the region is not an object', () => {
    expect(problemsOf('green')).toEqual([
      'region "green": (the region) is "green"; expected a region object',
    ]);
  });

  test('throws if a size is not a whole number', () => {
    expect(problemsOf(greenCore({ minSize: 1.5 }))).toEqual([
      'region "green": nodegroups.core.minSize is 1.5; expected an integer from 0 to 1000',
    ]);
  });

  test('throws if a top-level field is unknown', () => {
    expect(problemsOf(green({ colur: 'green' }))).toEqual([
      'region "green": colur is not a known field; remove it or fix its spelling; the fields here are colour, kind, awsRegion, vpcCidr, availabilityZones, kubernetesVersion, endpointAccess, natGateways, subnets, nodegroups, tags, addons, ingress, adminRoleArn, logRetentionDays, kmsKeyDeletionWindowInDays',
    ]);
  });

  test('throws if a nodegroup field is unknown', () => {
    expect(problemsOf(greenCore({ minsize: 1 }))).toEqual([
      'region "green": nodegroups.core.minsize is not a known field; remove it or fix its spelling; the fields here are instanceTypes, capacityType, minSize, maxSize, desiredSize, diskSize, labels, taints, tags, maxUnavailablePercentage, addonPolicies, amiType',
    ]);
  });

  test('throws one problem for each unknown field of an object', () => {
    expect(problemsOf(green({ colur: 'green', regoin: 'eu-west-1' }))).toEqual([
      'region "green": colur is not a known field; remove it or fix its spelling; the fields here are colour, kind, awsRegion, vpcCidr, availabilityZones, kubernetesVersion, endpointAccess, natGateways, subnets, nodegroups, tags, addons, ingress, adminRoleArn, logRetentionDays, kmsKeyDeletionWindowInDays',
      'region "green": regoin is not a known field; remove it or fix its spelling; the fields here are colour, kind, awsRegion, vpcCidr, availabilityZones, kubernetesVersion, endpointAccess, natGateways, subnets, nodegroups, tags, addons, ingress, adminRoleArn, logRetentionDays, kmsKeyDeletionWindowInDays',
    ]);
    expect(problemsOf(greenCore({ minsize: 1, maxsize: 3 }))).toEqual([
      'region "green": nodegroups.core.minsize is not a known field; remove it or fix its spelling; the fields here are instanceTypes, capacityType, minSize, maxSize, desiredSize, diskSize, labels, taints, tags, maxUnavailablePercentage, addonPolicies, amiType',
      'region "green": nodegroups.core.maxsize is not a known field; remove it or fix its spelling; the fields here are instanceTypes, capacityType, minSize, maxSize, desiredSize, diskSize, labels, taints, tags, maxUnavailablePercentage, addonPolicies, amiType',
    ]);
  });

  test('throws if required fields are missing', () => {
    const input = green({ vpcCidr: undefined });
    const core: Record<string, unknown> = { ...GREEN.nodegroups.core };
    delete core.maxSize;
    input.nodegroups = { core };
    expect(problemsOf(input)).toEqual([
      'region "green": vpcCidr is missing; expected an IPv4 CIDR block such as 10.0.0.0/16',
      'region "green": nodegroups.core.maxSize is missing; expected an integer from 1 to 1000',
    ]);
  });

  test('throws if the colour does not match the file name', () => {
    expect(problemsOf(GREEN, 'blue')).toEqual([
      'region "blue": colour is "green"; expected "blue", the name of its file',
    ]);
  });

  test('throws if the colour is not a lower-case name', () => {
    expect(problemsOf(green({ colour: 'Green' }), 'Green')).toEqual([
      'region "Green": colour is "Green"; expected a lower-case name of 1 to 16 letters, digits and hyphens, starting with a letter',
    ]);
  });

  test('throws if the log retention is not one CloudWatch offers', () => {
    expect(problemsOf(green({ logRetentionDays: 100 }))).toEqual([
      'region "green": logRetentionDays is 100; expected one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653',
    ]);
  });

  test('throws if the KMS deletion window is outside 7 to 30 days', () => {
    expect(problemsOf(green({ kmsKeyDeletionWindowInDays: 5 }))).toEqual([
      'region "green": kmsKeyDeletionWindowInDays is 5; expected an integer from 7 to 30',
    ]);
  });

  test('throws if adminRoleArn is not an IAM role ARN', () => {
    expect(problemsOf(green({ adminRoleArn: 'arn:aws:iam::123:role/admin' }))).toEqual([
      'region "green": adminRoleArn is "arn:aws:iam::123:role/admin"; expected an IAM role ARN such as arn:aws:iam::123456789012:role/platform-admin',
    ]);
  });
});

describe('resolveRegion validation of nodegroup sizes', () => {
  test('throws if maxSize is 0', () => {
    expect(problemsOf(greenCore({ minSize: 0, maxSize: 0 }))).toEqual([
      'region "green": nodegroups.core.maxSize is 0; expected an integer from 1 to 1000',
    ]);
  });

  test('throws if minSize is above maxSize', () => {
    expect(problemsOf(greenCore({ minSize: 5, maxSize: 3 }))).toEqual([
      'region "green": nodegroups.core.minSize is 5; expected at most maxSize (3)',
    ]);
  });

  test('reports only minSize, not desiredSize, if minSize is above maxSize', () => {
    expect(problemsOf(greenCore({ minSize: 5, maxSize: 3, desiredSize: 4 }))).toEqual([
      'region "green": nodegroups.core.minSize is 5; expected at most maxSize (3)',
    ]);
  });

  test('throws if desiredSize is above maxSize', () => {
    expect(problemsOf(greenCore({ desiredSize: 4 }))).toEqual([
      'region "green": nodegroups.core.desiredSize is 4; expected an integer from minSize (1) to maxSize (3)',
    ]);
  });

  test('throws if desiredSize is below minSize', () => {
    expect(problemsOf(greenCore({ desiredSize: 0 }))).toEqual([
      'region "green": nodegroups.core.desiredSize is 0; expected an integer from minSize (1) to maxSize (3)',
    ]);
  });

  test('throws if the disk is smaller than 20 GiB', () => {
    expect(problemsOf(greenCore({ diskSize: 10 }))).toEqual([
      'region "green": nodegroups.core.diskSize is 10; expected an integer from 20 to 16384',
    ]);
  });

  test('throws if there are no instance types', () => {
    expect(problemsOf(greenCore({ instanceTypes: [] }))).toEqual([
      'region "green": nodegroups.core.instanceTypes is []; expected a list of 1 to 20 EC2 instance types',
    ]);
  });
});

describe('resolveRegion validation of placement', () => {
  test('throws if the AWS region is unknown', () => {
    const input = green({
      awsRegion: 'eu-west-9',
      availabilityZones: ['eu-west-9a', 'eu-west-9b', 'eu-west-9c'],
    });
    expect(problemsOf(input)).toEqual([
      'region "green": awsRegion is "eu-west-9"; expected a known AWS region such as us-west-2 or eu-central-1 (the list is in modules/aws-regions.ts)',
    ]);
  });

  test('reports only the AWS region, not its zones, if the AWS region is unknown', () => {
    // The zones are eu-west-1's, so each would also fail a check against eu-west-9.
    expect(problemsOf(green({ awsRegion: 'eu-west-9' }))).toEqual([
      'region "green": awsRegion is "eu-west-9"; expected a known AWS region such as us-west-2 or eu-central-1 (the list is in modules/aws-regions.ts)',
    ]);
  });

  test('throws if an availability zone is not in the AWS region', () => {
    const input = green({ availabilityZones: ['eu-west-1a', 'us-west-2b', 'eu-west-1c'] });
    expect(problemsOf(input)).toEqual([
      'region "green": availabilityZones[1] is "us-west-2b"; expected a zone of eu-west-1, such as eu-west-1a',
    ]);
  });

  test('throws if an availability zone is listed twice', () => {
    const input = green({ availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1a'] });
    expect(problemsOf(input)).toEqual([
      'region "green": availabilityZones[2] is "eu-west-1a"; expected three different availability zones',
    ]);
  });

  test('throws if there are not three availability zones', () => {
    const input = green({ availabilityZones: ['eu-west-1a', 'eu-west-1b'] });
    expect(problemsOf(input)).toEqual([
      'region "green": availabilityZones is ["eu-west-1a","eu-west-1b"]; expected a list of 3 availability zones',
    ]);
  });

  test('reports once a value that breaks two checks with the same expectation', () => {
    // A string is neither a list nor of length 3: two checks, one expectation, one line.
    expect(problemsOf(green({ availabilityZones: 'eu-west-1a' }))).toEqual([
      'region "green": availabilityZones is "eu-west-1a"; expected a list of 3 availability zones',
    ]);
  });

  test('throws if the Kubernetes version is not a minor version string', () => {
    expect(problemsOf(green({ kubernetesVersion: '1.3' }))).toEqual([
      `region "green": kubernetesVersion is "1.3"; expected ${KUBERNETES_VERSION_RULE}`,
    ]);
    expect(problemsOf(green({ kubernetesVersion: 1.33 }))).toEqual([
      `region "green": kubernetesVersion is 1.33; expected ${KUBERNETES_VERSION_RULE}`,
    ]);
  });

  test('throws if the Kubernetes version is older than EKS supports', () => {
    expect(problemsOf(green({ kubernetesVersion: '1.28' }))).toEqual([
      'region "green": kubernetesVersion is "1.28"; expected a version EKS supports, from 1.29 to 1.35',
    ]);
  });

  test('throws if the Kubernetes version is newer than EKS supports', () => {
    expect(problemsOf(green({ kubernetesVersion: '1.36' }))).toEqual([
      'region "green": kubernetesVersion is "1.36"; expected a version EKS supports, from 1.29 to 1.35',
    ]);
  });
});

describe('resolveRegion validation of the network', () => {
  test('throws if the VPC CIDR is not a CIDR block', () => {
    expect(problemsOf(green({ vpcCidr: '10.10.0.0/33' }))).toEqual([
      'region "green": vpcCidr is "10.10.0.0/33"; expected an IPv4 CIDR block such as 10.0.0.0/16',
    ]);
  });

  test('throws if the VPC CIDR has host bits set', () => {
    expect(problemsOf(green({ vpcCidr: '10.10.0.1/16' }))).toEqual([
      'region "green": vpcCidr is "10.10.0.1/16"; expected a network address with no host bits set, such as 10.0.0.0/16',
    ]);
  });

  test('throws if the VPC is larger than /16', () => {
    expect(problemsOf(green({ vpcCidr: '10.0.0.0/8' }))).toEqual([
      `region "green": vpcCidr is "10.0.0.0/8"; expected ${DEFAULT_LAYOUT_VPC_RULE}`,
    ]);
  });

  test('throws if the VPC is too small for the default subnet layout', () => {
    expect(problemsOf(green({ vpcCidr: '10.10.0.0/21' }))).toEqual([
      `region "green": vpcCidr is "10.10.0.0/21"; expected ${DEFAULT_LAYOUT_VPC_RULE}`,
    ]);
  });

  test('throws if the VPC is larger than /16 with explicit subnets', () => {
    const subnets = {
      private: ['10.10.0.0/18', '10.10.64.0/18', '10.10.128.0/18'],
      public: ['10.10.192.0/20', '10.10.208.0/20', '10.10.224.0/20'],
    };
    expect(problemsOf(green({ vpcCidr: '10.10.0.0/15', subnets }))).toEqual([
      'region "green": vpcCidr is "10.10.0.0/15"; expected a prefix from /16 to /22 with explicit subnets',
    ]);
  });

  test('throws if the VPC is smaller than /22 with explicit subnets', () => {
    // Three private /24s and three public /28s cannot fit in a /23: two subnets fall outside.
    const subnets = {
      private: ['10.10.0.0/24', '10.10.2.0/24', '10.10.3.0/24'],
      public: ['10.10.1.0/28', '10.10.1.16/28', '10.10.1.32/28'],
    };
    // The subnets are not checked against a VPC that is refused: the VPC line says it all.
    expect(problemsOf(green({ vpcCidr: '10.10.0.0/23', subnets }))).toEqual([
      'region "green": vpcCidr is "10.10.0.0/23"; expected a prefix from /16 to /22 with explicit subnets',
    ]);
  });

  test('can configure explicit subnets in a /22 VPC', () => {
    const subnets = {
      private: ['10.10.0.0/24', '10.10.1.0/24', '10.10.2.0/24'],
      public: ['10.10.3.0/28', '10.10.3.16/28', '10.10.3.32/28'],
    };
    const resolved = resolveRegion('green', green({ vpcCidr: '10.10.0.0/22', subnets }));
    expect(resolved.subnets).toEqual(subnets);
  });

  test('throws if an explicit subnet is outside the VPC', () => {
    const subnets = {
      private: ['10.10.0.0/18', '10.10.64.0/18', '10.11.0.0/18'],
      public: ['10.10.192.0/20', '10.10.208.0/20', '10.10.224.0/20'],
    };
    expect(problemsOf(green({ subnets }))).toEqual([
      'region "green": subnets.private[2] is "10.11.0.0/18"; expected a range inside vpcCidr 10.10.0.0/16',
    ]);
  });

  test('throws if explicit subnets overlap', () => {
    const subnets = {
      private: ['10.10.0.0/18', '10.10.64.0/18', '10.10.128.0/18'],
      public: ['10.10.192.0/20', '10.10.100.0/24', '10.10.224.0/20'],
    };
    expect(problemsOf(green({ subnets }))).toEqual([
      'region "green": subnets.public[1] is "10.10.100.0/24"; expected a range that does not overlap subnets.private[1] 10.10.64.0/18',
    ]);
  });

  test('throws if explicit subnets are too small', () => {
    const subnets = {
      private: ['10.10.0.0/18', '10.10.64.0/18', '10.10.128.0/25'],
      public: ['10.10.192.0/20', '10.10.208.0/29', '10.10.224.0/20'],
    };
    expect(problemsOf(green({ subnets }))).toEqual([
      'region "green": subnets.private[2] is "10.10.128.0/25"; expected a private subnet of /24 or larger',
      'region "green": subnets.public[1] is "10.10.208.0/29"; expected a public subnet of /28 or larger',
    ]);
  });

  test('throws if an explicit subnet has host bits set', () => {
    const subnets = {
      private: ['10.10.0.1/18', '10.10.64.0/18', '10.10.128.0/18'],
      public: ['10.10.192.0/20', '10.10.208.0/20', '10.10.224.0/20'],
    };
    expect(problemsOf(green({ subnets }))).toEqual([
      'region "green": subnets.private[0] is "10.10.0.1/18"; expected a network address with no host bits set',
    ]);
  });

  test('throws if there are not three subnets of a tier', () => {
    const subnets = {
      private: ['10.10.0.0/18', '10.10.64.0/18'],
      public: ['10.10.192.0/20', '10.10.208.0/20', '10.10.224.0/20'],
    };
    expect(problemsOf(green({ subnets }))).toEqual([
      'region "green": subnets.private is ["10.10.0.0/18","10.10.64.0/18"]; expected a list of 3 IPv4 CIDR blocks, one per availability zone',
    ]);
  });

  test('throws if NAT gateways are neither one per zone nor single', () => {
    expect(problemsOf(green({ natGateways: 'two' }))).toEqual([
      'region "green": natGateways is "two"; expected "one-per-az" or "single"',
    ]);
  });
});

describe('resolveRegion validation of endpoint access', () => {
  test('throws if the endpoint is public without CIDR blocks', () => {
    expect(problemsOf(green({ endpointAccess: { public: true } }))).toEqual([
      'region "green": endpointAccess.publicCidrs is []; expected at least one CIDR block allowed to reach the public endpoint when endpointAccess.public is true',
    ]);
  });

  test('throws if the public endpoint is open to 0.0.0.0/0', () => {
    const endpointAccess = { public: true, publicCidrs: ['203.0.113.0/24', '0.0.0.0/0'] };
    expect(problemsOf(green({ endpointAccess }))).toEqual([
      `region "green": endpointAccess.publicCidrs[1] is "0.0.0.0/0"; expected ${PUBLIC_CIDR_WIDTH_RULE}`,
    ]);
  });

  test('throws if a public CIDR has host bits set', () => {
    const endpointAccess = { public: true, publicCidrs: ['203.0.113.5/24'] };
    expect(problemsOf(green({ endpointAccess }))).toEqual([
      `region "green": endpointAccess.publicCidrs[0] is "203.0.113.5/24"; expected ${PUBLIC_CIDR_ADDRESS_RULE}`,
    ]);
  });

  test('throws if a public CIDR is wider than /8, such as either half of the internet', () => {
    const endpointAccess = { public: true, publicCidrs: ['0.0.0.0/1', '128.0.0.0/1'] };
    expect(problemsOf(green({ endpointAccess }))).toEqual([
      `region "green": endpointAccess.publicCidrs[0] is "0.0.0.0/1"; expected ${PUBLIC_CIDR_WIDTH_RULE}`,
      `region "green": endpointAccess.publicCidrs[1] is "128.0.0.0/1"; expected ${PUBLIC_CIDR_WIDTH_RULE}`,
    ]);
  });

  test('accepts a public CIDR of exactly /8', () => {
    const endpointAccess = { public: true, publicCidrs: ['10.0.0.0/8'] };
    expect(resolveRegion('green', green({ endpointAccess })).endpointAccess).toEqual(
      endpointAccess,
    );
  });

  test('throws if a private-only endpoint lists CIDR blocks', () => {
    const endpointAccess = { public: false, publicCidrs: ['203.0.113.0/24'] };
    expect(problemsOf(green({ endpointAccess }))).toEqual([
      'region "green": endpointAccess.publicCidrs is ["203.0.113.0/24"]; expected no CIDR blocks when endpointAccess.public is false',
    ]);
  });

  test('throws if a public CIDR is not a CIDR block', () => {
    const endpointAccess = { public: true, publicCidrs: ['203.0.113.7'] };
    expect(problemsOf(green({ endpointAccess }))).toEqual([
      'region "green": endpointAccess.publicCidrs[0] is "203.0.113.7"; expected an IPv4 CIDR block such as 10.0.0.0/16',
    ]);
  });

  test('can configure a public endpoint for listed CIDR blocks', () => {
    const endpointAccess = { public: true, publicCidrs: ['203.0.113.0/24'] };
    expect(resolveRegion('green', green({ endpointAccess })).endpointAccess).toEqual(
      endpointAccess,
    );
  });
});

describe('resolveRegion validation of nodegroups', () => {
  test('throws if a MultiRegion lacks tenantUnit', () => {
    const input = green({
      kind: 'MultiRegion',
      nodegroups: { acceptor: GREEN.nodegroups.core, core: GREEN.nodegroups.core },
    });
    expect(problemsOf(input)).toEqual([
      'region "green": nodegroups is ["acceptor","core"]; expected a MultiRegion to have acceptor, core, tenantUnit (missing tenantUnit)',
    ]);
  });

  test('throws if there are no nodegroups', () => {
    expect(problemsOf(green({ nodegroups: {} }))).toEqual([
      'region "green": nodegroups is {}; expected at least one nodegroup',
    ]);
  });

  test('throws if a nodegroup name is not letters, digits and hyphens', () => {
    const input = green({ nodegroups: { tenant_unit: GREEN.nodegroups.core } });
    expect(problemsOf(input)).toEqual([
      'region "green": nodegroups has a nodegroup named "tenant_unit"; expected names of 1 to 16 letters, digits and hyphens, starting with a letter',
    ]);
  });

  test('throws if a label key is not a Kubernetes key', () => {
    expect(problemsOf(greenCore({ labels: { 'team name': 'sre' } }))).toEqual([
      `region "green": nodegroups.core.labels key is "team name"; expected ${LABEL_KEY_RULE}`,
    ]);
  });

  test('throws if a label value is not a Kubernetes label value', () => {
    expect(problemsOf(greenCore({ labels: { team: 'site reliability' } }))).toEqual([
      `region "green": nodegroups.core.labels.team is "site reliability"; expected ${LABEL_VALUE_RULE}`,
    ]);
  });

  test('accepts prefixed label keys and empty label values', () => {
    const labels = { 'example.com/team': 'sre', 'node.kubernetes.io/spare': '' };
    expect(resolveRegion('green', greenCore({ labels })).nodegroups.core.labels).toEqual(labels);
  });

  test('throws if a taint key is not a Kubernetes key', () => {
    const taints = [{ key: 'dedicated to', value: 'tenants', effect: 'NO_SCHEDULE' }];
    expect(problemsOf(greenCore({ taints }))).toEqual([
      `region "green": nodegroups.core.taints[0].key is "dedicated to"; expected ${LABEL_KEY_RULE}`,
    ]);
  });

  test('throws if a taint effect is not an EKS taint effect', () => {
    const taints = [{ key: 'dedicated', effect: 'NoSchedule' }];
    expect(problemsOf(greenCore({ taints }))).toEqual([
      'region "green": nodegroups.core.taints[0].effect is "NoSchedule"; expected one of NO_SCHEDULE, NO_EXECUTE, PREFER_NO_SCHEDULE',
    ]);
  });

  test('throws if a label key is longer than 82 characters, giving its length', () => {
    const key = keyOfLength(83);
    expect(problemsOf(greenCore({ labels: { [key]: 'x' } }))).toEqual([
      `region "green": nodegroups.core.labels key is 83 characters long; expected ${TEMPLATE_KEY_RULE}`,
    ]);
  });

  test('accepts a label key of exactly 82 characters', () => {
    const labels = { [keyOfLength(82)]: 'x' };
    expect(resolveRegion('green', greenCore({ labels })).nodegroups.core.labels).toEqual(labels);
  });

  test('throws if a taint key is longer than 82 characters, giving its length', () => {
    const taints = [{ key: keyOfLength(83), effect: 'NO_SCHEDULE' }];
    expect(problemsOf(greenCore({ taints }))).toEqual([
      `region "green": nodegroups.core.taints[0].key is 83 characters long; expected ${TEMPLATE_KEY_RULE}`,
    ]);
  });

  test('throws for the second of two taints with the same key, whatever their effects', () => {
    const taints = [
      { key: 'dedicated', value: 'tenants', effect: 'NO_SCHEDULE' },
      { key: 'spot', effect: 'NO_SCHEDULE' },
      { key: 'dedicated', value: 'ingest', effect: 'NO_EXECUTE' },
    ];
    expect(problemsOf(greenCore({ taints }))).toEqual([
      'region "green": nodegroups.core.taints[2].key is "dedicated"; expected a key no other taint of the nodegroup uses; the autoscaler\'s node template holds one taint per key',
    ]);
  });

  test('accepts label keys a.b and a-b on one nodegroup', () => {
    const labels = { 'a.b': 'dotted', 'a-b': 'hyphenated' };
    expect(resolveRegion('green', greenCore({ labels })).nodegroups.core.labels).toEqual(labels);
  });

  test('throws if a capacity type is not ON_DEMAND or SPOT', () => {
    expect(problemsOf(greenCore({ capacityType: 'spot' }))).toEqual([
      'region "green": nodegroups.core.capacityType is "spot"; expected ON_DEMAND or SPOT',
    ]);
  });
});

describe('resolveRegion validation of tags', () => {
  test('throws if a tag key starts with aws:, in any case', () => {
    expect(problemsOf(green({ tags: { 'aws:owner': 'sre', 'AWS:team': 'sre' } }))).toEqual([
      `region "green": tags key is "aws:owner" (9 characters); expected ${TAG_KEY_RULE}`,
      `region "green": tags key is "AWS:team" (8 characters); expected ${TAG_KEY_RULE}`,
    ]);
  });

  test('throws if a tag value has characters AWS refuses', () => {
    expect(problemsOf(green({ tags: { owner: 'sre#1' } }))).toEqual([
      `region "green": tags.owner is "sre#1" (5 characters); expected ${TAG_VALUE_RULE}`,
    ]);
  });

  test('throws if a nodegroup tag key or value is invalid', () => {
    expect(
      problemsOf(greenCore({ tags: { 'cost{centre}': 'x', owner: 'a'.repeat(257) } })),
    ).toEqual([
      `region "green": nodegroups.core.tags key is "cost{centre}" (12 characters); expected ${TAG_KEY_RULE}`,
      `region "green": nodegroups.core.tags.owner is "${'a'.repeat(257)}" (257 characters); expected ${TAG_VALUE_RULE}`,
    ]);
  });

  test('throws once, for the region only, if the region has more than 44 tags', () => {
    // Each nodegroup inherits the 45 tags too; that is the region's problem, reported once.
    expect(problemsOf(green({ tags: manyTags(45, 'region') }))).toEqual([
      `region "green": tags has 45 tags; expected ${TAG_COUNT_RULE}`,
    ]);
  });

  test("throws for the region only even if a nodegroup adds tags to the region's 45", () => {
    const input = green({
      tags: manyTags(45, 'region'),
      nodegroups: { core: { ...GREEN.nodegroups.core, tags: manyTags(3, 'nodegroup') } },
    });
    expect(problemsOf(input)).toEqual([
      `region "green": tags has 45 tags; expected ${TAG_COUNT_RULE}`,
    ]);
  });

  test('throws if a nodegroup has more than 44 tags of its own', () => {
    expect(problemsOf(greenCore({ tags: manyTags(45, 'nodegroup') }))).toEqual([
      `region "green": nodegroups.core.tags has 45 tags; expected ${TAG_COUNT_RULE}`,
    ]);
  });

  test("throws if a nodegroup's tags and the region's together exceed 44", () => {
    const input = green({
      tags: manyTags(5, 'region'),
      nodegroups: { core: { ...GREEN.nodegroups.core, tags: manyTags(40, 'nodegroup') } },
    });
    expect(problemsOf(input)).toEqual([
      `region "green": nodegroups.core.tags has 45 tags with the region's tags; expected ${TAG_COUNT_RULE}`,
    ]);
  });

  test('accepts 44 tags, counting once a key that a nodegroup shares with the region', () => {
    const tags = manyTags(44, 'region');
    const input = green({
      tags,
      nodegroups: { core: { ...GREEN.nodegroups.core, tags: { region0: 'nodegroup' } } },
    });
    const resolved = resolveRegion('green', input);
    expect(Object.keys(resolved.tags)).toHaveLength(44);
    expect(resolved.nodegroups.core.tags).toEqual({ region0: 'nodegroup' });
  });
});

describe('resolveRegion validation of add-ons', () => {
  const LADDER = { coresToReplicas: [[1, 2]], nodesToReplicas: [[1, 2]] };

  test('throws if external-dns is enabled without hosted zones', () => {
    expect(problemsOf(greenAddons({ externalDns: {} }))).toEqual([
      'region "green": addons.externalDns.hostedZoneIds is []; expected at least one Route 53 hosted zone id for external-dns to manage, an ingress.domain for the region\'s own zone, or addons.externalDns.enabled: false',
    ]);
  });

  test('accepts external-dns without zones when the region has its own, and marks its ingress nodes', () => {
    const resolved = resolveRegion(
      'green',
      green({
        addons: { externalDns: {}, instanaAgent: GREEN.addons.instanaAgent },
        ingress: { domain: 'green.fleet.example.com', nodegroup: 'core', taint: true },
      }),
    );
    expect(resolved.ingress).toEqual({
      domain: 'green.fleet.example.com',
      nodegroup: 'core',
      taint: true,
      allowedCidrs: ['0.0.0.0/0'],
      ports: [443],
      loadBalancerController: { enabled: true, values: {} },
    });
    expect(resolved.nodegroups.core.labels).toEqual({ 'eks-fleet/ingress': 'true' });
    expect(resolved.nodegroups.core.taints).toEqual([
      { key: 'eks-fleet/ingress', value: 'true', effect: 'NO_SCHEDULE' },
    ]);
  });

  test('labels the ingress nodes without a taint unless asked', () => {
    const resolved = resolveRegion(
      'green',
      green({ ingress: { domain: 'green.fleet.example.com', nodegroup: 'core' } }),
    );
    expect(resolved.nodegroups.core.labels).toEqual({ 'eks-fleet/ingress': 'true' });
    expect(resolved.nodegroups.core.taints).toEqual([]);
  });

  test('throws if the Instana agent is enabled without a backend host', () => {
    expect(problemsOf(greenAddons({ instanaAgent: {} }))).toEqual([
      'region "green": addons.instanaAgent.endpointHost is missing; expected the Instana backend\'s host name, such as ingress-red-saas.instana.io, or addons.instanaAgent.enabled: false',
    ]);
  });

  test('throws if cert-manager is enabled without hosted zones', () => {
    expect(problemsOf(greenAddons({ certManager: { enabled: true } }))).toEqual([
      'region "green": addons.certManager.hostedZoneIds is []; expected at least one Route 53 hosted zone id for DNS-01 challenges when cert-manager is enabled',
    ]);
  });

  test('throws if kube-dns-autoscaler sets both linear and ladder', () => {
    expect(problemsOf(greenAddons({ kubeDnsAutoscaler: { linear: {}, ladder: LADDER } }))).toEqual([
      'region "green": addons.kubeDnsAutoscaler sets both linear and ladder; expected exactly one of linear or ladder',
    ]);
  });

  test("throws if kube-dns-autoscaler's values set config", () => {
    const kubeDnsAutoscaler = { values: { config: { linear: { min: 1 } } } };
    expect(problemsOf(greenAddons({ kubeDnsAutoscaler }))).toEqual([
      'region "green": addons.kubeDnsAutoscaler.values.config is {"linear":{"min":1}}; expected no "config" in values; set addons.kubeDnsAutoscaler.linear or .ladder instead',
    ]);
  });

  test("throws if kube-dns-autoscaler's linear min is above its max", () => {
    const kubeDnsAutoscaler = { linear: { min: 5, max: 3 } };
    expect(problemsOf(greenAddons({ kubeDnsAutoscaler }))).toEqual([
      'region "green": addons.kubeDnsAutoscaler.linear.min is 5; expected at most max (3)',
    ]);
  });

  test('throws if a ladder has no steps', () => {
    const kubeDnsAutoscaler = { ladder: { ...LADDER, coresToReplicas: [] } };
    expect(problemsOf(greenAddons({ kubeDnsAutoscaler }))).toEqual([
      'region "green": addons.kubeDnsAutoscaler.ladder.coresToReplicas is []; expected a list of at least one step [threshold, replicas]',
    ]);
  });

  test('throws if a hosted zone id is not a Route 53 zone id', () => {
    const externalDns = { hostedZoneIds: ['z0green', 'Z0GREENEXAMPLE000001'] };
    expect(problemsOf(greenAddons({ externalDns }))).toEqual([
      'region "green": addons.externalDns.hostedZoneIds[0] is "z0green"; expected a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ',
    ]);
  });

  test('throws if a domain filter is not a lower-case DNS domain', () => {
    const externalDns = {
      hostedZoneIds: ['Z0GREENEXAMPLE000001'],
      domainFilters: ['Green.example.com', 'example'],
    };
    expect(problemsOf(greenAddons({ externalDns }))).toEqual([
      'region "green": addons.externalDns.domainFilters[0] is "Green.example.com"; expected a DNS domain such as pink.example.com',
      'region "green": addons.externalDns.domainFilters[1] is "example"; expected a DNS domain such as pink.example.com',
    ]);
  });

  test('throws if an external-dns hosted zone id is listed twice', () => {
    const externalDns = {
      hostedZoneIds: ['Z0GREENEXAMPLE000001', 'Z0GREENEXAMPLE000002', 'Z0GREENEXAMPLE000001'],
    };
    expect(problemsOf(greenAddons({ externalDns }))).toEqual([
      `region "green": addons.externalDns.hostedZoneIds[2] is "Z0GREENEXAMPLE000001"; expected ${REPEAT_RULE}`,
    ]);
  });

  test('throws if a cert-manager hosted zone id is listed twice', () => {
    const certManager = {
      enabled: true,
      hostedZoneIds: ['Z0GREENEXAMPLE000002', 'Z0GREENEXAMPLE000002'],
    };
    expect(problemsOf(greenAddons({ certManager }))).toEqual([
      `region "green": addons.certManager.hostedZoneIds[1] is "Z0GREENEXAMPLE000002"; expected ${REPEAT_RULE}`,
    ]);
  });

  test('accepts the same hosted zone id once for external-dns and once for cert-manager', () => {
    const addons = resolveRegion(
      'green',
      greenAddons({ certManager: { enabled: true, hostedZoneIds: ['Z0GREENEXAMPLE000001'] } }),
    ).addons;
    expect(addons.externalDns.hostedZoneIds).toEqual(['Z0GREENEXAMPLE000001']);
    expect(addons.certManager.hostedZoneIds).toEqual(['Z0GREENEXAMPLE000001']);
  });

  test('throws once for each repeat of an external-dns domain filter', () => {
    const externalDns = {
      hostedZoneIds: ['Z0GREENEXAMPLE000001'],
      domainFilters: ['green.example.com', 'green.example.com', 'green.example.com'],
    };
    expect(problemsOf(greenAddons({ externalDns }))).toEqual([
      `region "green": addons.externalDns.domainFilters[1] is "green.example.com"; expected ${REPEAT_RULE}`,
      `region "green": addons.externalDns.domainFilters[2] is "green.example.com"; expected ${REPEAT_RULE}`,
    ]);
  });

  test('throws if the Instana agent key is in values, saying only that it is set', () => {
    const instanaAgent = {
      endpointHost: 'ingress-red-saas.instana.io',
      values: { agent: { key: 'agent-key-sentinel-1b7e' } },
    };
    expect(problemsOf(greenAddons({ instanaAgent }))).toEqual([
      `region "green": addons.instanaAgent.values.agent.key is set; expected ${AGENT_SECRET_RULE}`,
    ]);
  });

  test('throws for both the agent key and the download key in values, printing neither', () => {
    const instanaAgent = {
      endpointHost: 'ingress-red-saas.instana.io',
      values: { agent: { key: 'agent-key-sentinel-1b7e', downloadKey: 'download-sentinel-4c2d' } },
    };
    expect(problemsOf(greenAddons({ instanaAgent }))).toEqual([
      `region "green": addons.instanaAgent.values.agent.key is set; expected ${AGENT_SECRET_RULE}`,
      `region "green": addons.instanaAgent.values.agent.downloadKey is set; expected ${AGENT_SECRET_RULE}`,
    ]);
  });

  test('throws if the Instana agent key is in values even with every add-on off', () => {
    const instanaAgent = { values: { agent: { key: 'agent-key-sentinel-1b7e' } } };
    expect(problemsOf(greenAddons({ enabled: false, instanaAgent }))).toEqual([
      `region "green": addons.instanaAgent.values.agent.key is set; expected ${AGENT_SECRET_RULE}`,
    ]);
  });

  test('accepts agent values that are not an object without a crash', () => {
    for (const agent of [null, 'x']) {
      const instanaAgent = { endpointHost: 'ingress-red-saas.instana.io', values: { agent } };
      expect(
        resolveRegion('green', greenAddons({ instanaAgent })).addons.instanaAgent.values,
      ).toEqual({ agent });
    }
  });

  test('accepts agent values other than key and downloadKey', () => {
    const instanaAgent = {
      endpointHost: 'ingress-red-saas.instana.io',
      values: { agent: { mode: 'APM' } },
    };
    expect(
      resolveRegion('green', greenAddons({ instanaAgent })).addons.instanaAgent.values,
    ).toEqual({ agent: { mode: 'APM' } });
  });

  test('throws if the external-dns policy is neither upsert-only nor sync', () => {
    const externalDns = { hostedZoneIds: ['Z0GREENEXAMPLE000001'], policy: 'create-only' };
    expect(problemsOf(greenAddons({ externalDns }))).toEqual([
      'region "green": addons.externalDns.policy is "create-only"; expected "upsert-only" or "sync"',
    ]);
  });

  test('throws if the cluster-autoscaler expander is unknown', () => {
    expect(problemsOf(greenAddons({ clusterAutoscaler: { expander: 'fastest' } }))).toEqual([
      'region "green": addons.clusterAutoscaler.expander is "fastest"; expected one of least-waste, most-pods, random, price, priority',
    ]);
  });

  test('throws if the Instana backend is not a host name or its port is out of range', () => {
    const instanaAgent = { endpointHost: 'https://ingress.example.com', endpointPort: 0 };
    expect(problemsOf(greenAddons({ instanaAgent }))).toEqual([
      'region "green": addons.instanaAgent.endpointHost is "https://ingress.example.com"; expected a host name such as ingress-red-saas.instana.io',
      'region "green": addons.instanaAgent.endpointPort is 0; expected an integer from 1 to 65535',
    ]);
  });

  test('throws if the Instana key secret is not a Kubernetes name', () => {
    const instanaAgent = { endpointHost: 'ingress.example.com', keySecret: 'Agent_Key' };
    expect(problemsOf(greenAddons({ instanaAgent }))).toEqual([
      'region "green": addons.instanaAgent.keySecret is "Agent_Key"; expected the name of an existing Kubernetes secret in the instana-agent namespace',
    ]);
  });

  test("throws if an add-on's values are not an object", () => {
    expect(problemsOf(greenAddons({ clusterAutoscaler: { values: [] } }))).toEqual([
      'region "green": addons.clusterAutoscaler.values is []; expected an object of Helm values',
    ]);
  });

  test('throws if an add-on name is unknown', () => {
    expect(problemsOf(greenAddons({ certmanager: { enabled: true } }))).toEqual([
      'region "green": addons.certmanager is not a known field; remove it or fix its spelling; the fields here are enabled, externalDns, clusterAutoscaler, kubeDnsAutoscaler, instanaAgent, certManager',
    ]);
  });

  test("throws if a nodegroup's addonPolicies grant DNS without any hosted zone", () => {
    const input = green({
      addons: { enabled: false },
      nodegroups: { core: { ...GREEN.nodegroups.core, addonPolicies: { externalDNS: true } } },
    });
    expect(problemsOf(input)).toEqual([
      'region "green": nodegroups.core.addonPolicies is {"autoScaler":false,"externalDNS":true,"certManager":false}; expected hosted zones to grant on: set ingress.domain, addons.externalDns.hostedZoneIds or addons.certManager.hostedZoneIds',
    ]);
  });

  test('throws if an addonPolicies field is unknown', () => {
    expect(problemsOf(greenCore({ addonPolicies: { ebs: true } }))).toEqual([
      'region "green": nodegroups.core.addonPolicies.ebs is not a known field; remove it or fix its spelling; the fields here are autoScaler, externalDNS, certManager',
    ]);
  });

  test('accepts a region without zones or Instana backend when add-ons are off', () => {
    const resolved = resolveRegion('green', green({ addons: { enabled: false } }));
    expect(resolved.addons.enabled).toBe(false);
    expect(resolved.addons.externalDns.hostedZoneIds).toEqual([]);
  });

  test('accepts a region without zones or Instana backend when those add-ons are off', () => {
    const addons = { externalDns: { enabled: false }, instanaAgent: { enabled: false } };
    const resolved = resolveRegion('green', green({ addons }));
    expect(resolved.addons.externalDns.enabled).toBe(false);
    expect(resolved.addons.instanaAgent.enabled).toBe(false);
  });

  test('defaults the kube-dns-autoscaler fields a linear mode leaves out', () => {
    const kubeDnsAutoscaler = { linear: { nodesPerReplica: 8 } };
    expect(
      resolveRegion('green', greenAddons({ kubeDnsAutoscaler })).addons.kubeDnsAutoscaler,
    ).toEqual({
      enabled: true,
      linear: {
        coresPerReplica: 256,
        nodesPerReplica: 8,
        min: 2,
        max: 100,
        preventSinglePointFailure: true,
      },
      values: {},
    });
  });

  test('can configure cert-manager, the sync policy and another expander', () => {
    const addons = resolveRegion(
      'green',
      greenAddons({
        externalDns: { hostedZoneIds: ['Z0GREENEXAMPLE000001'], policy: 'sync' },
        clusterAutoscaler: { expander: 'most-pods' },
        certManager: { enabled: true, hostedZoneIds: ['Z0GREENEXAMPLE000002'] },
      }),
    ).addons;
    expect(addons.externalDns.policy).toBe('sync');
    expect(addons.clusterAutoscaler.expander).toBe('most-pods');
    expect(addons.certManager).toEqual({
      enabled: true,
      hostedZoneIds: ['Z0GREENEXAMPLE000002'],
      values: {},
    });
  });
});

describe('regionZoneIds', () => {
  test("joins external-dns's and cert-manager's zones, each once", () => {
    const region = resolveRegion(
      'green',
      greenAddons({
        externalDns: { hostedZoneIds: ['Z0GREENEXAMPLE000001', 'Z0SHAREDEXAMPLE00002'] },
        certManager: {
          enabled: true,
          hostedZoneIds: ['Z0SHAREDEXAMPLE00002', 'Z0CERTSEXAMPLE000003'],
        },
      }),
    );
    expect(regionZoneIds(region)).toEqual([
      'Z0GREENEXAMPLE000001',
      'Z0SHAREDEXAMPLE00002',
      'Z0CERTSEXAMPLE000003',
    ]);
  });

  test('counts the zones of a disabled add-on too', () => {
    const region = resolveRegion(
      'green',
      greenAddons({ externalDns: { enabled: false, hostedZoneIds: ['Z0GREENEXAMPLE000001'] } }),
    );
    expect(regionZoneIds(region)).toEqual(['Z0GREENEXAMPLE000001']);
  });
});
