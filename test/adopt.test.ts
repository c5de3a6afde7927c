import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { buildFleet } from '../modules/fleet';
import type { Target } from '../modules/target';
import {
  ADOPTION_RULES,
  planAdoption,
  plannedCreates,
  type Inventory,
  type NetworkType,
  type PlannedCreate,
  type SecurityGroupRule,
  type TaggedResource,
} from '../scripts/lib/adopt';

const PINK_TAGS = { 'fleet:region': 'pink', 'managed-by': 'eks-fleet' };

/** An AWS account that holds exactly what a test says, and nothing else. */
function inventory(holds: {
  network?: Partial<Record<NetworkType, TaggedResource[]>>;
  routeTables?: Record<string, { destinations: string[]; subnets: string[] }>;
  kmsKeys?: TaggedResource[];
  names?: string[];
  launchTemplates?: Record<string, string>;
  rolePolicies?: Record<string, string[]>;
  attached?: Record<string, string[]>;
  oidcProviders?: { arn: string; url: string }[];
  nodegroups?: string[];
  accessEntries?: string[];
  accessPolicies?: Record<string, string[]>;
  securityGroupRules?: Record<string, SecurityGroupRule[]>;
  zones?: Record<string, string[]>;
  records?: string[];
  certificates?: Record<string, string[]>;
}): Inventory {
  const names = new Set(holds.names ?? []);
  return {
    network: async (type) => holds.network?.[type] ?? [],
    routeTable: async (id) => holds.routeTables?.[id],
    kmsKeys: async () => holds.kmsKeys ?? [],
    kmsAliasExists: async (name) => names.has(name),
    logGroupExists: async (name) => names.has(name),
    launchTemplateId: async (name) => holds.launchTemplates?.[name],
    iamRoleExists: async (name) => names.has(name),
    rolePolicyNames: async (role) => holds.rolePolicies?.[role] ?? [],
    attachedPolicyArns: async (role) => holds.attached?.[role] ?? [],
    oidcProviders: async () => holds.oidcProviders ?? [],
    eksClusterExists: async (name) => names.has(name),
    eksNodegroupExists: async (cluster, name) =>
      (holds.nodegroups ?? []).includes(`${cluster}:${name}`),
    eksAccessEntryExists: async (cluster, principal) =>
      (holds.accessEntries ?? []).includes(`${cluster}:${principal}`),
    eksAccessPolicyArns: async (cluster, principal) =>
      holds.accessPolicies?.[`${cluster}:${principal}`] ?? [],
    securityGroupRules: async (group) => holds.securityGroupRules?.[group] ?? [],
    hostedZoneIds: async (name) => holds.zones?.[name] ?? [],
    recordExists: async (zone, name, type) =>
      (holds.records ?? []).includes(`${zone}_${name}_${type}`),
    certificateArns: async (domain) => holds.certificates?.[domain] ?? [],
  };
}

function create(type: string, after: Record<string, unknown>, name = 'this'): PlannedCreate {
  return { address: `${type}.${name}`, type, after };
}

describe('planAdoption', () => {
  test('adopts a launch template that AWS holds under the planned name, by its id', async () => {
    const plan = await planAdoption(
      [create('aws_launch_template', { name: 'eks-pink-core' })],
      inventory({ launchTemplates: { 'eks-pink-core': 'lt-0123' } }),
    );
    expect(plan.adopt).toEqual([{ address: 'aws_launch_template.this', id: 'lt-0123' }]);
    expect(plan.ambiguous).toEqual([]);
  });

  test("adopts the region's own zone, certificate and delegation record by name", async () => {
    const plan = await planAdoption(
      [
        create('aws_route53_zone', { name: 'pink.fleet.example.com' }, 'zone'),
        create('aws_acm_certificate', { domain_name: 'pink.fleet.example.com' }, 'certificate'),
        create(
          'aws_route53_record',
          { zone_id: 'ZPARENT', name: 'pink.fleet.example.com', type: 'NS' },
          'delegation',
        ),
        create('aws_acm_certificate_validation', {}, 'validation'),
      ],
      inventory({
        zones: { 'pink.fleet.example.com': ['ZPINK'] },
        certificates: {
          'pink.fleet.example.com': ['arn:aws:acm:us-west-2:123456789012:certificate/1'],
        },
        records: ['ZPARENT_pink.fleet.example.com_NS', 'ZPARENT_teal.fleet.example.com_NS'],
      }),
    );
    expect(plan.adopt).toEqual([
      { address: 'aws_route53_zone.zone', id: 'ZPINK' },
      {
        address: 'aws_acm_certificate.certificate',
        id: 'arn:aws:acm:us-west-2:123456789012:certificate/1',
      },
      { address: 'aws_route53_record.delegation', id: 'ZPARENT_pink.fleet.example.com_NS' },
    ]);
    expect(plan.unchecked).toEqual([
      {
        address: 'aws_acm_certificate_validation.validation',
        why: 'it makes nothing in AWS; it waits for the certificate to be issued',
      },
    ]);
  });

  test('names both when two certificates of the region match one planned', async () => {
    const plan = await planAdoption(
      [create('aws_acm_certificate', { domain_name: 'pink.fleet.example.com' })],
      inventory({ certificates: { 'pink.fleet.example.com': ['arn:1', 'arn:2'] } }),
    );
    expect(plan.adopt).toEqual([]);
    expect(plan.ambiguous).toEqual([
      { address: 'aws_acm_certificate.this', ids: ['arn:1', 'arn:2'] },
    ]);
  });

  test('adopts a security group rule only where direction, ports and peer all match', async () => {
    const rules: SecurityGroupRule[] = [
      {
        id: 'sgr-in-443',
        egress: false,
        protocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrIpv4: '0.0.0.0/0',
      },
      {
        id: 'sgr-in-80',
        egress: false,
        protocol: 'tcp',
        fromPort: 80,
        toPort: 80,
        cidrIpv4: '0.0.0.0/0',
      },
      {
        id: 'sgr-out-nodes',
        egress: true,
        protocol: 'tcp',
        fromPort: 30000,
        toPort: 32767,
        referencedGroupId: 'sg-nodes',
      },
    ];
    const plan = await planAdoption(
      [
        create(
          'aws_vpc_security_group_ingress_rule',
          {
            security_group_id: 'sg-lb',
            ip_protocol: 'tcp',
            from_port: 443,
            to_port: 443,
            cidr_ipv4: '0.0.0.0/0',
          },
          'clients',
        ),
        create(
          'aws_vpc_security_group_egress_rule',
          {
            security_group_id: 'sg-lb',
            ip_protocol: 'tcp',
            from_port: 30000,
            to_port: 32767,
            referenced_security_group_id: 'sg-nodes',
          },
          'to-nodes',
        ),
        create(
          'aws_vpc_security_group_ingress_rule',
          {
            security_group_id: 'sg-lb',
            ip_protocol: 'tcp',
            from_port: 8443,
            to_port: 8443,
            cidr_ipv4: '0.0.0.0/0',
          },
          'not-made',
        ),
      ],
      inventory({ securityGroupRules: { 'sg-lb': rules } }),
    );
    expect(plan.adopt).toEqual([
      { address: 'aws_vpc_security_group_ingress_rule.clients', id: 'sgr-in-443' },
      { address: 'aws_vpc_security_group_egress_rule.to-nodes', id: 'sgr-out-nodes' },
    ]);
  });

  test("adopts a security group by its name and the region's tags", async () => {
    const tags = { Name: 'eks-pink-load-balancers', ...PINK_TAGS };
    const plan = await planAdoption(
      [create('aws_security_group', { name: 'eks-pink-load-balancers', tags_all: tags })],
      inventory({
        network: {
          'security-group': [
            { id: 'sg-1', tags, attributes: { name: 'eks-pink-load-balancers' } },
            {
              id: 'sg-2',
              tags: { ...tags, Name: 'eks-pink-ingress-nodes' },
              attributes: { name: 'eks-pink-ingress-nodes' },
            },
          ],
        },
      }),
    );
    expect(plan.adopt).toEqual([{ address: 'aws_security_group.this', id: 'sg-1' }]);
  });

  test('adopts nothing when AWS holds nothing the plan would duplicate', async () => {
    const plan = await planAdoption(
      [
        create('aws_launch_template', { name: 'eks-pink-core' }),
        create('aws_iam_role', { name: 'eks-pink-us-west-2-cluster' }),
        create('aws_vpc', { cidr_block: '10.10.0.0/16', tags_all: { Name: 'pink', ...PINK_TAGS } }),
      ],
      inventory({ names: ['eks-teal-us-west-2-cluster'] }),
    );
    expect(plan).toEqual({ adopt: [], ambiguous: [], unchecked: [] });
  });

  test('matches a network resource only on every planned tag and identifying attribute', async () => {
    const planned = { cidr_block: '10.10.0.0/18', availability_zone: 'us-west-2a' };
    const tags = { Name: 'pink-private-us-west-2a', ...PINK_TAGS };
    const subnets: TaggedResource[] = [
      {
        id: 'subnet-other-zone',
        tags,
        attributes: { ...planned, availability_zone: 'us-west-2b' },
      },
      { id: 'subnet-other-name', tags: { ...tags, Name: 'pink-public' }, attributes: planned },
      {
        id: 'subnet-no-managed-by',
        tags: { Name: tags.Name, 'fleet:region': 'pink' },
        attributes: planned,
      },
      { id: 'subnet-orphan', tags: { ...tags, extra: 'x' }, attributes: planned },
    ];
    const plan = await planAdoption(
      [create('aws_subnet', { ...planned, tags: { Name: tags.Name }, tags_all: tags })],
      inventory({ network: { subnet: subnets } }),
    );
    expect(plan.adopt).toEqual([{ address: 'aws_subnet.this', id: 'subnet-orphan' }]);
  });

  test('leaves it to a person when two existing resources match one planned resource', async () => {
    const tags = { Name: 'pink', ...PINK_TAGS };
    const plan = await planAdoption(
      [create('aws_vpc', { cidr_block: '10.10.0.0/16', tags_all: tags }, 'network_vpc')],
      inventory({
        network: {
          vpc: [
            { id: 'vpc-1', tags, attributes: { cidr_block: '10.10.0.0/16' } },
            { id: 'vpc-2', tags, attributes: { cidr_block: '10.10.0.0/16' } },
          ],
        },
      }),
    );
    expect(plan.adopt).toEqual([]);
    expect(plan.ambiguous).toEqual([{ address: 'aws_vpc.network_vpc', ids: ['vpc-1', 'vpc-2'] }]);
  });

  test('never matches by tags when the planned resource has none', async () => {
    const plan = await planAdoption(
      [create('aws_eip', {}), create('aws_kms_key', {})],
      inventory({
        network: { eip: [{ id: 'eipalloc-1', tags: PINK_TAGS }] },
        kmsKeys: [{ id: 'key-1', tags: PINK_TAGS }],
      }),
    );
    expect(plan.adopt).toEqual([]);
  });

  test('skips a resource whose identity is not known until its parent exists', async () => {
    // A route to a table still to be created cannot exist yet.
    const plan = await planAdoption(
      [create('aws_route', { destination_cidr_block: '0.0.0.0/0' })],
      inventory({ routeTables: { 'rtb-1': { destinations: ['0.0.0.0/0'], subnets: [] } } }),
    );
    expect(plan.adopt).toEqual([]);
  });

  test('gives each type the import id Terraform expects for it', async () => {
    const principal = 'arn:aws:iam::123456789012:role/admin';
    const policy = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy';
    const ecr = 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly';
    const issuer = 'oidc.eks.us-west-2.amazonaws.com/id/ABC';
    const tags = { Name: 'pink', ...PINK_TAGS };
    const plan = await planAdoption(
      [
        create('aws_route', { route_table_id: 'rtb-1', destination_cidr_block: '0.0.0.0/0' }),
        create('aws_route_table_association', { route_table_id: 'rtb-1', subnet_id: 'subnet-1' }),
        create('aws_kms_key', { tags_all: tags }),
        create('aws_kms_alias', { name: 'alias/eks/pink/secrets' }),
        create('aws_cloudwatch_log_group', { name: '/aws/eks/eks-pink/cluster' }),
        create('aws_iam_role', { name: 'eks-pink-us-west-2-core' }),
        create('aws_iam_role_policy', { role: 'eks-pink-us-west-2-core', name: 'addon-policies' }),
        create('aws_iam_role_policy_attachment', {
          role: 'eks-pink-us-west-2-core',
          policy_arn: ecr,
        }),
        create('aws_iam_openid_connect_provider', { url: `https://${issuer}` }),
        create('aws_eks_cluster', { name: 'eks-pink' }),
        create('aws_eks_node_group', { cluster_name: 'eks-pink', node_group_name: 'core' }),
        create('aws_eks_access_entry', { cluster_name: 'eks-pink', principal_arn: principal }),
        create('aws_eks_access_policy_association', {
          cluster_name: 'eks-pink',
          principal_arn: principal,
          policy_arn: policy,
        }),
        create('aws_internet_gateway', { tags_all: tags }),
        create('aws_nat_gateway', { tags_all: tags }),
        create('aws_route_table', { tags_all: tags }),
      ],
      inventory({
        routeTables: { 'rtb-1': { destinations: ['0.0.0.0/0'], subnets: ['subnet-1'] } },
        kmsKeys: [{ id: '1234abcd-key', tags }],
        names: [
          'alias/eks/pink/secrets',
          '/aws/eks/eks-pink/cluster',
          'eks-pink-us-west-2-core',
          'eks-pink',
        ],
        rolePolicies: { 'eks-pink-us-west-2-core': ['addon-policies'] },
        attached: { 'eks-pink-us-west-2-core': [ecr] },
        oidcProviders: [{ arn: 'arn:aws:iam::123456789012:oidc-provider/x', url: issuer }],
        nodegroups: ['eks-pink:core'],
        accessEntries: [`eks-pink:${principal}`],
        accessPolicies: { [`eks-pink:${principal}`]: [policy] },
        network: {
          'internet-gateway': [{ id: 'igw-1', tags }],
          'nat-gateway': [{ id: 'nat-1', tags }],
          'route-table': [{ id: 'rtb-2', tags }],
        },
      }),
    );
    expect(Object.fromEntries(plan.adopt.map(({ address, id }) => [address, id]))).toEqual({
      'aws_route.this': 'rtb-1_0.0.0.0/0',
      'aws_route_table_association.this': 'subnet-1/rtb-1',
      'aws_kms_key.this': '1234abcd-key',
      'aws_kms_alias.this': 'alias/eks/pink/secrets',
      'aws_cloudwatch_log_group.this': '/aws/eks/eks-pink/cluster',
      'aws_iam_role.this': 'eks-pink-us-west-2-core',
      'aws_iam_role_policy.this': 'eks-pink-us-west-2-core:addon-policies',
      'aws_iam_role_policy_attachment.this': `eks-pink-us-west-2-core/${ecr}`,
      'aws_iam_openid_connect_provider.this': 'arn:aws:iam::123456789012:oidc-provider/x',
      'aws_eks_cluster.this': 'eks-pink',
      'aws_eks_node_group.this': 'eks-pink:core',
      'aws_eks_access_entry.this': `eks-pink:${principal}`,
      'aws_eks_access_policy_association.this': `eks-pink#${principal}#${policy}`,
      'aws_internet_gateway.this': 'igw-1',
      'aws_nat_gateway.this': 'nat-1',
      'aws_route_table.this': 'rtb-2',
    });
  });

  test('says why in-cluster resources are not looked up', async () => {
    const plan = await planAdoption(
      [create('helm_release', { name: 'external-dns' }, 'services_external-dns')],
      inventory({}),
    );
    expect(plan.unchecked).toEqual([
      {
        address: 'helm_release.services_external-dns',
        why: 'it lives in the Kubernetes cluster, not in AWS: if the apply says it already exists, import it with `terraform import`',
      },
    ]);
  });

  test('throws if a planned type has no adoption rule', async () => {
    await expect(
      planAdoption([create('aws_s3_bucket', { bucket: 'b' })], inventory({})),
    ).rejects.toThrow(
      new Error(
        'no adoption rule for aws_s3_bucket; add one to ADOPTION_RULES in scripts/lib/adopt.ts',
      ),
    );
  });
});

describe('plannedCreates', () => {
  test('keeps pure creates of managed resources, not replacements, updates or data reads', () => {
    const creates = plannedCreates({
      resource_changes: [
        {
          address: 'aws_vpc.a',
          type: 'aws_vpc',
          mode: 'managed',
          change: { actions: ['create'], after: { x: 1 } },
        },
        {
          address: 'aws_vpc.b',
          type: 'aws_vpc',
          mode: 'managed',
          change: { actions: ['delete', 'create'] },
        },
        { address: 'aws_vpc.c', type: 'aws_vpc', mode: 'managed', change: { actions: ['update'] } },
        {
          address: 'data.aws_partition.p',
          type: 'aws_partition',
          mode: 'data',
          change: { actions: ['create'] },
        },
      ],
    });
    expect(creates).toEqual([{ address: 'aws_vpc.a', type: 'aws_vpc', after: { x: 1 } }]);
  });
});

describe('ADOPTION_RULES', () => {
  function synthesizedTypes(target: Target): string[] {
    const outdir = mkdtempSync(join(tmpdir(), 'adopt-types-'));
    const { app } = buildFleet({
      regionsDir: join(__dirname, '..', 'regions'),
      target,
      app: new App({ outdir }),
    });
    app.synth();
    return readdirSync(join(outdir, 'stacks'))
      .filter((stack) => stack !== 'fleet-state')
      .flatMap((stack) => {
        const json = JSON.parse(
          readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'),
        ) as { resource?: Record<string, unknown> };
        return Object.keys(json.resource ?? {});
      });
  }

  test('has a rule for every resource type a region stack creates, on either target', () => {
    const types = new Set([
      ...synthesizedTypes({ kind: 'aws', stateBucket: 'b', stateRegion: 'us-west-2' }),
      ...synthesizedTypes({
        kind: 'local',
        emulatorUrl: 'http://127.0.0.1:4599',
        stateBucket: 'b',
        stateRegion: 'us-west-2',
      }),
    ]);
    expect(types.size).toBeGreaterThan(20);
    expect([...types].filter((type) => !(type in ADOPTION_RULES))).toEqual([]);
  });
});
