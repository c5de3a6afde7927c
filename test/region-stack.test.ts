import { DataAwsIamSessionContext } from '@cdktf/provider-aws/lib/data-aws-iam-session-context';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Testing } from 'cdktf';
import { resolveRegion } from '../modules/config';
import { RegionStack } from '../modules/region-stack';
import type { Target } from '../modules/target';
import pink from '../regions/pink';
import { parseStack, resourcesOf } from './synthesized';

const AWS: Target = { kind: 'aws', stateBucket: 'fleet-state', stateRegion: 'us-west-2' };
const LOCAL: Target = { ...AWS, kind: 'local', emulatorUrl: 'http://127.0.0.1:4599' };

function synthRegion(input: object, target: Target = AWS): string {
  return Testing.synth(new RegionStack(Testing.app(), resolveRegion('pink', input), target));
}

describe('RegionStack for pink', () => {
  const synthesized = synthRegion(pink);

  test('creates one VPC with three public and three private subnets', () => {
    expect(Object.keys(resourcesOf(synthesized, Vpc))).toEqual(['network_vpc']);
    const cidrs = Object.values(resourcesOf(synthesized, Subnet)).map(
      (subnet) => subnet.cidr_block,
    );
    expect(cidrs).toHaveLength(6);
    expect(cidrs).toEqual(
      expect.arrayContaining([
        '10.10.0.0/18',
        '10.10.64.0/18',
        '10.10.128.0/18',
        '10.10.192.0/20',
        '10.10.208.0/20',
        '10.10.224.0/20',
      ]),
    );
  });

  test('creates the acceptor, core and tenantUnit nodegroups', () => {
    const nodegroups = Object.values(resourcesOf(synthesized, EksNodeGroup));
    expect(nodegroups.map((nodegroup) => nodegroup.node_group_name)).toEqual([
      'acceptor',
      'core',
      'tenantUnit',
    ]);
  });

  test('sizes tenantUnit as its region file says', () => {
    expect(synthesized).toHaveResourceWithProperties(EksNodeGroup, {
      node_group_name: 'tenantUnit',
      instance_types: ['r5.4xlarge'],
      scaling_config: { min_size: 1, max_size: 100, desired_size: 1 },
      labels: { instanaGroup: 'tenantUnit', vendor: 'instana', zone: 'private' },
    });
  });

  test('tags everything through the provider with the region, its kind and the tool', () => {
    expect(synthesized).toHaveProviderWithProperties(AwsProvider, {
      region: 'us-west-2',
      default_tags: [
        {
          tags: {
            team: 'sre',
            'fleet:region': 'pink',
            'fleet:kind': 'MultiRegion',
            'managed-by': 'eks-fleet',
          },
        },
      ],
    });
  });

  test('keeps its state under its own key in the state bucket', () => {
    expect(parseStack(synthesized).terraform?.backend?.s3).toEqual(
      expect.objectContaining({ bucket: 'fleet-state', key: 'regions/pink/terraform.tfstate' }),
    );
  });

  test('outputs what an operator needs to reach the cluster', () => {
    expect(Object.keys(parseStack(synthesized).output ?? {}).sort()).toEqual([
      'cluster_endpoint',
      'cluster_name',
      'kms_key_arn',
      'kubeconfig_command',
      'nodegroup_names',
      'oidc_issuer',
      'private_subnet_ids',
      'public_subnet_ids',
      'vpc_id',
    ]);
    expect(parseStack(synthesized).output?.kubeconfig_command).toEqual({
      value: 'aws eks update-kubeconfig --region us-west-2 --name eks-pink --alias pink',
      description: 'Adds this cluster to ~/.kube/config',
    });
  });

  test('gives resources addresses that read as their construct paths', () => {
    expect(Object.keys(resourcesOf(synthesized, EksCluster))).toEqual(['cluster_eks']);
    expect(Object.keys(resourcesOf(synthesized, EksNodeGroup))).toEqual([
      'nodegroup-acceptor_nodegroup',
      'nodegroup-core_nodegroup',
      'nodegroup-tenantUnit_nodegroup',
    ]);
    expect(Object.keys(resourcesOf(synthesized, IamRole)).sort()).toEqual([
      'cluster_role',
      'nodegroup-acceptor_role',
      'nodegroup-core_role',
      'nodegroup-tenantUnit_role',
    ]);
  });

  test('makes the deploying role cluster admin by default', () => {
    expect(synthesized).toHaveDataSource(DataAwsIamSessionContext);
    expect(synthesized).toHaveResourceWithProperties(EksAccessEntry, {
      principal_arn: '${data.aws_iam_session_context.deployer.issuer_arn}',
    });
  });

  test('can configure the cluster admin with adminRoleArn', () => {
    const adminRoleArn = 'arn:aws:iam::123456789012:role/platform-admin';
    const withAdmin = synthRegion({ ...pink, adminRoleArn });
    expect(withAdmin).toHaveResourceWithProperties(EksAccessEntry, { principal_arn: adminRoleArn });
    expect(withAdmin).not.toHaveDataSource(DataAwsIamSessionContext);
  });

  test('runs without access entries against the emulator on the local target', () => {
    const local = synthRegion(pink, LOCAL);
    expect(local).not.toHaveResource(EksAccessEntry);
    expect(local).not.toHaveDataSource(DataAwsIamSessionContext);
    expect(local).toHaveProviderWithProperties(AwsProvider, {
      endpoints: [expect.objectContaining({ eks: 'http://127.0.0.1:4599' })],
    });
  });

  test('notes the emulator URL on the stack only for the local target', () => {
    const notes = (target: Target) =>
      new RegionStack(Testing.app(), resolveRegion('pink', pink), target).node.metadata.map(
        (entry) => entry.data,
      );
    expect(notes(LOCAL)).toEqual([
      'local target: AWS calls go to the emulator at http://127.0.0.1:4599; the Kubernetes and Helm add-ons and their providers are left out',
    ]);
    expect(notes(AWS)).toEqual([]);
  });

  test('builds without loading the @cdktf/provider-aws package root', async () => {
    const rootLoads: string[] = [];
    await jest.isolateModulesAsync(async () => {
      jest.doMock('@cdktf/provider-aws', () => {
        rootLoads.push('@cdktf/provider-aws');
        return {};
      });
      const isolated = await import('../modules/region-stack');
      new isolated.RegionStack(Testing.app(), resolveRegion('pink', pink), AWS);
    });
    expect(rootLoads).toEqual([]);
  });
});
