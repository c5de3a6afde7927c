import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Testing } from 'cdktf';
import { clusterAutoscalerStatements } from '../modules/addons/iam-policies';
import { ServiceAccountRole, type ServiceAccountRoleProps } from '../modules/irsa';
import { ISSUER_HOST, OIDC_ISSUER, OIDC_PROVIDER_ARN } from './addon-context';
import { policyOf, referenceTo, resourcesOf } from './synthesized';

const PROPS: ServiceAccountRoleProps = {
  clusterName: 'eks-pink',
  awsRegion: 'us-west-2',
  name: 'cluster-autoscaler',
  oidcProviderArn: OIDC_PROVIDER_ARN,
  oidcIssuer: OIDC_ISSUER,
  namespace: 'cluster-autoscaler',
  serviceAccount: 'cluster-autoscaler',
  statements: clusterAutoscalerStatements('eks-pink'),
};

function synthRole(props: Partial<ServiceAccountRoleProps> = {}): string {
  return Testing.synthScope((stack) => {
    new ServiceAccountRole(stack, 'irsa', { ...PROPS, ...props });
  });
}

function trustOf(synthesized: string) {
  const [role] = Object.values(resourcesOf(synthesized, IamRole));
  return policyOf(role.assume_role_policy);
}

describe('ServiceAccountRole', () => {
  const synthesized = synthRole();

  test('names the role after the cluster, the AWS region and its purpose', () => {
    expect(synthesized).toHaveResourceWithProperties(IamRole, {
      name: 'eks-pink-us-west-2-cluster-autoscaler',
    });
  });

  test('lets only the one service account assume the role through the cluster OIDC provider', () => {
    expect(trustOf(synthesized)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: OIDC_PROVIDER_ARN },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: {
              [`${ISSUER_HOST}:sub`]: 'system:serviceaccount:cluster-autoscaler:cluster-autoscaler',
              [`${ISSUER_HOST}:aud`]: 'sts.amazonaws.com',
            },
          },
        },
      ],
    });
  });

  test('trusts the namespace and service account it is given', () => {
    const trust = trustOf(synthRole({ namespace: 'dns', serviceAccount: 'records' }));
    expect(trust.Statement[0].Condition?.StringEquals).toEqual({
      [`${ISSUER_HOST}:sub`]: 'system:serviceaccount:dns:records',
      [`${ISSUER_HOST}:aud`]: 'sts.amazonaws.com',
    });
  });

  test('gives the role exactly the statements it is given, in a policy named for its purpose', () => {
    const [policy] = Object.values(resourcesOf(synthesized, IamRolePolicy));
    expect(policy.name).toBe('cluster-autoscaler');
    expect(policy.role).toBe(referenceTo(synthesized, IamRole, 'id'));
    expect(policyOf(policy.policy)).toEqual({
      Version: '2012-10-17',
      Statement: clusterAutoscalerStatements('eks-pink'),
    });
  });
});
