/**
 * The AWS permissions of the add-ons, as policy statements. Both an add-on's own role (IRSA)
 * and a nodegroup's role (`addonPolicies`, for parity with eksctl) are built from these, so the
 * two can never drift apart.
 */

export interface Statement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

export function policyDocument(statements: readonly Statement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

function zoneArns(partition: string, zoneIds: readonly string[]): string[] {
  return zoneIds.map((id) => `arn:${partition}:route53:::hostedzone/${id}`);
}

/**
 * cluster-autoscaler: reads of groups, instance types and nodegroups are account-wide (AWS
 * offers no narrower resource for them); the two mutations apply only to Auto Scaling groups
 * tagged as owned by this cluster.
 */
export function clusterAutoscalerStatements(clusterName: string): Statement[] {
  return [
    {
      Sid: 'DiscoverNodeGroups',
      Effect: 'Allow',
      Action: [
        'autoscaling:DescribeAutoScalingGroups',
        'autoscaling:DescribeAutoScalingInstances',
        'autoscaling:DescribeLaunchConfigurations',
        'autoscaling:DescribeScalingActivities',
        'autoscaling:DescribeTags',
        'ec2:DescribeImages',
        'ec2:DescribeInstanceTypes',
        'ec2:DescribeLaunchTemplateVersions',
        'ec2:GetInstanceTypesFromInstanceRequirements',
        'eks:DescribeNodegroup',
      ],
      Resource: '*',
    },
    {
      Sid: 'ScaleOwnNodeGroups',
      Effect: 'Allow',
      Action: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
      Resource: '*',
      Condition: {
        StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: 'owned' },
      },
    },
  ];
}

/** external-dns: record changes in the region's zones only; listing zones is account-wide. */
export function externalDnsStatements(partition: string, zoneIds: readonly string[]): Statement[] {
  return [
    {
      Sid: 'ChangeRegionRecords',
      Effect: 'Allow',
      Action: [
        'route53:ChangeResourceRecordSets',
        'route53:ListResourceRecordSets',
        'route53:ListTagsForResource',
      ],
      Resource: zoneArns(partition, zoneIds),
    },
    {
      Sid: 'ListZones',
      Effect: 'Allow',
      Action: ['route53:ListHostedZones', 'route53:ListTagsForResources'],
      Resource: '*',
    },
  ];
}

/** cert-manager DNS-01: TXT records in the region's zones only, and the state of its changes. */
export function certManagerStatements(partition: string, zoneIds: readonly string[]): Statement[] {
  return [
    {
      Sid: 'ChallengeRecords',
      Effect: 'Allow',
      Action: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets'],
      Resource: zoneArns(partition, zoneIds),
      Condition: {
        'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['TXT'] },
      },
    },
    {
      Sid: 'ChangeStatus',
      Effect: 'Allow',
      Action: ['route53:GetChange'],
      Resource: `arn:${partition}:route53:::change/*`,
    },
    {
      Sid: 'FindZones',
      Effect: 'Allow',
      Action: ['route53:ListHostedZonesByName'],
      Resource: '*',
    },
  ];
}

/** The add-on permissions a nodegroup's `addonPolicies` grant to its node role. */
export function nodeAddonStatements(
  flags: {
    readonly autoScaler: boolean;
    readonly externalDNS: boolean;
    readonly certManager: boolean;
  },
  clusterName: string,
  partition: string,
  zoneIds: readonly string[],
): Statement[] {
  return [
    ...(flags.autoScaler ? clusterAutoscalerStatements(clusterName) : []),
    ...(flags.externalDNS ? externalDnsStatements(partition, zoneIds) : []),
    ...(flags.certManager ? certManagerStatements(partition, zoneIds) : []),
  ];
}
