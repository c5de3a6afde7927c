import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Release } from '@cdktf/provider-helm/lib/release';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { Testing } from 'cdktf';
import { ClusterAutoscaler } from '../modules/addons/cluster-autoscaler';
import { clusterAutoscalerStatements } from '../modules/addons/iam-policies';
import type { RegionInput } from '../modules/config';
import {
  addonContext,
  addonsWith,
  type ContextOptions,
  serviceAccountTrust,
} from './addon-context';
import { policyOf, referenceTo, releaseOf, releaseValues, resourcesOf } from './synthesized';

type ClusterAutoscalerInput = NonNullable<RegionInput['addons']>['clusterAutoscaler'];

function synthAutoscaler(changes: ClusterAutoscalerInput = {}, options: ContextOptions = {}) {
  const config = addonsWith({ clusterAutoscaler: changes }).clusterAutoscaler;
  return Testing.synthScope((stack) => {
    new ClusterAutoscaler(stack, 'cluster-autoscaler', {
      context: addonContext(stack, options),
      config,
    });
  });
}

function valuesOf(synthesized: string): Record<string, unknown> {
  return releaseValues(releaseOf(synthesized, 'cluster-autoscaler', Release));
}

describe('ClusterAutoscaler', () => {
  const synthesized = synthAutoscaler();
  const roleArn = referenceTo(synthesized, IamRole, 'arn');

  test('installs cluster-autoscaler 9.59.0 from its repository into its own namespace', () => {
    expect(synthesized).toHaveResourceWithProperties(Release, {
      name: 'cluster-autoscaler',
      chart: 'cluster-autoscaler',
      repository: 'https://kubernetes.github.io/autoscaler',
      version: '9.59.0',
      namespace: referenceTo(synthesized, NamespaceV1, 'metadata[0].name'),
    });
    expect(synthesized).toHaveResourceWithProperties(NamespaceV1, {
      metadata: expect.objectContaining({ name: 'cluster-autoscaler' }),
    });
  });

  test('discovers the nodegroups of its cluster on AWS and balances similar ones', () => {
    expect(valuesOf(synthesized)).toEqual({
      cloudProvider: 'aws',
      awsRegion: 'us-west-2',
      autoDiscovery: { clusterName: 'eks-pink' },
      image: { tag: 'v1.33.0' },
      extraArgs: { 'balance-similar-node-groups': true, expander: 'least-waste' },
      rbac: {
        serviceAccount: {
          create: true,
          name: 'cluster-autoscaler',
          annotations: { 'eks.amazonaws.com/role-arn': roleArn },
        },
      },
    });
  });

  test('can configure the expander', () => {
    expect(valuesOf(synthAutoscaler({ expander: 'priority' })).extraArgs).toEqual({
      'balance-similar-node-groups': true,
      expander: 'priority',
    });
  });

  test("runs the autoscaler release that matches the cluster's Kubernetes minor version", () => {
    const values = valuesOf(synthAutoscaler({}, { kubernetesVersion: '1.35' }));
    expect(values.image).toEqual({ tag: 'v1.35.0' });
  });

  test('names its IAM role after the cluster, the AWS region and cluster-autoscaler', () => {
    expect(synthesized).toHaveResourceWithProperties(IamRole, {
      name: 'eks-pink-us-west-2-cluster-autoscaler',
    });
  });

  test('lets only the service account the autoscaler runs as assume its IAM role', () => {
    const [role] = Object.values(resourcesOf(synthesized, IamRole));
    const rbac = valuesOf(synthesized).rbac as { serviceAccount: { name: string } };
    expect(policyOf(role.assume_role_policy).Statement).toEqual(
      serviceAccountTrust('cluster-autoscaler', rbac.serviceAccount.name),
    );
  });

  test('lets its IAM role scale only the groups its cluster owns', () => {
    const [policy] = Object.values(resourcesOf(synthesized, IamRolePolicy));
    const statements = policyOf(policy.policy).Statement;
    expect(statements).toEqual(clusterAutoscalerStatements('eks-pink'));
    const mutations = statements.filter((statement) =>
      ([] as string[])
        .concat(statement.Action)
        .some((action) => /:(Set|Terminate|Update|Create|Delete)/.test(action)),
    );
    expect(mutations.map((statement) => statement.Condition)).toEqual([
      { StringEquals: { 'aws:ResourceTag/k8s.io/cluster-autoscaler/eks-pink': 'owned' } },
    ]);
  });

  test("merges the region's values over its own", () => {
    const values = valuesOf(
      synthAutoscaler({
        values: { extraArgs: { 'scale-down-unneeded-time': '5m' }, replicaCount: 2 },
      }),
    );
    expect(values).toEqual(
      expect.objectContaining({
        replicaCount: 2,
        extraArgs: {
          'balance-similar-node-groups': true,
          expander: 'least-waste',
          'scale-down-unneeded-time': '5m',
        },
      }),
    );
  });

  test('builds only its IAM role for the autoscaler without an install target', () => {
    const awsOnly = synthAutoscaler({}, { install: false });
    expect(awsOnly).toHaveResourceWithProperties(IamRole, {
      name: 'eks-pink-us-west-2-cluster-autoscaler',
    });
    expect(awsOnly).not.toHaveResource(Release);
    expect(awsOnly).not.toHaveResource(NamespaceV1);
  });
});
