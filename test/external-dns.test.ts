import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Release } from '@cdktf/provider-helm/lib/release';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { Testing } from 'cdktf';
import { ExternalDns } from '../modules/addons/external-dns';
import { externalDnsStatements } from '../modules/addons/iam-policies';
import type { RegionInput } from '../modules/config';
import {
  addonContext,
  addonsWith,
  type ContextOptions,
  serviceAccountTrust,
} from './addon-context';
import { policyOf, referenceTo, releaseOf, releaseValues, resourcesOf } from './synthesized';

const ZONES = ['Z0PINKEXAMPLE0000001', 'Z0SHAREDEXAMPLE00002'];

type ExternalDnsInput = NonNullable<RegionInput['addons']>['externalDns'];

function synthExternalDns(changes: ExternalDnsInput = {}, options: ContextOptions = {}): string {
  const config = addonsWith({
    externalDns: { hostedZoneIds: ['Z0PINKEXAMPLE0000001'], ...changes },
  }).externalDns;
  return Testing.synthScope((stack) => {
    new ExternalDns(stack, 'external-dns', { context: addonContext(stack, options), config });
  });
}

function valuesOf(synthesized: string): Record<string, unknown> {
  return releaseValues(releaseOf(synthesized, 'external-dns', Release));
}

describe('ExternalDns', () => {
  const synthesized = synthExternalDns({ domainFilters: ['pink.fleet.example.com'] });
  const roleArn = referenceTo(synthesized, IamRole, 'arn');

  test('installs external-dns 1.21.1 from its repository into the external-dns namespace', () => {
    expect(synthesized).toHaveResourceWithProperties(Release, {
      name: 'external-dns',
      chart: 'external-dns',
      repository: 'https://kubernetes-sigs.github.io/external-dns/',
      version: '1.21.1',
      namespace: referenceTo(synthesized, NamespaceV1, 'metadata[0].name'),
    });
    expect(synthesized).toHaveResourceWithProperties(NamespaceV1, {
      metadata: expect.objectContaining({ name: 'external-dns' }),
    });
  });

  test('manages Route 53 records for the region, owned by eks-fleet-<colour>', () => {
    expect(valuesOf(synthesized)).toEqual({
      provider: { name: 'aws' },
      env: [{ name: 'AWS_DEFAULT_REGION', value: 'us-west-2' }],
      policy: 'upsert-only',
      txtOwnerId: 'eks-fleet-pink',
      domainFilters: ['pink.fleet.example.com'],
      extraArgs: ['--zone-id-filter=Z0PINKEXAMPLE0000001'],
      serviceAccount: {
        create: true,
        name: 'external-dns',
        annotations: { 'eks.amazonaws.com/role-arn': roleArn },
      },
    });
  });

  test('defaults the policy to upsert-only, which never deletes a record', () => {
    expect(valuesOf(synthExternalDns()).policy).toBe('upsert-only');
  });

  test('can configure the sync policy', () => {
    expect(valuesOf(synthExternalDns({ policy: 'sync' })).policy).toBe('sync');
  });

  test('gives each region an owner id of its own, so that regions sharing a zone never clash', () => {
    const blue = valuesOf(synthExternalDns({}, { colour: 'blue' }));
    expect(blue.txtOwnerId).toBe('eks-fleet-blue');
    expect(blue.txtOwnerId).not.toBe(valuesOf(synthesized).txtOwnerId);
  });

  test('filters on each configured zone id and domain', () => {
    const values = valuesOf(
      synthExternalDns({
        hostedZoneIds: ZONES,
        domainFilters: ['pink.fleet.example.com', 'fleet.example.org'],
      }),
    );
    expect(values.extraArgs).toEqual([
      '--zone-id-filter=Z0PINKEXAMPLE0000001',
      '--zone-id-filter=Z0SHAREDEXAMPLE00002',
    ]);
    expect(values.domainFilters).toEqual(['pink.fleet.example.com', 'fleet.example.org']);
  });

  test('defaults the domain filters to none', () => {
    expect(valuesOf(synthExternalDns()).domainFilters).toEqual([]);
  });

  test('names its IAM role after the cluster, the AWS region and external-dns', () => {
    expect(synthesized).toHaveResourceWithProperties(IamRole, {
      name: 'eks-pink-us-west-2-external-dns',
    });
  });

  test('lets only the service account external-dns runs as assume its IAM role', () => {
    const [role] = Object.values(resourcesOf(synthesized, IamRole));
    const serviceAccount = valuesOf(synthesized).serviceAccount as { name: string };
    expect(policyOf(role.assume_role_policy).Statement).toEqual(
      serviceAccountTrust('external-dns', serviceAccount.name),
    );
  });

  test('lets its IAM role change records only in the configured zones', () => {
    const [policy] = Object.values(
      resourcesOf(synthExternalDns({ hostedZoneIds: ZONES }), IamRolePolicy),
    );
    expect(policyOf(policy.policy).Statement).toEqual(externalDnsStatements('aws', ZONES));
  });

  test("merges the region's values over its own, lists replacing lists", () => {
    const values = valuesOf(
      synthExternalDns({
        values: {
          extraArgs: ['--txt-prefix=pink-'],
          logLevel: 'debug',
          serviceAccount: { annotations: { team: 'sre' } },
        },
      }),
    );
    expect(values).toEqual(
      expect.objectContaining({
        extraArgs: ['--txt-prefix=pink-'],
        logLevel: 'debug',
        policy: 'upsert-only',
        serviceAccount: {
          create: true,
          name: 'external-dns',
          annotations: { 'eks.amazonaws.com/role-arn': roleArn, team: 'sre' },
        },
      }),
    );
  });

  test('builds only its IAM role without an install target', () => {
    const awsOnly = synthExternalDns({}, { install: false });
    expect(awsOnly).toHaveResource(IamRole);
    expect(awsOnly).not.toHaveResource(Release);
    expect(awsOnly).not.toHaveResource(NamespaceV1);
  });
});
