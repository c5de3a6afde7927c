import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Testing } from 'cdktf';
import { Cluster, type ClusterProps } from '../modules/cluster';
import { referenceTo, resourcesOf } from './synthesized';

const KEY_ARN = 'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const PROPS: ClusterProps = {
  clusterName: 'eks-pink',
  awsRegion: 'us-west-2',
  kubernetesVersion: '1.33',
  subnetIds: ['subnet-a', 'subnet-b', 'subnet-c'],
  secretsKeyArn: KEY_ARN,
  publicAccess: false,
  publicAccessCidrs: [],
  adminPrincipalArn: 'arn:aws:iam::123456789012:role/platform-admin',
  partition: 'aws',
};

function synthCluster(props: Partial<ClusterProps> = {}): string {
  return Testing.synthScope((stack) => new Cluster(stack, 'cluster', { ...PROPS, ...props }));
}

describe('Cluster', () => {
  const synthesized = synthCluster();
  const emulated = synthCluster({ emulatorWorkarounds: true });

  test('runs the given Kubernetes version under the given name', () => {
    expect(synthesized).toHaveResourceWithProperties(EksCluster, {
      name: 'eks-pink',
      version: '1.33',
    });
  });

  test('encrypts Kubernetes secrets with the given key', () => {
    expect(synthesized).toHaveResourceWithProperties(EksCluster, {
      encryption_config: { resources: ['secrets'], provider: { key_arn: KEY_ARN } },
    });
  });

  test('lets the cluster role use the secrets key', () => {
    const [policy] = Object.values(resourcesOf(synthesized, IamRolePolicy));
    const document = JSON.parse(policy.policy as string) as {
      Statement: { Action: string | string[]; Resource: string }[];
    };
    expect(document.Statement.map((statement) => statement.Resource)).toEqual([KEY_ARN, KEY_ARN]);
    expect(document.Statement.flatMap((statement) => statement.Action)).toEqual(
      expect.arrayContaining(['kms:Encrypt', 'kms:Decrypt', 'kms:CreateGrant']),
    );
  });

  test('sends all five control-plane log types to a log group kept 90 days by default', () => {
    expect(synthesized).toHaveResourceWithProperties(EksCluster, {
      enabled_cluster_log_types: [
        'api',
        'audit',
        'authenticator',
        'controllerManager',
        'scheduler',
      ],
    });
    expect(synthesized).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/aws/eks/eks-pink/cluster',
      retention_in_days: 90,
    });
  });

  test('can configure the log retention', () => {
    expect(synthCluster({ logRetentionDays: 365 })).toHaveResourceWithProperties(
      CloudwatchLogGroup,
      { retention_in_days: 365 },
    );
  });

  test('keeps the endpoint private when public access is off', () => {
    expect(synthesized).toHaveResourceWithProperties(EksCluster, {
      vpc_config: {
        subnet_ids: ['subnet-a', 'subnet-b', 'subnet-c'],
        endpoint_private_access: true,
        endpoint_public_access: false,
      },
    });
  });

  test('can configure a public endpoint limited to the given CIDR blocks', () => {
    const open = synthCluster({ publicAccess: true, publicAccessCidrs: ['203.0.113.0/24'] });
    expect(open).toHaveResourceWithProperties(EksCluster, {
      vpc_config: expect.objectContaining({
        endpoint_private_access: true,
        endpoint_public_access: true,
        public_access_cidrs: ['203.0.113.0/24'],
      }),
    });
  });

  test('authenticates through the EKS API without admin rights for the creator', () => {
    expect(synthesized).toHaveResourceWithProperties(EksCluster, {
      access_config: {
        authentication_mode: 'API',
        bootstrap_cluster_creator_admin_permissions: false,
      },
    });
  });

  test('makes the admin principal cluster admin through an access entry on AWS', () => {
    expect(synthesized).toHaveResourceWithProperties(EksAccessEntry, {
      principal_arn: 'arn:aws:iam::123456789012:role/platform-admin',
      type: 'STANDARD',
    });
    expect(synthesized).toHaveResourceWithProperties(EksAccessPolicyAssociation, {
      policy_arn: 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
      access_scope: { type: 'cluster' },
    });
  });

  test('leaves out the access entry and its policy with emulatorWorkarounds', () => {
    expect(emulated).not.toHaveResource(EksAccessEntry);
    expect(emulated).not.toHaveResource(EksAccessPolicyAssociation);
  });

  test('ignores changes to access_config only with emulatorWorkarounds', () => {
    expect(emulated).toHaveResourceWithProperties(EksCluster, {
      lifecycle: { ignore_changes: ['access_config'] },
    });
    const [cluster] = Object.values(resourcesOf(synthesized, EksCluster));
    expect(cluster).not.toHaveProperty('lifecycle');
  });

  test('trusts the cluster OIDC issuer for the sts.amazonaws.com audience', () => {
    expect(synthesized).toHaveResourceWithProperties(IamOpenidConnectProvider, {
      client_id_list: ['sts.amazonaws.com'],
      url: referenceTo(synthesized, EksCluster, 'identity[0].oidc[0].issuer'),
    });
  });

  test('names the cluster role after the cluster and the AWS region', () => {
    expect(synthesized).toHaveResourceWithProperties(IamRole, {
      name: 'eks-pink-us-west-2-cluster',
    });
    const [role] = Object.values(resourcesOf(synthesized, IamRole));
    expect(JSON.parse(role.assume_role_policy as string)).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    });
  });

  test('attaches the AmazonEKSClusterPolicy in the given partition', () => {
    expect(synthCluster({ partition: 'aws-us-gov' })).toHaveResourceWithProperties(
      IamRolePolicyAttachment,
      { policy_arn: 'arn:aws-us-gov:iam::aws:policy/AmazonEKSClusterPolicy' },
    );
  });
});
