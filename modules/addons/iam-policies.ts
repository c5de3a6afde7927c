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

/** Where the load balancer controller may act: one account, one AWS region, one VPC. */
export interface LoadBalancerScope {
  readonly partition: string;
  readonly awsRegion: string;
  readonly accountId: string;
  readonly vpcId: string;
  readonly clusterName: string;
}

/**
 * The AWS Load Balancer Controller, written for this fleet rather than taken from upstream:
 * reads are account-wide, as AWS offers nothing narrower for them; every change is to load
 * balancers, target groups and security groups that carry this cluster's tag, in its own AWS
 * region and account, and security group rules only in the region's VPC. WAF, Shield and
 * Cognito are left out: the controller runs with them off.
 */
export function loadBalancerControllerStatements(scope: LoadBalancerScope): Statement[] {
  const { partition, awsRegion, accountId, vpcId, clusterName } = scope;
  const ec2 = `arn:${partition}:ec2:${awsRegion}:${accountId}`;
  const elb = `arn:${partition}:elasticloadbalancing:${awsRegion}:${accountId}`;
  const securityGroups = `${ec2}:security-group/*`;
  const balancersAndGroups = [
    `${elb}:loadbalancer/app/*/*`,
    `${elb}:loadbalancer/net/*/*`,
    `${elb}:targetgroup/*/*`,
  ];
  const listeners = [
    `${elb}:listener/app/*/*/*`,
    `${elb}:listener/net/*/*/*`,
    `${elb}:listener-rule/app/*/*/*/*`,
    `${elb}:listener-rule/net/*/*/*/*`,
  ];
  const tag = 'elbv2.k8s.aws/cluster';
  const requestTagged = { StringEquals: { [`aws:RequestTag/${tag}`]: clusterName } };
  const resourceTagged = { StringEquals: { [`aws:ResourceTag/${tag}`]: clusterName } };
  return [
    {
      Sid: 'LoadBalancingServiceRole',
      Effect: 'Allow',
      Action: ['iam:CreateServiceLinkedRole'],
      Resource: `arn:${partition}:iam::${accountId}:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing`,
      Condition: { StringEquals: { 'iam:AWSServiceName': 'elasticloadbalancing.amazonaws.com' } },
    },
    {
      Sid: 'Discover',
      Effect: 'Allow',
      Action: [
        'acm:DescribeCertificate',
        'acm:ListCertificates',
        'ec2:DescribeAccountAttributes',
        'ec2:DescribeAddresses',
        'ec2:DescribeAvailabilityZones',
        'ec2:DescribeCoipPools',
        'ec2:DescribeInstances',
        'ec2:DescribeInternetGateways',
        'ec2:DescribeIpamPools',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeRouteTables',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSubnets',
        'ec2:DescribeTags',
        'ec2:DescribeVpcPeeringConnections',
        'ec2:DescribeVpcs',
        'ec2:GetCoipPoolUsage',
        'ec2:GetSecurityGroupsForVpc',
        'elasticloadbalancing:DescribeCapacityReservation',
        'elasticloadbalancing:DescribeListenerAttributes',
        'elasticloadbalancing:DescribeListenerCertificates',
        'elasticloadbalancing:DescribeListeners',
        'elasticloadbalancing:DescribeLoadBalancerAttributes',
        'elasticloadbalancing:DescribeLoadBalancers',
        'elasticloadbalancing:DescribeRules',
        'elasticloadbalancing:DescribeSSLPolicies',
        'elasticloadbalancing:DescribeTags',
        'elasticloadbalancing:DescribeTargetGroupAttributes',
        'elasticloadbalancing:DescribeTargetGroups',
        'elasticloadbalancing:DescribeTargetHealth',
        'elasticloadbalancing:DescribeTrustStores',
      ],
      Resource: '*',
    },
    {
      Sid: 'SecurityGroupsInRegionVpc',
      Effect: 'Allow',
      Action: ['ec2:CreateSecurityGroup'],
      Resource: `${ec2}:vpc/${vpcId}`,
    },
    {
      Sid: 'CreateOwnSecurityGroups',
      Effect: 'Allow',
      Action: ['ec2:CreateSecurityGroup'],
      Resource: securityGroups,
      Condition: requestTagged,
    },
    {
      Sid: 'TagOwnSecurityGroupsAtCreation',
      Effect: 'Allow',
      Action: ['ec2:CreateTags'],
      Resource: securityGroups,
      Condition: {
        StringEquals: { ...requestTagged.StringEquals, 'ec2:CreateAction': 'CreateSecurityGroup' },
      },
    },
    {
      Sid: 'ManageOwnSecurityGroups',
      Effect: 'Allow',
      Action: [
        'ec2:AuthorizeSecurityGroupIngress',
        'ec2:CreateTags',
        'ec2:DeleteSecurityGroup',
        'ec2:DeleteTags',
        'ec2:RevokeSecurityGroupIngress',
      ],
      Resource: securityGroups,
      Condition: resourceTagged,
    },
    {
      Sid: 'BackendRulesInRegionVpc',
      Effect: 'Allow',
      Action: ['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'],
      Resource: securityGroups,
      Condition: { ArnEquals: { 'ec2:Vpc': `${ec2}:vpc/${vpcId}` } },
    },
    {
      Sid: 'CreateOwnLoadBalancers',
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:AddTags',
        'elasticloadbalancing:CreateLoadBalancer',
        'elasticloadbalancing:CreateTargetGroup',
      ],
      Resource: balancersAndGroups,
      Condition: requestTagged,
    },
    {
      Sid: 'ManageOwnLoadBalancers',
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:AddTags',
        'elasticloadbalancing:DeleteLoadBalancer',
        'elasticloadbalancing:DeleteTargetGroup',
        'elasticloadbalancing:DeregisterTargets',
        'elasticloadbalancing:ModifyCapacityReservation',
        'elasticloadbalancing:ModifyIpPools',
        'elasticloadbalancing:ModifyLoadBalancerAttributes',
        'elasticloadbalancing:ModifyTargetGroup',
        'elasticloadbalancing:ModifyTargetGroupAttributes',
        'elasticloadbalancing:RegisterTargets',
        'elasticloadbalancing:RemoveTags',
        'elasticloadbalancing:SetIpAddressType',
        'elasticloadbalancing:SetSecurityGroups',
        'elasticloadbalancing:SetSubnets',
      ],
      Resource: balancersAndGroups,
      Condition: resourceTagged,
    },
    {
      Sid: 'ManageListenersAndRules',
      Effect: 'Allow',
      Action: [
        'elasticloadbalancing:AddListenerCertificates',
        'elasticloadbalancing:AddTags',
        'elasticloadbalancing:CreateListener',
        'elasticloadbalancing:CreateRule',
        'elasticloadbalancing:DeleteListener',
        'elasticloadbalancing:DeleteRule',
        'elasticloadbalancing:ModifyListener',
        'elasticloadbalancing:ModifyListenerAttributes',
        'elasticloadbalancing:ModifyRule',
        'elasticloadbalancing:RemoveListenerCertificates',
        'elasticloadbalancing:RemoveTags',
        'elasticloadbalancing:SetRulePriorities',
      ],
      // Listeners and rules live under the region's own balancers; they may not carry the
      // cluster tag when created, so they are scoped by account and AWS region instead.
      Resource: [...listeners, ...balancersAndGroups.slice(0, 2)],
    },
  ];
}
