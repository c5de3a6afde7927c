import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Release } from '@cdktf/provider-helm/lib/release';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { Testing } from 'cdktf';
import { CertManager } from '../modules/addons/cert-manager';
import { certManagerStatements } from '../modules/addons/iam-policies';
import type { RegionInput } from '../modules/config';
import {
  addonContext,
  addonsWith,
  type ContextOptions,
  serviceAccountTrust,
} from './addon-context';
import { policyOf, referenceTo, releaseOf, releaseValues, resourcesOf } from './synthesized';

type CertManagerInput = NonNullable<RegionInput['addons']>['certManager'];

const ZONES = ['Z0PINKEXAMPLE0000001'];

function synthCertManager(changes: CertManagerInput = {}, options: ContextOptions = {}): string {
  const config = addonsWith({
    certManager: { enabled: true, hostedZoneIds: ZONES, ...changes },
  }).certManager;
  return Testing.synthScope((stack) => {
    new CertManager(stack, 'cert-manager', { context: addonContext(stack, options), config });
  });
}

function valuesOf(synthesized: string): Record<string, unknown> {
  return releaseValues(releaseOf(synthesized, 'cert-manager', Release));
}

describe('CertManager', () => {
  const synthesized = synthCertManager();
  const roleArn = referenceTo(synthesized, IamRole, 'arn');

  test('installs cert-manager v1.21.1 from the Jetstack repository into its own namespace', () => {
    expect(synthesized).toHaveResourceWithProperties(Release, {
      name: 'cert-manager',
      chart: 'cert-manager',
      repository: 'https://charts.jetstack.io',
      version: 'v1.21.1',
      namespace: referenceTo(synthesized, NamespaceV1, 'metadata[0].name'),
    });
    expect(synthesized).toHaveResourceWithProperties(NamespaceV1, {
      metadata: expect.objectContaining({ name: 'cert-manager' }),
    });
  });

  test('installs its CRDs and binds its service account to its IAM role', () => {
    expect(valuesOf(synthesized)).toEqual({
      crds: { enabled: true },
      serviceAccount: {
        create: true,
        name: 'cert-manager',
        annotations: { 'eks.amazonaws.com/role-arn': roleArn },
      },
    });
  });

  test('names its IAM role after the cluster, the AWS region and cert-manager', () => {
    expect(synthesized).toHaveResourceWithProperties(IamRole, {
      name: 'eks-pink-us-west-2-cert-manager',
    });
  });

  test("lets only cert-manager's service account assume its IAM role", () => {
    const [role] = Object.values(resourcesOf(synthesized, IamRole));
    const serviceAccount = valuesOf(synthesized).serviceAccount as { name: string };
    expect(policyOf(role.assume_role_policy).Statement).toEqual(
      serviceAccountTrust('cert-manager', serviceAccount.name),
    );
  });

  test('lets its IAM role write TXT records only in its zones, in the given partition', () => {
    const govCloud = synthCertManager({}, { partition: 'aws-us-gov' });
    const [policy] = Object.values(resourcesOf(govCloud, IamRolePolicy));
    expect(policyOf(policy.policy).Statement).toEqual(certManagerStatements('aws-us-gov', ZONES));
  });

  test("merges the region's values over cert-manager's own", () => {
    const values = valuesOf(
      synthCertManager({ values: { crds: { keep: true }, replicaCount: 2 } }),
    );
    expect(values).toEqual(
      expect.objectContaining({ crds: { enabled: true, keep: true }, replicaCount: 2 }),
    );
  });

  test('builds only the IAM role for cert-manager without an install target', () => {
    const awsOnly = synthCertManager({}, { install: false });
    expect(awsOnly).toHaveResourceWithProperties(IamRole, {
      name: 'eks-pink-us-west-2-cert-manager',
    });
    expect(awsOnly).not.toHaveResource(Release);
    expect(awsOnly).not.toHaveResource(NamespaceV1);
  });
});
