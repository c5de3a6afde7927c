/**
 * Adopting what an interrupted apply left behind. When an apply stops part-way (Ctrl-C, a
 * cancelled CI job), Terraform cancels the AWS calls in flight; AWS may already have carried
 * some of them out, and Terraform never records what they created. Run again, the apply then
 * fails on a name in use (a launch template, an IAM role, a cluster) or, worse, quietly makes a
 * second VPC, key or NAT gateway beside the first.
 *
 * For every resource a plan would create, the rule of its type looks in AWS for the one the
 * region would have made: by its unique name, or by the tags every region resource carries
 * (`Name`, `fleet:region`, ...) and the attributes that set it apart. Each one found is
 * imported into the state, so that the next apply updates it instead of making another.
 */

/** A resource's known planned values, as `terraform show -json` gives them. */
export type Values = Readonly<Record<string, unknown>>;

/** One resource a plan would create. */
export interface PlannedCreate {
  readonly address: string;
  readonly type: string;
  readonly after: Values;
}

/** A network resource of the region's, with what sets it apart from its siblings. */
export interface TaggedResource {
  readonly id: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Such as `cidr_block` and `availability_zone`, named as Terraform names them. */
  readonly attributes?: Readonly<Record<string, string | undefined>>;
}

export type NetworkType =
  'vpc' | 'subnet' | 'internet-gateway' | 'eip' | 'nat-gateway' | 'route-table' | 'security-group';

/** One rule of a security group, as `DescribeSecurityGroupRules` tells it. */
export interface SecurityGroupRule {
  readonly id: string;
  readonly egress: boolean;
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly cidrIpv4?: string;
  readonly referencedGroupId?: string;
}

/**
 * What the rules ask of AWS, for one region in one AWS region. Everything the region owns and
 * that has no unique name carries the tag `fleet:region` with its colour; `network` and
 * `kmsKeys` answer only those, and only the live ones (not deleted or pending deletion).
 */
export interface Inventory {
  network(type: NetworkType): Promise<readonly TaggedResource[]>;
  /** A route table's destinations and associated subnets; undefined if there is no such table. */
  routeTable(id: string): Promise<{ destinations: string[]; subnets: string[] } | undefined>;
  kmsKeys(): Promise<readonly TaggedResource[]>;
  /** The rules of a security group; none if there is no such group. */
  securityGroupRules(groupId: string): Promise<readonly SecurityGroupRule[]>;
  /** The ids of the region's own hosted zones (tagged with its colour) of that name. */
  hostedZoneIds(name: string): Promise<string[]>;
  recordExists(zoneId: string, name: string, type: string): Promise<boolean>;
  /** The ARNs of the region's live certificates (tagged with its colour) for a domain. */
  certificateArns(domain: string): Promise<string[]>;
  kmsAliasExists(name: string): Promise<boolean>;
  logGroupExists(name: string): Promise<boolean>;
  launchTemplateId(name: string): Promise<string | undefined>;
  iamRoleExists(name: string): Promise<boolean>;
  /** A role's inline policy names; none if the role does not exist. */
  rolePolicyNames(role: string): Promise<string[]>;
  /** The ARNs of the managed policies attached to a role; none if the role does not exist. */
  attachedPolicyArns(role: string): Promise<string[]>;
  /** The account's OIDC providers, their URLs without `https://`. */
  oidcProviders(): Promise<{ arn: string; url: string }[]>;
  eksClusterExists(name: string): Promise<boolean>;
  eksNodegroupExists(cluster: string, name: string): Promise<boolean>;
  eksAccessEntryExists(cluster: string, principalArn: string): Promise<boolean>;
  /** The access policies associated with a principal; none if it has no access entry. */
  eksAccessPolicyArns(cluster: string, principalArn: string): Promise<string[]>;
}

/**
 * How a resource type is found in AWS: `find` answers the import ids of every existing resource
 * that a planned one would duplicate; `unchecked` says why a type is not looked up.
 */
export type AdoptionRule =
  | { readonly find: (after: Values, inventory: Inventory) => Promise<string[]> }
  | { readonly unchecked: string };

/** A planned value that is a plain string; unknown (computed) values and others are not. */
function known(after: Values, key: string): string | undefined {
  const value = after[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function plannedTags(after: Values): Record<string, string> {
  const tags = after.tags_all ?? after.tags;
  return typeof tags === 'object' && tags !== null ? (tags as Record<string, string>) : {};
}

/** The ids of the region's resources of a type whose tags and given attributes match the plan. */
function byTags(type: NetworkType, attributes: readonly string[] = []): AdoptionRule {
  return {
    find: async (after, inventory) => {
      const tags = Object.entries(plannedTags(after));
      // Without a Name (or any tag) every resource of the type would match: never guess.
      if (tags.length === 0) return [];
      const candidates = await inventory.network(type);
      return candidates
        .filter((candidate) => tags.every(([key, value]) => candidate.tags[key] === value))
        .filter((candidate) =>
          attributes.every((name) => candidate.attributes?.[name] === known(after, name)),
        )
        .map((candidate) => candidate.id);
    },
  };
}

/** A resource whose import id is its name, found when a resource of that name exists. */
function byName(exists: (inventory: Inventory, name: string) => Promise<boolean>): AdoptionRule {
  return {
    find: async (after, inventory) => {
      const name = known(after, 'name');
      return name !== undefined && (await exists(inventory, name)) ? [name] : [];
    },
  };
}

/** A security group rule, found among its group's rules by direction, protocol, ports and peer. */
function securityGroupRule(egress: boolean): AdoptionRule {
  return {
    find: async (after, inventory) => {
      const group = known(after, 'security_group_id');
      if (group === undefined) return [];
      const rules = await inventory.securityGroupRules(group);
      return rules
        .filter(
          (rule) =>
            rule.egress === egress &&
            rule.protocol === known(after, 'ip_protocol') &&
            rule.fromPort === after.from_port &&
            rule.toPort === after.to_port &&
            rule.cidrIpv4 === known(after, 'cidr_ipv4') &&
            rule.referencedGroupId === known(after, 'referenced_security_group_id'),
        )
        .map((rule) => rule.id);
    },
  };
}

const IN_CLUSTER =
  'it lives in the Kubernetes cluster, not in AWS: if the apply says it already exists, import it with `terraform import`';

/**
 * One rule per resource type a region stack creates; `test/adopt.test.ts` fails when a stack
 * gains a type that has none.
 */
export const ADOPTION_RULES: Readonly<Record<string, AdoptionRule>> = {
  aws_vpc: byTags('vpc', ['cidr_block']),
  aws_subnet: byTags('subnet', ['cidr_block', 'availability_zone']),
  aws_internet_gateway: byTags('internet-gateway'),
  aws_eip: byTags('eip'),
  aws_nat_gateway: byTags('nat-gateway'),
  aws_route_table: byTags('route-table'),
  aws_security_group: byTags('security-group', ['name']),
  aws_vpc_security_group_ingress_rule: securityGroupRule(false),
  aws_vpc_security_group_egress_rule: securityGroupRule(true),
  // Route 53 takes a second zone of the same name without complaint: look for the region's own.
  aws_route53_zone: {
    find: async (after, inventory) => {
      const name = known(after, 'name');
      return name === undefined ? [] : inventory.hostedZoneIds(name);
    },
  },
  aws_route53_record: {
    find: async (after, inventory) => {
      const zone = known(after, 'zone_id');
      const name = known(after, 'name');
      const type = known(after, 'type');
      if (zone === undefined || name === undefined || type === undefined) return [];
      return (await inventory.recordExists(zone, name, type)) ? [`${zone}_${name}_${type}`] : [];
    },
  },
  // ACM, too, issues a second certificate for the same domain: look for the region's own.
  aws_acm_certificate: {
    find: async (after, inventory) => {
      const domain = known(after, 'domain_name');
      return domain === undefined ? [] : inventory.certificateArns(domain);
    },
  },
  aws_acm_certificate_validation: {
    unchecked: 'it makes nothing in AWS; it waits for the certificate to be issued',
  },
  aws_route: {
    find: async (after, inventory) => {
      const table = known(after, 'route_table_id');
      const destination = known(after, 'destination_cidr_block');
      if (table === undefined || destination === undefined) return [];
      const found = await inventory.routeTable(table);
      return found?.destinations.includes(destination) ? [`${table}_${destination}`] : [];
    },
  },
  aws_route_table_association: {
    find: async (after, inventory) => {
      const table = known(after, 'route_table_id');
      const subnet = known(after, 'subnet_id');
      if (table === undefined || subnet === undefined) return [];
      const found = await inventory.routeTable(table);
      return found?.subnets.includes(subnet) ? [`${subnet}/${table}`] : [];
    },
  },
  aws_kms_key: {
    find: async (after, inventory) => {
      const tags = Object.entries(plannedTags(after));
      if (tags.length === 0) return [];
      const keys = await inventory.kmsKeys();
      return keys
        .filter((key) => tags.every(([name, value]) => key.tags[name] === value))
        .map((key) => key.id);
    },
  },
  aws_kms_alias: byName((inventory, name) => inventory.kmsAliasExists(name)),
  aws_cloudwatch_log_group: byName((inventory, name) => inventory.logGroupExists(name)),
  aws_launch_template: {
    find: async (after, inventory) => {
      const name = known(after, 'name');
      const id = name === undefined ? undefined : await inventory.launchTemplateId(name);
      return id === undefined ? [] : [id];
    },
  },
  aws_iam_role: byName((inventory, name) => inventory.iamRoleExists(name)),
  aws_iam_role_policy: {
    find: async (after, inventory) => {
      const role = known(after, 'role');
      const name = known(after, 'name');
      if (role === undefined || name === undefined) return [];
      return (await inventory.rolePolicyNames(role)).includes(name) ? [`${role}:${name}`] : [];
    },
  },
  aws_iam_role_policy_attachment: {
    find: async (after, inventory) => {
      const role = known(after, 'role');
      const arn = known(after, 'policy_arn');
      if (role === undefined || arn === undefined) return [];
      return (await inventory.attachedPolicyArns(role)).includes(arn) ? [`${role}/${arn}`] : [];
    },
  },
  aws_iam_openid_connect_provider: {
    find: async (after, inventory) => {
      const url = known(after, 'url')?.replace(/^https:\/\//, '');
      if (url === undefined) return [];
      const providers = await inventory.oidcProviders();
      return providers.filter((provider) => provider.url === url).map((provider) => provider.arn);
    },
  },
  aws_eks_cluster: byName((inventory, name) => inventory.eksClusterExists(name)),
  aws_eks_node_group: {
    find: async (after, inventory) => {
      const cluster = known(after, 'cluster_name');
      const name = known(after, 'node_group_name');
      if (cluster === undefined || name === undefined) return [];
      return (await inventory.eksNodegroupExists(cluster, name)) ? [`${cluster}:${name}`] : [];
    },
  },
  aws_eks_access_entry: {
    find: async (after, inventory) => {
      const cluster = known(after, 'cluster_name');
      const principal = known(after, 'principal_arn');
      if (cluster === undefined || principal === undefined) return [];
      const exists = await inventory.eksAccessEntryExists(cluster, principal);
      return exists ? [`${cluster}:${principal}`] : [];
    },
  },
  aws_eks_access_policy_association: {
    find: async (after, inventory) => {
      const cluster = known(after, 'cluster_name');
      const principal = known(after, 'principal_arn');
      const policy = known(after, 'policy_arn');
      if (cluster === undefined || principal === undefined || policy === undefined) return [];
      const policies = await inventory.eksAccessPolicyArns(cluster, principal);
      return policies.includes(policy) ? [`${cluster}#${principal}#${policy}`] : [];
    },
  },
  aws_autoscaling_group_tag: {
    unchecked: 'its create call sets the tag whether or not it exists, so the apply converges',
  },
  kubernetes_namespace_v1: { unchecked: IN_CLUSTER },
  helm_release: { unchecked: IN_CLUSTER },
};

/** The resources a plan (`terraform show -json`) would create, replacements aside. */
export function plannedCreates(plan: {
  resource_changes?: readonly {
    address: string;
    type: string;
    mode?: string;
    change: { actions: readonly string[]; after?: Values | null };
  }[];
}): PlannedCreate[] {
  return (plan.resource_changes ?? [])
    .filter((rc) => rc.mode !== 'data' && rc.change.actions.join() === 'create')
    .map((rc) => ({ address: rc.address, type: rc.type, after: rc.change.after ?? {} }));
}

export interface Adoption {
  readonly address: string;
  /** The id `terraform import` takes for that address. */
  readonly id: string;
}

export interface AdoptionPlan {
  /** Resources found in AWS that a planned one would duplicate: import each. */
  readonly adopt: readonly Adoption[];
  /** Planned resources that more than one existing resource matches: a person must choose. */
  readonly ambiguous: readonly { address: string; ids: string[] }[];
  /** Planned resources of types not looked up, with the reason. */
  readonly unchecked: readonly { address: string; why: string }[];
}

/** Raised for a planned resource of a type that has no rule: adopting cannot be complete. */
export class NoAdoptionRule extends Error {
  override readonly name = 'NoAdoptionRule';
}

/** Looks up every planned resource in AWS and says which to import. */
export async function planAdoption(
  creates: readonly PlannedCreate[],
  inventory: Inventory,
): Promise<AdoptionPlan> {
  const missing = [...new Set(creates.map((c) => c.type).filter((t) => !(t in ADOPTION_RULES)))];
  if (missing.length > 0) {
    throw new NoAdoptionRule(
      `no adoption rule for ${missing.join(', ')}; add one to ADOPTION_RULES in scripts/lib/adopt.ts`,
    );
  }
  const adopt: Adoption[] = [];
  const ambiguous: { address: string; ids: string[] }[] = [];
  const unchecked: { address: string; why: string }[] = [];
  const found = await Promise.all(
    creates.map(async (create) => {
      const rule = ADOPTION_RULES[create.type];
      if ('unchecked' in rule) return { create, why: rule.unchecked, ids: [] };
      return { create, why: undefined, ids: await rule.find(create.after, inventory) };
    }),
  );
  for (const { create, why, ids } of found) {
    if (why !== undefined) unchecked.push({ address: create.address, why });
    else if (ids.length === 1) adopt.push({ address: create.address, id: ids[0] });
    else if (ids.length > 1) ambiguous.push({ address: create.address, ids });
  }
  return { adopt, ambiguous, unchecked };
}
