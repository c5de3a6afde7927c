/**
 * The adoption rules' questions (scripts/lib/adopt.ts), answered by AWS itself: or by the
 * emulator, which the SDK reaches through AWS_ENDPOINT_URL as the Terraform provider does.
 */
import {
  ACMClient,
  ListTagsForCertificateCommand,
  paginateListCertificates,
} from '@aws-sdk/client-acm';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeAddressesCommand,
  DescribeLaunchTemplatesCommand,
  DescribeRouteTablesCommand,
  EC2Client,
  paginateDescribeInternetGateways,
  paginateDescribeNatGateways,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroupRules,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcs,
  type Filter,
  type Tag,
} from '@aws-sdk/client-ec2';
import {
  DescribeAccessEntryCommand,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  EKSClient,
  paginateListAssociatedAccessPolicies,
} from '@aws-sdk/client-eks';
import {
  GetOpenIDConnectProviderCommand,
  GetRoleCommand,
  IAMClient,
  ListOpenIDConnectProvidersCommand,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
} from '@aws-sdk/client-iam';
import {
  DescribeKeyCommand,
  KMSClient,
  ListResourceTagsCommand,
  paginateListAliases,
  paginateListKeys,
} from '@aws-sdk/client-kms';
import {
  ListResourceRecordSetsCommand,
  ListTagsForResourceCommand,
  paginateListHostedZones,
  Route53Client,
  type RRType,
} from '@aws-sdk/client-route-53';
import type { Inventory, NetworkType, SecurityGroupRule, TaggedResource } from './adopt';

export interface InventoryOptions {
  /** The region's colour: only resources tagged `fleet:region` with it are considered. */
  readonly colour: string;
  readonly awsRegion: string;
  /** The environment Terraform runs in, for the emulator's URL and its test credentials. */
  readonly env: NodeJS.ProcessEnv;
}

/** AWS answers "no such thing" with an error whose name says so, in each service's words. */
function isNotFound(error: unknown): boolean {
  const name = error instanceof Error ? error.name : '';
  return /NotFound|NoSuchEntity/.test(name);
}

async function orNone<T>(call: () => Promise<T>, none: T): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isNotFound(error)) return none;
    throw error;
  }
}

async function collect<P, T>(pages: AsyncIterable<P>, items: (page: P) => T[] | undefined) {
  const all: T[] = [];
  for await (const page of pages) all.push(...(items(page) ?? []));
  return all;
}

function tagMap(tags: readonly Tag[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']));
}

/** Remembers each answer, so that many planned resources share one call per question. */
function memo<A extends unknown[], R>(ask: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  const answers = new Map<string, Promise<R>>();
  return (...args) => {
    const key = JSON.stringify(args);
    if (!answers.has(key)) answers.set(key, ask(...args));
    return answers.get(key) as Promise<R>;
  };
}

export function awsInventory(options: InventoryOptions): Inventory {
  // The pinned SDK supports Node.js 20, the project's floor; only later releases need 22.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const { colour, env } = options;
  const endpoint = env.AWS_ENDPOINT_URL;
  const config = {
    region: options.awsRegion,
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(env.FLEET_TARGET === 'local'
      ? { credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }
      : {}),
  };
  const ec2 = new EC2Client(config);
  const eks = new EKSClient(config);
  const iam = new IAMClient(config);
  const kms = new KMSClient(config);
  const logs = new CloudWatchLogsClient(config);
  const acm = new ACMClient(config);
  const route53 = new Route53Client(config);

  // The API's tag filter narrows the answer; the tags are matched again here, as the emulator
  // ignores the filter for some types.
  const mine: Filter[] = [{ Name: 'tag:fleet:region', Values: [colour] }];
  const ours = (resources: TaggedResource[]) =>
    resources.filter((resource) => resource.tags['fleet:region'] === colour);

  const network = memo(async (type: NetworkType): Promise<TaggedResource[]> => {
    switch (type) {
      case 'vpc':
        return ours(
          await collect(paginateDescribeVpcs({ client: ec2 }, { Filters: mine }), (page) =>
            page.Vpcs?.map((vpc) => ({
              id: vpc.VpcId ?? '',
              tags: tagMap(vpc.Tags),
              attributes: { cidr_block: vpc.CidrBlock },
            })),
          ),
        );
      case 'subnet':
        return ours(
          await collect(paginateDescribeSubnets({ client: ec2 }, { Filters: mine }), (page) =>
            page.Subnets?.map((subnet) => ({
              id: subnet.SubnetId ?? '',
              tags: tagMap(subnet.Tags),
              attributes: {
                cidr_block: subnet.CidrBlock,
                availability_zone: subnet.AvailabilityZone,
              },
            })),
          ),
        );
      case 'internet-gateway':
        return ours(
          await collect(
            paginateDescribeInternetGateways({ client: ec2 }, { Filters: mine }),
            (page) =>
              page.InternetGateways?.map((gateway) => ({
                id: gateway.InternetGatewayId ?? '',
                tags: tagMap(gateway.Tags),
              })),
          ),
        );
      case 'eip': {
        const answer = await ec2.send(new DescribeAddressesCommand({ Filters: mine }));
        return ours(
          (answer.Addresses ?? []).map((address) => ({
            id: address.AllocationId ?? '',
            tags: tagMap(address.Tags),
          })),
        );
      }
      case 'nat-gateway':
        return ours(
          await collect(paginateDescribeNatGateways({ client: ec2 }, { Filter: mine }), (page) =>
            page.NatGateways?.filter(
              (gateway) => !['deleting', 'deleted', 'failed'].includes(gateway.State ?? ''),
            ).map((gateway) => ({ id: gateway.NatGatewayId ?? '', tags: tagMap(gateway.Tags) })),
          ),
        );
      case 'security-group':
        return ours(
          await collect(
            paginateDescribeSecurityGroups({ client: ec2 }, { Filters: mine }),
            (page) =>
              page.SecurityGroups?.map((group) => ({
                id: group.GroupId ?? '',
                tags: tagMap(group.Tags),
                attributes: { name: group.GroupName, vpc_id: group.VpcId },
              })),
          ),
        );
      case 'route-table':
        return ours(
          await collect(paginateDescribeRouteTables({ client: ec2 }, { Filters: mine }), (page) =>
            page.RouteTables?.map((table) => ({
              id: table.RouteTableId ?? '',
              tags: tagMap(table.Tags),
            })),
          ),
        );
    }
  });

  const kmsKeys = memo(async (): Promise<TaggedResource[]> => {
    const ids = await collect(paginateListKeys({ client: kms }, {}), (page) =>
      page.Keys?.map((key) => key.KeyId ?? ''),
    );
    const keys = await Promise.all(
      ids.map(async (id) => {
        const described = await kms.send(new DescribeKeyCommand({ KeyId: id }));
        // Keys that AWS manages for its services are never a region's; deleted keys are gone.
        const { KeyManager, KeyState } = described.KeyMetadata ?? {};
        if (KeyManager !== 'CUSTOMER' || (KeyState ?? '').startsWith('Pending')) return undefined;
        const tags = await kms.send(new ListResourceTagsCommand({ KeyId: id }));
        const map = Object.fromEntries(
          (tags.Tags ?? []).map((tag) => [tag.TagKey ?? '', tag.TagValue ?? '']),
        );
        return { id, tags: map };
      }),
    );
    return ours(keys.filter((key) => key !== undefined));
  });

  const kmsAliases = memo(async () =>
    collect(paginateListAliases({ client: kms }, {}), (page) =>
      page.Aliases?.map((alias) => alias.AliasName ?? ''),
    ),
  );

  const routeTable = memo((id: string) =>
    orNone(async () => {
      const answer = await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [id] }));
      const table = answer.RouteTables?.[0];
      if (table === undefined) return undefined;
      return {
        destinations: (table.Routes ?? []).flatMap((route) =>
          route.DestinationCidrBlock === undefined ? [] : [route.DestinationCidrBlock],
        ),
        subnets: (table.Associations ?? []).flatMap((association) =>
          association.SubnetId === undefined ? [] : [association.SubnetId],
        ),
      };
    }, undefined),
  );

  const oidcProviders = memo(async () => {
    const listed = await iam.send(new ListOpenIDConnectProvidersCommand({}));
    return Promise.all(
      (listed.OpenIDConnectProviderList ?? []).map(async ({ Arn }) => {
        const provider = await iam.send(
          new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: Arn }),
        );
        return { arn: Arn ?? '', url: (provider.Url ?? '').replace(/^https:\/\//, '') };
      }),
    );
  });

  const securityGroupRules = memo(async (groupId: string): Promise<SecurityGroupRule[]> =>
    orNone(
      () =>
        collect(
          paginateDescribeSecurityGroupRules(
            { client: ec2 },
            { Filters: [{ Name: 'group-id', Values: [groupId] }] },
          ),
          (page) =>
            page.SecurityGroupRules?.filter((rule) => rule.GroupId === groupId).map((rule) => ({
              id: rule.SecurityGroupRuleId ?? '',
              egress: rule.IsEgress === true,
              protocol: rule.IpProtocol ?? '',
              fromPort: rule.FromPort,
              toPort: rule.ToPort,
              cidrIpv4: rule.CidrIpv4,
              // The emulator prefixes the group with the account (`123456789012/sg-...`).
              referencedGroupId: rule.ReferencedGroupInfo?.GroupId?.split('/').pop(),
            })),
        ),
      [],
    ),
  );

  /** Zones, their names without the final dot, with their tags. */
  const hostedZones = memo(async () => {
    const zones = await collect(paginateListHostedZones({ client: route53 }, {}), (page) =>
      page.HostedZones?.map((zone) => ({
        id: (zone.Id ?? '').replace(/^\/hostedzone\//, ''),
        name: (zone.Name ?? '').replace(/\.$/, ''),
      })),
    );
    return Promise.all(
      zones.map(async (zone) => {
        const answer = await route53.send(
          new ListTagsForResourceCommand({ ResourceType: 'hostedzone', ResourceId: zone.id }),
        );
        return { ...zone, tags: tagMap(answer.ResourceTagSet?.Tags) };
      }),
    );
  });

  const certificates = memo(async (): Promise<(TaggedResource & { domain: string })[]> => {
    const summaries = await collect(paginateListCertificates({ client: acm }, {}), (page) =>
      page.CertificateSummaryList?.filter(
        (summary) => !['FAILED', 'REVOKED', 'EXPIRED'].includes(summary.Status ?? ''),
      ),
    );
    return ours(
      await Promise.all(
        summaries.map(async (summary) => {
          const arn = summary.CertificateArn ?? '';
          const answer = await acm.send(new ListTagsForCertificateCommand({ CertificateArn: arn }));
          return { id: arn, domain: summary.DomainName ?? '', tags: tagMap(answer.Tags) };
        }),
      ),
    ) as (TaggedResource & { domain: string })[];
  });

  return {
    network,
    routeTable,
    securityGroupRules,
    hostedZoneIds: async (name) =>
      (await hostedZones())
        .filter((zone) => zone.name === name && zone.tags['fleet:region'] === colour)
        .map((zone) => zone.id),
    recordExists: (zoneId, name, type) =>
      orNone(async () => {
        const answer = await route53.send(
          new ListResourceRecordSetsCommand({
            HostedZoneId: zoneId,
            StartRecordName: name,
            StartRecordType: type as RRType,
            MaxItems: 1,
          }),
        );
        const record = answer.ResourceRecordSets?.[0];
        return record?.Name?.replace(/\.$/, '') === name.replace(/\.$/, '') && record.Type === type;
      }, false),
    certificateArns: async (domain) =>
      (await certificates()).filter((cert) => cert.domain === domain).map((cert) => cert.id),
    kmsKeys,
    kmsAliasExists: async (name) => (await kmsAliases()).includes(name),
    logGroupExists: async (name) => {
      const answer = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
      return (answer.logGroups ?? []).some((group) => group.logGroupName === name);
    },
    launchTemplateId: (name) =>
      orNone(async () => {
        const answer = await ec2.send(
          new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: [name] }),
        );
        return answer.LaunchTemplates?.[0]?.LaunchTemplateId;
      }, undefined),
    iamRoleExists: (name) =>
      orNone(async () => {
        await iam.send(new GetRoleCommand({ RoleName: name }));
        return true;
      }, false),
    rolePolicyNames: memo((role: string) =>
      orNone(
        () =>
          collect(paginateListRolePolicies({ client: iam }, { RoleName: role }), (page) =>
            page.PolicyNames?.slice(),
          ),
        [],
      ),
    ),
    attachedPolicyArns: memo((role: string) =>
      orNone(
        () =>
          collect(paginateListAttachedRolePolicies({ client: iam }, { RoleName: role }), (page) =>
            page.AttachedPolicies?.map((policy) => policy.PolicyArn ?? ''),
          ),
        [],
      ),
    ),
    oidcProviders,
    eksClusterExists: (name) =>
      orNone(async () => {
        await eks.send(new DescribeClusterCommand({ name }));
        return true;
      }, false),
    eksNodegroupExists: (cluster, name) =>
      orNone(async () => {
        await eks.send(new DescribeNodegroupCommand({ clusterName: cluster, nodegroupName: name }));
        return true;
      }, false),
    eksAccessEntryExists: (cluster, principalArn) =>
      orNone(async () => {
        await eks.send(new DescribeAccessEntryCommand({ clusterName: cluster, principalArn }));
        return true;
      }, false),
    eksAccessPolicyArns: (cluster, principalArn) =>
      orNone(
        () =>
          collect(
            paginateListAssociatedAccessPolicies(
              { client: eks },
              { clusterName: cluster, principalArn },
            ),
            (page) => page.associatedAccessPolicies?.map((policy) => policy.policyArn ?? ''),
          ),
        [],
      ),
  };
}
