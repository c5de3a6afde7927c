import {
  certManagerStatements,
  clusterAutoscalerStatements,
  externalDnsStatements,
  nodeAddonStatements,
  policyDocument,
  type Statement,
} from '../modules/addons/iam-policies';

const ZONES = ['Z0PINKEXAMPLE0000001', 'Z0SHAREDEXAMPLE00002'];
const ZONE_ARNS = [
  'arn:aws:route53:::hostedzone/Z0PINKEXAMPLE0000001',
  'arn:aws:route53:::hostedzone/Z0SHAREDEXAMPLE00002',
];

/** Actions that only read: what an account-wide statement without a condition may grant. */
const READ_ONLY = /^[a-z0-9-]+:(Describe|List|Get)[A-Za-z]*$/;

const ALL = { autoScaler: true, externalDNS: true, certManager: true };
const NONE = { autoScaler: false, externalDNS: false, certManager: false };

/** Every statement each add-on's policy may hold, for checks that hold for all of them. */
const EVERY_POLICY: Record<string, Statement[]> = {
  'cluster-autoscaler': clusterAutoscalerStatements('eks-pink'),
  'external-dns': externalDnsStatements('aws', ZONES),
  'cert-manager': certManagerStatements('aws', ZONES),
};

describe('clusterAutoscalerStatements', () => {
  const [discover, scale] = clusterAutoscalerStatements('eks-pink');

  test('lets the autoscaler read groups, instance types and nodegroups account-wide', () => {
    expect(discover).toEqual({
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
    });
  });

  test('scales and terminates only in groups tagged as owned by the cluster', () => {
    expect(scale).toEqual({
      Sid: 'ScaleOwnNodeGroups',
      Effect: 'Allow',
      Action: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
      Resource: '*',
      Condition: {
        StringEquals: { 'aws:ResourceTag/k8s.io/cluster-autoscaler/eks-pink': 'owned' },
      },
    });
  });

  test('names the cluster it is given in the ownership condition', () => {
    const [, blueScale] = clusterAutoscalerStatements('eks-blue');
    expect(blueScale.Condition).toEqual({
      StringEquals: { 'aws:ResourceTag/k8s.io/cluster-autoscaler/eks-blue': 'owned' },
    });
  });
});

describe('externalDnsStatements', () => {
  test('changes records only in the given zones and lists zones account-wide', () => {
    expect(externalDnsStatements('aws', ZONES)).toEqual([
      {
        Sid: 'ChangeRegionRecords',
        Effect: 'Allow',
        Action: [
          'route53:ChangeResourceRecordSets',
          'route53:ListResourceRecordSets',
          'route53:ListTagsForResource',
        ],
        Resource: ZONE_ARNS,
      },
      {
        Sid: 'ListZones',
        Effect: 'Allow',
        Action: ['route53:ListHostedZones', 'route53:ListTagsForResources'],
        Resource: '*',
      },
    ]);
  });

  test('writes zone ARNs in the given partition', () => {
    const [change] = externalDnsStatements('aws-cn', ['Z0PINKEXAMPLE0000001']);
    expect(change.Resource).toEqual(['arn:aws-cn:route53:::hostedzone/Z0PINKEXAMPLE0000001']);
  });
});

describe('certManagerStatements', () => {
  test('changes only TXT records in the given zones and reads the state of its changes', () => {
    expect(certManagerStatements('aws', ZONES)).toEqual([
      {
        Sid: 'ChallengeRecords',
        Effect: 'Allow',
        Action: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets'],
        Resource: ZONE_ARNS,
        Condition: {
          'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['TXT'] },
        },
      },
      {
        Sid: 'ChangeStatus',
        Effect: 'Allow',
        Action: ['route53:GetChange'],
        Resource: 'arn:aws:route53:::change/*',
      },
      {
        Sid: 'FindZones',
        Effect: 'Allow',
        Action: ['route53:ListHostedZonesByName'],
        Resource: '*',
      },
    ]);
  });
});

describe('every add-on policy', () => {
  const statements = Object.entries(EVERY_POLICY).flatMap(([addon, list]) =>
    list.map((statement) => ({ addon, statement })),
  );

  test('grants no wildcard action', () => {
    const wildcards = statements.filter(({ statement }) =>
      statement.Action.some((action) => action.includes('*')),
    );
    expect(wildcards).toEqual([]);
  });

  test('grants on every resource only reads, unless a condition narrows the resources', () => {
    const broad = statements.filter(
      ({ statement }) =>
        statement.Resource === '*' &&
        statement.Condition === undefined &&
        !statement.Action.every((action) => READ_ONLY.test(action)),
    );
    expect(broad).toEqual([]);
  });

  test('changes Route 53 records only in the zones it is given', () => {
    const changes = statements.filter(({ statement }) =>
      statement.Action.includes('route53:ChangeResourceRecordSets'),
    );
    expect(changes.map(({ addon, statement }) => [addon, statement.Resource])).toEqual([
      ['external-dns', ZONE_ARNS],
      ['cert-manager', ZONE_ARNS],
    ]);
  });

  test('gives every statement an id of its own within its policy', () => {
    for (const list of Object.values(EVERY_POLICY)) {
      const ids = list.map((statement) => statement.Sid);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });
});

describe('nodeAddonStatements', () => {
  test('grants nothing when no add-on policy is set', () => {
    expect(nodeAddonStatements(NONE, 'eks-pink', 'aws', ZONES)).toEqual([]);
  });

  test('grants the same statements as each add-on role, for each flag set', () => {
    expect(nodeAddonStatements({ ...NONE, autoScaler: true }, 'eks-pink', 'aws', ZONES)).toEqual(
      EVERY_POLICY['cluster-autoscaler'],
    );
    expect(nodeAddonStatements({ ...NONE, externalDNS: true }, 'eks-pink', 'aws', ZONES)).toEqual(
      EVERY_POLICY['external-dns'],
    );
    expect(nodeAddonStatements({ ...NONE, certManager: true }, 'eks-pink', 'aws', ZONES)).toEqual(
      EVERY_POLICY['cert-manager'],
    );
  });

  test('grants the statements of every flag set, autoscaler then DNS then certificates', () => {
    expect(nodeAddonStatements(ALL, 'eks-pink', 'aws', ZONES)).toEqual([
      ...EVERY_POLICY['cluster-autoscaler'],
      ...EVERY_POLICY['external-dns'],
      ...EVERY_POLICY['cert-manager'],
    ]);
  });
});

describe('policyDocument', () => {
  test('wraps statements in a 2012-10-17 policy document', () => {
    const statements = clusterAutoscalerStatements('eks-pink');
    expect(JSON.parse(policyDocument(statements))).toEqual({
      Version: '2012-10-17',
      Statement: statements,
    });
  });
});
