import { countChanges } from '../scripts/lib/plan';

const change = (address: string, ...actions: string[]) => ({
  address,
  type: address.split('.')[0],
  change: { actions },
});

describe('countChanges', () => {
  test('counts creations, updates and deletions as terraform plan sums them', () => {
    expect(
      countChanges([
        change('aws_vpc.network_vpc', 'create'),
        change('aws_subnet.a', 'create'),
        change('aws_eks_cluster.cluster_eks', 'update'),
        change('aws_kms_alias.secrets-key_alias', 'delete'),
        change('data.aws_partition.partition', 'read'),
        change('aws_iam_role.cluster_role', 'no-op'),
      ]),
    ).toEqual({
      add: 2,
      change: 1,
      destroy: 1,
      destroyed: ['aws_kms_alias.secrets-key_alias'],
      guarded: [],
    });
  });

  test('counts a replacement as one to add and one to destroy', () => {
    expect(countChanges([change('aws_iam_role.cluster_role', 'delete', 'create')])).toEqual({
      add: 1,
      change: 0,
      destroy: 1,
      destroyed: ['aws_iam_role.cluster_role'],
      guarded: [],
    });
  });

  test("flags the replacement of a region's DNS zone", () => {
    const counts = countChanges([
      change('aws_route53_zone.ingress_zone', 'delete', 'create'),
      change('aws_route53_record.ingress_delegation', 'delete', 'create'),
    ]);
    expect(counts.guarded).toEqual(['aws_route53_zone.ingress_zone']);
  });

  test('flags the destruction or replacement of a cluster, nodegroup, KMS key or VPC', () => {
    const counts = countChanges([
      change('aws_eks_cluster.cluster_eks', 'delete', 'create'),
      change('aws_eks_node_group.nodegroup-core_nodegroup', 'create', 'delete'),
      change('aws_kms_key.secrets-key_key', 'delete'),
      change('aws_vpc.network_vpc', 'delete'),
      change('aws_subnet.network_private-us-west-2a', 'delete'),
      change('aws_eks_node_group.nodegroup-acceptor_nodegroup', 'update'),
    ]);
    expect(counts.guarded).toEqual([
      'aws_eks_cluster.cluster_eks',
      'aws_eks_node_group.nodegroup-core_nodegroup',
      'aws_kms_key.secrets-key_key',
      'aws_vpc.network_vpc',
    ]);
    expect(counts.destroy).toBe(5);
  });
});
