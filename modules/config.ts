/**
 * The region schema: what a file in `regions/` may say, the defaults it gets, and every rule a
 * region must pass before any stack is built.
 */
import { z } from 'zod';
import { AWS_REGIONS } from './aws-regions';
import { contains, formatCidr, overlaps, parseCidr, subnet, type Cidr } from './cidr';
import { familyTypes, INSTANCE_FAMILIES, INSTANCE_TYPES, isArm } from './instance-types';

/** Kubernetes minor versions EKS offers (standard and extended support) that we accept. */
export const KUBERNETES_VERSIONS = { oldest: 29, newest: 35 } as const;

/** Values CloudWatch Logs accepts for `retention_in_days`. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

/** A VPC prefix that leaves room for the default layout: private subnets of /prefix+2 need >= /22. */
export const VPC_PREFIX = { min: 16, max: 20 } as const;

/** The VPC CNI gives every pod an address from its node's subnet: keep private subnets >= /24. */
export const MAX_PRIVATE_SUBNET_PREFIX = 24;

/** Load balancers need 8 free addresses per subnet; /28 is also the smallest subnet AWS allows. */
export const MAX_PUBLIC_SUBNET_PREFIX = 28;

/**
 * The autoscaler's node-template tag keys are `k8s.io/cluster-autoscaler/node-template/label/`
 * (46 characters) plus the label or taint key, and AWS tag keys stop at 128.
 */
const MAX_TEMPLATE_KEY_LENGTH = 128 - 'k8s.io/cluster-autoscaler/node-template/label/'.length;
const TEMPLATE_KEY_RULE = `a key of at most ${MAX_TEMPLATE_KEY_LENGTH} characters, so that the autoscaler's node-template tag stays within AWS's 128`;

/** EKS accepts at most 50 taints per nodegroup. */
const MAX_TAINTS = 50;

/**
 * AWS allows 50 tags per resource; the fleet adds up to 6 of its own (3 default tags, `Name`,
 * 2 Kubernetes subnet tags), so a region's and a nodegroup's tags together get the rest.
 */
export const MAX_USER_TAGS = 44;

/** The widest range that may reach a public API endpoint: wider is the internet, near enough. */
export const MIN_PUBLIC_ACCESS_PREFIX = 8;

const expected = (text: string) => ({ error: text });

function integer(min: number, max: number) {
  const e = expected(`an integer from ${min} to ${max}`);
  return z.int(e).min(min, e).max(max, e);
}

function text(pattern: RegExp, description: string) {
  const e = expected(description);
  return z.string(e).regex(pattern, e);
}

/** A string-to-string map, such as labels or tags; `noun` names one value, like "tag value". */
const stringMap = (noun: string) =>
  z.record(z.string(), z.string(expected(`a string (${noun})`)), expected(`an object of ${noun}s`));

const ipv4Cidr = z.cidrv4(expected('an IPv4 CIDR block such as 10.0.0.0/16'));

const threeCidrs = z
  .array(ipv4Cidr, expected('a list of 3 IPv4 CIDR blocks, one per availability zone'))
  .length(3, expected('a list of 3 IPv4 CIDR blocks, one per availability zone'));

const flag = (fallback: boolean) => z.boolean(expected('true or false')).default(fallback);

/** Helm values a region file may add to, or override in, an add-on's own. */
const helmValues = z
  .record(z.string(), z.unknown(), expected('an object of Helm values'))
  .default({});

const hostedZoneIds = z
  .array(
    text(/^Z[A-Z0-9]{1,31}$/, 'a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ'),
    expected('a list of Route 53 hosted zone ids'),
  )
  .default([]);

/**
 * CoreDNS scaling by default: a replica per 256 cores or 16 nodes, whichever asks for more, and
 * at least 2 so that DNS survives the loss of a node (the Kubernetes DNS autoscaling guide's
 * figures).
 */
export const KUBE_DNS_LINEAR = {
  coresPerReplica: 256,
  nodesPerReplica: 16,
  min: 2,
  max: 100,
  preventSinglePointFailure: true,
} as const;

/** Steps of cluster-proportional-autoscaler's ladder mode: [cores or nodes, replicas]. */
const ladderSteps = z
  .array(
    z.tuple([integer(0, 1_000_000), integer(1, 10_000)], expected('a step [threshold, replicas]')),
    expected('a list of steps [threshold, replicas]'),
  )
  .min(1, expected('a list of at least one step [threshold, replicas]'));

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** The node-level add-on permissions eksctl calls `iam.withAddonPolicies`. */
const addonPoliciesSchema = z
  .strictObject(
    { autoScaler: flag(false), externalDNS: flag(false), certManager: flag(false) },
    expected('{ autoScaler?, externalDNS?, certManager? }'),
  )
  .prefault({});

const addonsSchema = z
  .strictObject(
    {
      enabled: flag(true),
      externalDns: z
        .strictObject(
          {
            enabled: flag(true),
            hostedZoneIds,
            domainFilters: z
              .array(
                text(DOMAIN, 'a DNS domain such as pink.example.com'),
                expected('a list of DNS domains'),
              )
              .default([]),
            policy: z
              .enum(['upsert-only', 'sync'], expected('"upsert-only" or "sync"'))
              .default('upsert-only'),
            values: helmValues,
          },
          expected('{ enabled?, hostedZoneIds, domainFilters?, policy?, values? }'),
        )
        .prefault({}),
      clusterAutoscaler: z
        .strictObject(
          {
            enabled: flag(true),
            expander: z
              .enum(
                ['least-waste', 'most-pods', 'random', 'price', 'priority'],
                expected('one of least-waste, most-pods, random, price, priority'),
              )
              .default('least-waste'),
            values: helmValues,
          },
          expected('{ enabled?, expander?, values? }'),
        )
        .prefault({}),
      kubeDnsAutoscaler: z
        .strictObject(
          {
            enabled: flag(true),
            linear: z
              .strictObject(
                {
                  coresPerReplica: integer(1, 100_000).default(KUBE_DNS_LINEAR.coresPerReplica),
                  nodesPerReplica: integer(1, 10_000).default(KUBE_DNS_LINEAR.nodesPerReplica),
                  min: integer(1, 1000).default(KUBE_DNS_LINEAR.min),
                  max: integer(1, 10_000).default(KUBE_DNS_LINEAR.max),
                  preventSinglePointFailure: flag(KUBE_DNS_LINEAR.preventSinglePointFailure),
                },
                expected(
                  '{ coresPerReplica?, nodesPerReplica?, min?, max?, preventSinglePointFailure? }',
                ),
              )
              .optional(),
            ladder: z
              .strictObject(
                {
                  coresToReplicas: ladderSteps,
                  nodesToReplicas: ladderSteps,
                },
                expected('{ coresToReplicas, nodesToReplicas }'),
              )
              .optional(),
            values: helmValues,
          },
          expected('{ enabled?, linear? or ladder?, values? }'),
        )
        .prefault({}),
      instanaAgent: z
        .strictObject(
          {
            enabled: flag(true),
            endpointHost: text(
              DOMAIN,
              'a host name such as ingress-red-saas.instana.io',
            ).optional(),
            endpointPort: integer(1, 65535).default(443),
            keySecret: text(
              /^[a-z0-9]([-a-z0-9]{0,251}[a-z0-9])?$/,
              'the name of an existing Kubernetes secret in the instana-agent namespace',
            ).optional(),
            values: helmValues,
          },
          expected('{ enabled?, endpointHost, endpointPort?, keySecret?, values? }'),
        )
        .prefault({}),
      certManager: z
        .strictObject(
          { enabled: flag(false), hostedZoneIds, values: helmValues },
          expected('{ enabled?, hostedZoneIds?, values? }'),
        )
        .prefault({}),
    },
    expected('an object of add-ons'),
  )
  .prefault({});

/** The label, and with `ingress.taint` the taint, that mark the nodes load balancers send to. */
export const INGRESS_NODE_KEY = 'eks-fleet/ingress';

/**
 * Ingress: the region's own DNS zone and certificate, the load balancer controller, and the
 * nodegroup that load balancers reach. Left out, the region has none of them.
 */
const ingressSchema = z.strictObject(
  {
    domain: text(DOMAIN, "the region's DNS domain, such as pink.fleet.example.com"),
    parentZone: text(
      DOMAIN,
      'the name of a public Route 53 zone in the same account, such as fleet.example.com',
    ).optional(),
    nodegroup: z
      .string(expected('the name of the nodegroup load balancers send to'))
      .default('acceptor'),
    taint: flag(false),
    allowedCidrs: z
      .array(ipv4Cidr, expected('a list of IPv4 CIDR blocks'))
      .min(1, expected('a list of at least one IPv4 CIDR block'))
      .default(['0.0.0.0/0']),
    ports: z
      .array(integer(1, 65535), expected('a list of TCP ports'))
      .min(1, expected('a list of at least one TCP port'))
      .default([443]),
    loadBalancerController: z
      .strictObject({ enabled: flag(true), values: helmValues }, expected('{ enabled?, values? }'))
      .prefault({}),
  },
  expected(
    '{ domain, parentZone?, nodegroup?, taint?, allowedCidrs?, ports?, loadBalancerController? }',
  ),
);

const taintSchema = z.strictObject(
  {
    key: z.string(expected('a Kubernetes taint key')),
    value: z.string(expected('a Kubernetes taint value')).optional(),
    effect: z.enum(
      ['NO_SCHEDULE', 'NO_EXECUTE', 'PREFER_NO_SCHEDULE'],
      expected('one of NO_SCHEDULE, NO_EXECUTE, PREFER_NO_SCHEDULE'),
    ),
  },
  expected('a taint: { key, value?, effect }'),
);

const nodegroupSchema = z.strictObject(
  {
    instanceTypes: z
      .array(
        text(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, 'an EC2 instance type such as r5.4xlarge'),
        expected('a list of EC2 instance types'),
      )
      .min(1, expected('a list of 1 to 20 EC2 instance types'))
      .max(20, expected('a list of 1 to 20 EC2 instance types')),
    capacityType: z.enum(['ON_DEMAND', 'SPOT'], expected('ON_DEMAND or SPOT')).default('ON_DEMAND'),
    minSize: integer(0, 1000),
    maxSize: integer(1, 1000),
    desiredSize: integer(0, 1000).optional(),
    diskSize: integer(20, 16384).default(100),
    labels: stringMap('Kubernetes label value').default({}),
    taints: z.array(taintSchema, expected('a list of taints')).default([]),
    tags: stringMap('AWS tag value').default({}),
    maxUnavailablePercentage: integer(1, 100).default(33),
    // Note: only Amazon Linux 2023 is offered because the launch template sizes and encrypts
    // /dev/xvda, its root device; Bottlerocket keeps its data on another device.
    addonPolicies: addonPoliciesSchema,
    amiType: z
      .enum(
        ['AL2023_x86_64_STANDARD', 'AL2023_ARM_64_STANDARD'],
        expected('AL2023_x86_64_STANDARD or AL2023_ARM_64_STANDARD'),
      )
      .default('AL2023_x86_64_STANDARD'),
  },
  expected('a nodegroup object'),
);

const regionSchema = z.strictObject(
  {
    colour: text(
      /^[a-z](?:[a-z0-9-]{0,14}[a-z0-9])?$/,
      'a lower-case name of 1 to 16 letters, digits and hyphens, starting with a letter',
    ),
    kind: z.enum(['GlobalRegion', 'MultiRegion'], expected('GlobalRegion or MultiRegion')),
    awsRegion: z.string(expected('an AWS region such as us-west-2')),
    vpcCidr: ipv4Cidr,
    availabilityZones: z
      .array(
        z.string(expected('an availability zone name')),
        expected('a list of 3 availability zones'),
      )
      .length(3, expected('a list of 3 availability zones')),
    kubernetesVersion: text(
      /^1\.\d{2}$/,
      'a string naming a Kubernetes minor version, such as "1.33"',
    ),
    endpointAccess: z
      .strictObject(
        {
          public: z.boolean(expected('true or false')),
          publicCidrs: z.array(ipv4Cidr, expected('a list of IPv4 CIDR blocks')).default([]),
        },
        expected('{ public, publicCidrs? }'),
      )
      .default({ public: false, publicCidrs: [] }),
    natGateways: z
      .enum(['one-per-az', 'single'], expected('"one-per-az" or "single"'))
      .default('one-per-az'),
    subnets: z
      .strictObject({ public: threeCidrs, private: threeCidrs }, expected('{ public, private }'))
      .optional(),
    nodegroups: z.record(z.string(), nodegroupSchema, expected('an object of nodegroups by name')),
    tags: stringMap('AWS tag value').default({}),
    addons: addonsSchema,
    ingress: ingressSchema.optional(),
    adminRoleArn: text(
      /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/,
      'an IAM role ARN such as arn:aws:iam::123456789012:role/platform-admin',
    ).optional(),
    logRetentionDays: z
      .union(
        LOG_RETENTION_DAYS.map((days) => z.literal(days)),
        expected(`one of ${LOG_RETENTION_DAYS.join(', ')}`),
      )
      .default(90),
    kmsKeyDeletionWindowInDays: integer(7, 30).default(30),
  },
  expected('a region object'),
);

/** What a file in `regions/` writes: every field with a default may be left out. */
export type RegionInput = z.input<typeof regionSchema>;

export type NodegroupInput = z.input<typeof nodegroupSchema>;

export type NodegroupConfig = z.output<typeof nodegroupSchema> & {
  /** The nodegroup's size when first created; the autoscaler owns it after that. */
  readonly desiredSize: number;
};

/** A region after defaults and validation: what the constructs build from. */
export type RegionConfig = Omit<z.output<typeof regionSchema>, 'nodegroups' | 'subnets'> & {
  readonly nodegroups: Readonly<Record<string, NodegroupConfig>>;
  /** Subnet ranges, one per availability zone, in the order of `availabilityZones`. */
  readonly subnets: { readonly public: string[]; readonly private: string[] };
  /** The EKS cluster's name, unique in an account and AWS region because colours are unique. */
  readonly clusterName: string;
};

/** Raised when one or more regions are invalid; `problems` holds one line each. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid region configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** The nodegroups every MultiRegion runs, after the seed: ingress, shared work, tenant units. */
export const MULTI_REGION_NODEGROUPS = ['acceptor', 'core', 'tenantUnit'] as const;

/** The Route 53 zones a region's DNS add-ons and node-level DNS permissions may change. */
export function regionZoneIds(region: Pick<RegionConfig, 'addons'>): string[] {
  const { externalDns, certManager } = region.addons;
  return [...new Set([...externalDns.hostedZoneIds, ...certManager.hostedZoneIds])];
}

/** Validates one region's input and resolves its defaults, or throws a ConfigError. */
export function resolveRegion(name: string, input: unknown): RegionConfig {
  const parsed = regionSchema.safeParse(input);
  if (!parsed.success) {
    // A value can break two checks with one expectation (a string for a list: type and length).
    const lines = parsed.error.issues.flatMap((issue) => describeIssue(name, input, issue));
    throw new ConfigError([...new Set(lines)]);
  }
  const problems = checkRules(name, parsed.data);
  if (problems.length > 0) throw new ConfigError(problems);

  const data = parsed.data;
  const nodegroups = Object.fromEntries(
    Object.entries(data.nodegroups).map(([ngName, ng]) => [
      ngName,
      {
        ...(ngName === data.ingress?.nodegroup ? markIngressNodes(ng, data.ingress.taint) : ng),
        desiredSize: ng.desiredSize ?? ng.minSize,
      },
    ]),
  );
  return {
    ...data,
    nodegroups,
    subnets: data.subnets ?? defaultSubnets(data.vpcCidr),
    clusterName: `eks-${data.colour}`,
  };
}

/** The ingress nodegroup's label and, when asked for, its taint: ingress workloads only. */
function markIngressNodes<T extends Pick<NodegroupConfig, 'labels' | 'taints'>>(
  ng: T,
  taint: boolean,
): T {
  return {
    ...ng,
    labels: { ...ng.labels, [INGRESS_NODE_KEY]: 'true' },
    taints: taint
      ? [...ng.taints, { key: INGRESS_NODE_KEY, value: 'true', effect: 'NO_SCHEDULE' as const }]
      : ng.taints,
  };
}

/**
 * The default layout: three private subnets take the first three quarters of the VPC (nodes and
 * pods need the addresses), three public subnets share the last quarter (load balancers, NAT).
 */
export function defaultSubnets(vpcCidr: string): { public: string[]; private: string[] } {
  const vpc = parseCidr(vpcCidr);
  if (!vpc) throw new RangeError(`not an IPv4 CIDR block: ${vpcCidr}`);
  const azs = [0, 1, 2];
  return {
    private: azs.map((i) => formatCidr(subnet(vpc, 2, i))),
    public: azs.map((i) => formatCidr(subnet(vpc, 4, 12 + i))),
  };
}

type Parsed = z.output<typeof regionSchema>;
type Issue = z.core.$ZodIssue;

/** One line per problem: an issue about several unknown fields yields one line for each. */
function describeIssue(name: string, input: unknown, issue: Issue): string[] {
  const path = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const where = path === '' ? '' : `${path}.`;
    const known = knownFields(issue.path);
    const accepted = known.length === 0 ? '' : `; the fields here are ${known.join(', ')}`;
    return issue.keys.map(
      (key) =>
        `region "${name}": ${where}${key} is not a known field; remove it or fix its spelling${accepted}`,
    );
  }
  const value = valueAt(input, issue.path);
  const message = issue.message.startsWith('Invalid input') ? 'a valid value' : issue.message;
  return [
    `region "${name}": ${path || '(the region)'} ${describeValue(value)}; expected ${message}`,
  ];
}

/** The fields the schema accepts in the object at `path`, in the schema's order. */
export function knownFields(path: readonly PropertyKey[]): string[] {
  type Def = {
    type: string;
    innerType?: Node;
    shape?: Record<string, Node>;
    valueType?: Node;
    element?: Node;
    in?: Node;
  };
  type Node = { _zod: { def: Def } };
  const unwrap = (node: Node): Node => {
    const def = node._zod.def;
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    return inner === undefined ? node : unwrap(inner);
  };
  let node: Node | undefined = unwrap(regionSchema as unknown as Node);
  for (const key of path) {
    const def: Def = node._zod.def;
    const next: Node | undefined =
      def.type === 'object'
        ? def.shape?.[String(key)]
        : def.type === 'record'
          ? def.valueType
          : def.type === 'array'
            ? def.element
            : undefined;
    if (next === undefined) return [];
    node = unwrap(next);
  }
  const def = node._zod.def;
  return def.type === 'object' ? Object.keys(def.shape ?? {}) : [];
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'is missing';
  return `is ${JSON.stringify(value)}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) =>
      typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`,
    )
    .join('');
}

/** A problem report in the one format every rule uses; `phrase` replaces "is <value>". */
function problem(
  name: string,
  field: string,
  value: unknown,
  expectation: string,
  phrase = describeValue(value),
): string {
  return `region "${name}": ${field} ${phrase}; expected ${expectation}`;
}

/** Rules the schema cannot express: across fields, or with arithmetic. */
function checkRules(name: string, region: Parsed): string[] {
  const problems: string[] = [];
  const report: Report = (field, value, expectation, phrase) =>
    problems.push(problem(name, field, value, expectation, phrase));

  if (region.colour !== name) {
    report('colour', region.colour, `"${name}", the name of its file`);
  }
  const knownRegion = (AWS_REGIONS as readonly string[]).includes(region.awsRegion);
  if (!knownRegion) {
    report(
      'awsRegion',
      region.awsRegion,
      'a known AWS region such as us-west-2 or eu-central-1 (the list is in modules/aws-regions.ts)',
    );
  }

  // Zones are checked against a known region only; otherwise the region error says it all.
  (knownRegion ? region.availabilityZones : []).forEach((az, i) => {
    if (!new RegExp(`^${escape(region.awsRegion)}[a-z]$`).test(az)) {
      report(
        `availabilityZones[${i}]`,
        az,
        `a zone of ${region.awsRegion}, such as ${region.awsRegion}a`,
      );
    } else if (region.availabilityZones.indexOf(az) !== i) {
      report(`availabilityZones[${i}]`, az, 'three different availability zones');
    }
  });

  const minor = Number(region.kubernetesVersion.split('.')[1]);
  if (minor < KUBERNETES_VERSIONS.oldest || minor > KUBERNETES_VERSIONS.newest) {
    report(
      'kubernetesVersion',
      region.kubernetesVersion,
      `a version EKS supports, from 1.${KUBERNETES_VERSIONS.oldest} to 1.${KUBERNETES_VERSIONS.newest}`,
    );
  }

  checkEndpointAccess(region, report);
  checkNetwork(region, report);
  checkAddons(region, report);
  checkIngress(region, report);
  checkTags('tags', region.tags, {}, report);

  const names = Object.keys(region.nodegroups);
  if (names.length === 0) {
    report('nodegroups', region.nodegroups, 'at least one nodegroup');
  }
  if (region.kind === 'MultiRegion') {
    const missing = MULTI_REGION_NODEGROUPS.filter((ng) => !names.includes(ng));
    if (missing.length > 0) {
      report(
        'nodegroups',
        names,
        `a MultiRegion to have ${MULTI_REGION_NODEGROUPS.join(', ')} (missing ${missing.join(', ')})`,
      );
    }
  }
  if (region.kind === 'GlobalRegion' && names.includes('tenantUnit')) {
    report(
      'nodegroups',
      names,
      'no tenantUnit in a GlobalRegion; tenant units run in MultiRegions',
    );
  }
  for (const [ngName, ng] of Object.entries(region.nodegroups)) {
    checkNodegroup(ngName, ng, region.tags, report);
    const { externalDNS, certManager } = ng.addonPolicies;
    const zones = regionZoneIds(region).length + (region.ingress === undefined ? 0 : 1);
    if ((externalDNS || certManager) && zones === 0) {
      report(
        `nodegroups.${ngName}.addonPolicies`,
        ng.addonPolicies,
        'hosted zones to grant on: set ingress.domain, addons.externalDns.hostedZoneIds or addons.certManager.hostedZoneIds',
      );
    }
  }
  return problems;
}

type Report = (field: string, value: unknown, expectation: string, phrase?: string) => void;

function checkAddons(region: Parsed, report: Report): void {
  const addons = region.addons;
  const hasOwnZone = region.ingress !== undefined;
  // The agent key must never reach the configuration in plain text, add-ons on or off.
  const agent = addons.instanaAgent.values.agent;
  for (const secret of ['key', 'downloadKey']) {
    if (typeof agent === 'object' && agent !== null && secret in agent) {
      report(
        `addons.instanaAgent.values.agent.${secret}`,
        '(hidden)',
        'no secret in values; give keySecret, or TF_VAR_instana_agent_key at deploy time',
        'is set',
      );
    }
  }
  if (!addons.enabled) return;
  const { externalDns, kubeDnsAutoscaler, instanaAgent, certManager } = addons;
  const lists: [string, string[]][] = [
    ['addons.externalDns.hostedZoneIds', externalDns.hostedZoneIds],
    ['addons.externalDns.domainFilters', externalDns.domainFilters],
    ['addons.certManager.hostedZoneIds', certManager.hostedZoneIds],
  ];
  for (const [field, values] of lists) {
    values.forEach((value, i) => {
      if (values.indexOf(value) !== i) {
        report(`${field}[${i}]`, value, 'each entry once');
      }
    });
  }
  if (externalDns.enabled && externalDns.hostedZoneIds.length === 0 && !hasOwnZone) {
    report(
      'addons.externalDns.hostedZoneIds',
      externalDns.hostedZoneIds,
      "at least one Route 53 hosted zone id for external-dns to manage, an ingress.domain for the region's own zone, or addons.externalDns.enabled: false",
    );
  }
  if (certManager.enabled && certManager.hostedZoneIds.length === 0) {
    report(
      'addons.certManager.hostedZoneIds',
      certManager.hostedZoneIds,
      'at least one Route 53 hosted zone id for DNS-01 challenges when cert-manager is enabled',
    );
  }
  if (kubeDnsAutoscaler.enabled) {
    if (kubeDnsAutoscaler.linear !== undefined && kubeDnsAutoscaler.ladder !== undefined) {
      report(
        'addons.kubeDnsAutoscaler',
        'both linear and ladder',
        'exactly one of linear or ladder',
        'sets both linear and ladder',
      );
    }
    // The scaling mode comes from linear or ladder alone, so values can never set both.
    if ('config' in kubeDnsAutoscaler.values) {
      report(
        'addons.kubeDnsAutoscaler.values.config',
        kubeDnsAutoscaler.values.config,
        'no "config" in values; set addons.kubeDnsAutoscaler.linear or .ladder instead',
      );
    }
    const linear = kubeDnsAutoscaler.linear;
    if (linear !== undefined && linear.min > linear.max) {
      report('addons.kubeDnsAutoscaler.linear.min', linear.min, `at most max (${linear.max})`);
    }
  }
  if (instanaAgent.enabled && instanaAgent.endpointHost === undefined) {
    report(
      'addons.instanaAgent.endpointHost',
      undefined,
      "the Instana backend's host name, such as ingress-red-saas.instana.io, or addons.instanaAgent.enabled: false",
    );
  }
}

/**
 * The ingress label and taint mark the nodes load balancers send to, and only ingress sets them:
 * set by hand on another nodegroup, they would steer load balancers to nodes that the load
 * balancers' security group cannot reach.
 */
function checkIngressMarks(region: Parsed, report: Report): void {
  const ingressNodegroup = region.ingress?.nodegroup;
  for (const [name, ng] of Object.entries(region.nodegroups)) {
    const at = `nodegroups.${name}`;
    const why =
      name === ingressNodegroup
        ? 'the ingress nodegroup gets it from ingress'
        : 'only the nodegroup named by ingress.nodegroup carries it';
    if (INGRESS_NODE_KEY in ng.labels) {
      report(
        `${at}.labels.${INGRESS_NODE_KEY}`,
        ng.labels[INGRESS_NODE_KEY],
        `no label ${INGRESS_NODE_KEY}; ${why}`,
      );
    }
    ng.taints.forEach((taint, i) => {
      if (taint.key === INGRESS_NODE_KEY) {
        report(
          `${at}.taints[${i}].key`,
          taint.key,
          `no taint ${INGRESS_NODE_KEY}; ${name === ingressNodegroup ? 'ingress.taint: true adds it' : why}`,
        );
      }
    });
  }
}

function checkIngress(region: Parsed, report: Report): void {
  checkIngressMarks(region, report);
  const ingress = region.ingress;
  if (ingress === undefined) return;
  const { domain, parentZone } = ingress;
  if (parentZone !== undefined && !domain.endsWith(`.${parentZone}`)) {
    report(
      'ingress.domain',
      domain,
      `a subdomain of ingress.parentZone (${parentZone}), such as ${region.colour}.${parentZone}`,
    );
  }
  const names = Object.keys(region.nodegroups);
  if (region.nodegroups[ingress.nodegroup] === undefined) {
    report(
      'ingress.nodegroup',
      ingress.nodegroup,
      `one of the region's nodegroups (${names.join(', ')})`,
    );
  }
  ingress.allowedCidrs.forEach((cidr, i) => {
    if (!parseCidr(cidr)) {
      report(`ingress.allowedCidrs[${i}]`, cidr, 'a network address with no host bits set');
    } else if (ingress.allowedCidrs.indexOf(cidr) !== i) {
      report(`ingress.allowedCidrs[${i}]`, cidr, 'each entry once');
    }
  });
  ingress.ports.forEach((port, i) => {
    if (ingress.ports.indexOf(port) !== i) report(`ingress.ports[${i}]`, port, 'each port once');
  });
}

function checkEndpointAccess(region: Parsed, report: Report): void {
  const { public: isPublic, publicCidrs } = region.endpointAccess;
  if (isPublic && publicCidrs.length === 0) {
    report(
      'endpointAccess.publicCidrs',
      publicCidrs,
      'at least one CIDR block allowed to reach the public endpoint when endpointAccess.public is true',
    );
  }
  if (!isPublic && publicCidrs.length > 0) {
    report(
      'endpointAccess.publicCidrs',
      publicCidrs,
      'no CIDR blocks when endpointAccess.public is false',
    );
  }
  publicCidrs.forEach((cidr, i) => {
    const parsed = parseCidr(cidr);
    if (!parsed) {
      report(`endpointAccess.publicCidrs[${i}]`, cidr, 'a network address with no host bits set');
    } else if (parsed.prefix < MIN_PUBLIC_ACCESS_PREFIX) {
      report(
        `endpointAccess.publicCidrs[${i}]`,
        cidr,
        `a range of /${MIN_PUBLIC_ACCESS_PREFIX} or narrower; the API endpoint is never open to the whole internet`,
      );
    }
  });
}

function checkNetwork(region: Parsed, report: Report): void {
  const vpc = parseCidr(region.vpcCidr);
  if (!vpc) {
    report(
      'vpcCidr',
      region.vpcCidr,
      'a network address with no host bits set, such as 10.0.0.0/16',
    );
    return;
  }
  if (!region.subnets) {
    if (vpc.prefix < VPC_PREFIX.min || vpc.prefix > VPC_PREFIX.max) {
      report(
        'vpcCidr',
        region.vpcCidr,
        `a prefix from /${VPC_PREFIX.min} to /${VPC_PREFIX.max} for the default subnet layout (up to /22 with explicit subnets)`,
      );
    }
    return;
  }
  // Three private subnets of at least /24 and three public ones need a /22 at the least.
  if (vpc.prefix < VPC_PREFIX.min || vpc.prefix > 22) {
    report(
      'vpcCidr',
      region.vpcCidr,
      `a prefix from /${VPC_PREFIX.min} to /22 with explicit subnets`,
    );
    return;
  }
  const seen: { field: string; cidr: Cidr }[] = [];
  for (const tier of ['private', 'public'] as const) {
    const maxPrefix = tier === 'private' ? MAX_PRIVATE_SUBNET_PREFIX : MAX_PUBLIC_SUBNET_PREFIX;
    region.subnets[tier].forEach((text, i) => {
      const field = `subnets.${tier}[${i}]`;
      const cidr = parseCidr(text);
      if (!cidr) {
        report(field, text, 'a network address with no host bits set');
      } else if (!contains(vpc, cidr)) {
        report(field, text, `a range inside vpcCidr ${region.vpcCidr}`);
      } else if (cidr.prefix > maxPrefix) {
        report(field, text, `a ${tier} subnet of /${maxPrefix} or larger`);
      } else {
        const clash = seen.find((other) => overlaps(other.cidr, cidr));
        if (clash) {
          report(
            field,
            text,
            `a range that does not overlap ${clash.field} ${formatCidr(clash.cidr)}`,
          );
        }
        seen.push({ field, cidr });
      }
    });
  }
}

function checkNodegroup(
  ngName: string,
  ng: Parsed['nodegroups'][string],
  regionTags: Record<string, string>,
  report: Report,
): void {
  const at = `nodegroups.${ngName}`;
  if (!/^[a-zA-Z][a-zA-Z0-9-]{0,15}$/.test(ngName)) {
    report(
      'nodegroups',
      ngName,
      'names of 1 to 16 letters, digits and hyphens, starting with a letter',
      `has a nodegroup named ${JSON.stringify(ngName)}`,
    );
  }
  if (ng.minSize > ng.maxSize) {
    report(`${at}.minSize`, ng.minSize, `at most maxSize (${ng.maxSize})`);
  } else if (
    ng.desiredSize !== undefined &&
    (ng.desiredSize < ng.minSize || ng.desiredSize > ng.maxSize)
  ) {
    report(
      `${at}.desiredSize`,
      ng.desiredSize,
      `an integer from minSize (${ng.minSize}) to maxSize (${ng.maxSize})`,
    );
  }
  ng.instanceTypes.forEach((type, i) => {
    if (!INSTANCE_TYPES.has(type)) {
      const sameFamily = familyTypes(type.split('.')[0]);
      report(
        `${at}.instanceTypes[${i}]`,
        type,
        sameFamily.length > 0
          ? `a size the fleet's capacity table knows in its family (${sameFamily.join(', ')}; modules/instance-types.ts)`
          : `an instance type of the fleet's capacity table (families ${INSTANCE_FAMILIES.join(', ')}; modules/instance-types.ts)`,
      );
    } else if (isArm(type) !== ng.amiType.startsWith('AL2023_ARM_64')) {
      report(
        `${at}.instanceTypes[${i}]`,
        type,
        `an instance type of the amiType's architecture (${ng.amiType}); Graviton types need AL2023_ARM_64_STANDARD`,
      );
    }
  });
  for (const [key, value] of Object.entries(ng.labels)) {
    if (!isLabelKey(key)) report(`${at}.labels key`, key, LABEL_KEY_RULE);
    else if (key.length > MAX_TEMPLATE_KEY_LENGTH) {
      report(`${at}.labels key`, key, TEMPLATE_KEY_RULE, `is ${key.length} characters long`);
    }
    if (!isLabelValue(value)) report(`${at}.labels.${key}`, value, LABEL_VALUE_RULE);
  }
  if (ng.taints.length > MAX_TAINTS) {
    report(
      `${at}.taints`,
      ng.taints.length,
      `at most ${MAX_TAINTS}`,
      `has ${ng.taints.length} taints`,
    );
  }
  ng.taints.forEach((taint, i) => {
    if (!isLabelKey(taint.key)) report(`${at}.taints[${i}].key`, taint.key, LABEL_KEY_RULE);
    else if (taint.key.length > MAX_TEMPLATE_KEY_LENGTH) {
      report(
        `${at}.taints[${i}].key`,
        taint.key,
        TEMPLATE_KEY_RULE,
        `is ${taint.key.length} characters long`,
      );
    } else if (ng.taints.findIndex((other) => other.key === taint.key) !== i) {
      report(
        `${at}.taints[${i}].key`,
        taint.key,
        "a key no other taint of the nodegroup uses; the autoscaler's node template holds one taint per key",
      );
    }
    if (taint.value !== undefined && !isLabelValue(taint.value)) {
      report(`${at}.taints[${i}].value`, taint.value, LABEL_VALUE_RULE);
    }
  });
  checkTags(`${at}.tags`, ng.tags, regionTags, report);
}

const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_KEY_RULE =
  'a Kubernetes key: an optional DNS subdomain prefix of at most 253 characters and "/", then a name of 1 to 63 letters, digits, "-", "_" or "." that starts and ends with a letter or digit';
const LABEL_VALUE_RULE =
  'a Kubernetes label value: empty, or 1 to 63 letters, digits, "-", "_" or "." that starts and ends with a letter or digit';

function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  if (slash === -1) return LABEL_NAME.test(key);
  const prefix = key.slice(0, slash);
  return (
    prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix) && LABEL_NAME.test(key.slice(slash + 1))
  );
}

function isLabelValue(value: string): boolean {
  return value === '' || LABEL_NAME.test(value);
}

const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAG_KEY_RULE =
  'an AWS tag key: 1 to 128 letters, digits, spaces or _.:/=+-@, not starting with "aws:"';
const TAG_VALUE_RULE = 'an AWS tag value: at most 256 letters, digits, spaces or _.:/=+-@';

/** Checks tag syntax, and that `tags` with the `inherited` ones stay within the AWS limit. */
function checkTags(
  field: string,
  tags: Record<string, string>,
  inherited: Record<string, string>,
  report: Report,
): void {
  const count = Object.keys({ ...inherited, ...tags }).length;
  // Inherited tags over the limit are the region's problem, reported once for the region.
  if (count > MAX_USER_TAGS && Object.keys(inherited).length <= MAX_USER_TAGS) {
    const scope = Object.keys(inherited).length > 0 ? " with the region's tags" : '';
    report(
      field,
      count,
      `at most ${MAX_USER_TAGS}, leaving room for the tags the fleet adds (AWS allows 50)`,
      `has ${count} tags${scope}`,
    );
  }
  for (const [key, value] of Object.entries(tags)) {
    if (
      key.length < 1 ||
      key.length > 128 ||
      !TAG_CHARS.test(key) ||
      key.toLowerCase().startsWith('aws:')
    ) {
      report(`${field} key`, key, TAG_KEY_RULE, `${describeValue(key)} (${key.length} characters)`);
    }
    if (value.length > 256 || !TAG_CHARS.test(value)) {
      report(
        `${field}.${key}`,
        value,
        TAG_VALUE_RULE,
        `${describeValue(value)} (${value.length} characters)`,
      );
    }
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Two regions' ingress domains, when they clash: each region's zone answers for its domain and
 * everything below it, and its delegation is one record in the parent zone. A second region on
 * the same domain would take over the first one's delegation; one inside another's domain would
 * never be asked, or, delegated from that region's zone, would fail with it.
 */
function sharedDomains(a: RegionConfig, b: RegionConfig): string | undefined {
  const first = a.ingress?.domain;
  const second = b.ingress?.domain;
  if (first === undefined || second === undefined) return undefined;
  if (first === second) {
    return `ingress.domain is "${first}" in both; expected a DNS domain used by one region only`;
  }
  const nested = (
    inner: RegionConfig,
    innerDomain: string,
    outer: RegionConfig,
    outerDomain: string,
  ) =>
    `ingress.domain "${innerDomain}" of "${inner.colour}" lies inside "${outerDomain}" of "${outer.colour}"; expected domains that do not nest, since a region's zone answers for every name below its domain and a region inside it would depend on that region`;
  if (second.endsWith(`.${first}`)) return nested(b, second, a, first);
  if (first.endsWith(`.${second}`)) return nested(a, first, b, second);
  return undefined;
}

/**
 * Rules across the fleet: unique colours, VPC ranges that never overlap (so any two regions
 * can later be peered or routed), ingress domains that are each region's own, and exactly one
 * GlobalRegion. Each line names the regions.
 */
export function checkFleet(regions: readonly RegionConfig[]): string[] {
  const problems: string[] = [];
  regions.forEach((region, i) => {
    for (const other of regions.slice(0, i)) {
      if (other.colour === region.colour) {
        problems.push(
          `regions "${other.colour}" and "${region.colour}": colour is "${region.colour}" in both; expected a colour used by one region only`,
        );
        continue;
      }
      const a = parseCidr(other.vpcCidr);
      const b = parseCidr(region.vpcCidr);
      if (a && b && overlaps(a, b)) {
        problems.push(
          `regions "${other.colour}" and "${region.colour}": vpcCidr ${other.vpcCidr} overlaps ${region.vpcCidr}; expected VPC ranges that do not overlap across the fleet`,
        );
      }
      const domains = sharedDomains(other, region);
      if (domains !== undefined) {
        problems.push(`regions "${other.colour}" and "${region.colour}": ${domains}`);
      }
    }
  });
  const global = regions.filter((region) => region.kind === 'GlobalRegion');
  if (global.length !== 1) {
    const which = global.length === 0 ? 'none' : global.map((r) => `"${r.colour}"`).join(', ');
    problems.push(
      `fleet: ${global.length} GlobalRegions (${which}); expected exactly one region of kind "GlobalRegion"`,
    );
  }
  return problems;
}
