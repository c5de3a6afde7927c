import { countChanges } from '../scripts/lib/plan';

const change = (address: string, ...actions: string[]) => ({ address, change: { actions } });

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
    ).toEqual({ add: 2, change: 1, destroy: 1, destroyed: ['aws_kms_alias.secrets-key_alias'] });
  });

  test('counts a replacement as one to add and one to destroy', () => {
    expect(
      countChanges([change('aws_eks_node_group.nodegroup-core_nodegroup', 'delete', 'create')]),
    ).toEqual({
      add: 1,
      change: 0,
      destroy: 1,
      destroyed: ['aws_eks_node_group.nodegroup-core_nodegroup'],
    });
  });
});
