import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { Release } from '@cdktf/provider-helm/lib/release';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Testing } from 'cdktf';
import { Cluster } from '../modules/cluster';
import { ClusterServices } from '../modules/cluster-services';
import { resolveRegion, type RegionInput } from '../modules/config';
import { Nodegroup } from '../modules/nodegroup';
import pink from '../regions/pink';
import {
  addressOf,
  parseStack,
  policyOf,
  providersOf,
  referenceTo,
  releaseOf,
  releaseValues,
  resourcesOf,
  type Block,
} from './synthesized';

const KEY_ARN = 'arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ADMIN_ROLE_ARN = 'arn:aws:iam::123456789012:role/platform-admin';

const DEFAULT_CHARTS = [
  // pink has ingress, which brings the load balancer controller.
  'aws-load-balancer-controller',
  'cluster-autoscaler',
  'cluster-proportional-autoscaler',
  'external-dns',
  'instana-agent',
];

/** pink's add-ons with some of them replaced. */
function pinkWithAddons(changes: RegionInput['addons']): RegionInput {
  return { ...pink, addons: { ...pink.addons, ...changes } };
}

/** A region's services beside its cluster and nodegroups, as the region stack composes them. */
function synthServices(input: RegionInput = pink, installReleases?: boolean): string {
  const region = resolveRegion('pink', input);
  return Testing.synthScope((stack) => {
    const cluster = new Cluster(stack, 'cluster', {
      clusterName: region.clusterName,
      awsRegion: region.awsRegion,
      kubernetesVersion: region.kubernetesVersion,
      subnetIds: ['subnet-a', 'subnet-b', 'subnet-c'],
      secretsKeyArn: KEY_ARN,
      publicAccess: false,
      publicAccessCidrs: [],
      adminPrincipalArn: region.adminRoleArn ?? 'arn:aws:iam::123456789012:role/deployer',
      partition: 'aws',
    });
    const nodegroups = Object.entries(region.nodegroups).map(
      ([name, config]) =>
        new Nodegroup(stack, `nodegroup-${name}`, {
          cluster: cluster.cluster,
          clusterName: region.clusterName,
          awsRegion: region.awsRegion,
          name,
          config,
          subnetIds: ['subnet-a', 'subnet-b', 'subnet-c'],
          partition: 'aws',
        }),
    );
    new ClusterServices(stack, 'services', {
      region,
      cluster,
      nodegroups,
      partition: 'aws',
      accountId: '123456789012',
      vpcId: 'vpc-0123456789abcdef0',
      installReleases,
    });
  });
}

function chartsOf(synthesized: string): string[] {
  return Object.values(resourcesOf(synthesized, Release))
    .map((release) => release.chart as string)
    .sort();
}

/** The names of the add-on roles (IRSA), without the nodegroups' and the cluster's own. */
function addonRoleNames(synthesized: string): string[] {
  return Object.values(resourcesOf(synthesized, IamRole))
    .map((role) => role.name as string)
    .filter((name) => /-(external-dns|cluster-autoscaler|cert-manager)$/.test(name))
    .sort();
}

/** The service account, as `system:serviceaccount:<namespace>:<name>`, that a release runs as. */
function serviceAccountOf(synthesized: string, release: Block): string {
  const values = releaseValues(release);
  const account = (
    release.chart === 'cluster-autoscaler'
      ? (values.rbac as Block).serviceAccount
      : values.serviceAccount
  ) as { name: string; annotations: Record<string, string> };
  const namespace = Object.entries(resourcesOf(synthesized, NamespaceV1)).find(
    ([name]) => release.namespace === `\${kubernetes_namespace_v1.${name}.metadata[0].name}`,
  )?.[1].metadata as { name: string };
  return `system:serviceaccount:${namespace.name}:${account.name}`;
}

describe('ClusterServices', () => {
  const synthesized = synthServices();
  const withCertManager = synthServices(
    pinkWithAddons({ certManager: { enabled: true, hostedZoneIds: ['Z0PINKEXAMPLE0000001'] } }),
  );
  const endpoint = referenceTo(synthesized, EksCluster, 'endpoint');
  const certificate = `\${base64decode(${addressOf(synthesized, EksCluster)}.certificate_authority[0].data)}`;
  const exec = {
    api_version: 'client.authentication.k8s.io/v1beta1',
    command: 'aws',
    args: [
      'eks',
      'get-token',
      '--cluster-name',
      'eks-pink',
      '--region',
      'us-west-2',
      '--output',
      'json',
    ],
  };

  test('installs external-dns, both autoscalers and the Instana agent by default', () => {
    expect(chartsOf(synthesized)).toEqual(DEFAULT_CHARTS);
    expect(addonRoleNames(synthesized)).toEqual([
      'eks-pink-us-west-2-cluster-autoscaler',
      'eks-pink-us-west-2-external-dns',
    ]);
  });

  test('installs cert-manager with its IAM role when the region turns it on', () => {
    expect(chartsOf(withCertManager)).toEqual([...DEFAULT_CHARTS, 'cert-manager'].sort());
    expect(addonRoleNames(withCertManager)).toEqual([
      'eks-pink-us-west-2-cert-manager',
      'eks-pink-us-west-2-cluster-autoscaler',
      'eks-pink-us-west-2-external-dns',
    ]);
  });

  test('leaves out an add-on, and its IAM role, whose own enabled is false', () => {
    // The zones stay: tenantUnit's node policies still grant on them.
    const settings: Record<string, object> = pink.addons;
    const without = (addon: string) =>
      synthServices(pinkWithAddons({ [addon]: { ...settings[addon], enabled: false } }));
    const externalDns = without('externalDns');
    const clusterAutoscaler = without('clusterAutoscaler');
    expect(chartsOf(externalDns)).toEqual(DEFAULT_CHARTS.filter((c) => c !== 'external-dns'));
    expect(addonRoleNames(externalDns)).toEqual(['eks-pink-us-west-2-cluster-autoscaler']);
    expect(chartsOf(clusterAutoscaler)).toEqual(
      DEFAULT_CHARTS.filter((c) => c !== 'cluster-autoscaler'),
    );
    expect(addonRoleNames(clusterAutoscaler)).toEqual(['eks-pink-us-west-2-external-dns']);
    expect(chartsOf(without('kubeDnsAutoscaler'))).toEqual(
      DEFAULT_CHARTS.filter((c) => c !== 'cluster-proportional-autoscaler'),
    );
    const noAgent = without('instanaAgent');
    expect(chartsOf(noAgent)).toEqual(DEFAULT_CHARTS.filter((c) => c !== 'instana-agent'));
    expect(parseStack(noAgent).variable).toBeUndefined();
  });

  test('connects the kubernetes provider to the cluster with tokens from aws eks get-token', () => {
    expect(providersOf(synthesized, 'kubernetes')).toEqual([
      { host: endpoint, cluster_ca_certificate: certificate, exec: [exec] },
    ]);
  });

  test('connects the helm provider to the cluster through its one kubernetes object', () => {
    expect(providersOf(synthesized, 'helm')).toEqual([
      { kubernetes: { host: endpoint, cluster_ca_certificate: certificate, exec } },
    ]);
  });

  test('gets tokens as the adminRoleArn role when the region sets one', () => {
    const asAdmin = synthServices({ ...pink, adminRoleArn: ADMIN_ROLE_ARN });
    const args = [...exec.args, '--role-arn', ADMIN_ROLE_ARN];
    expect(asAdmin).toHaveProviderWithProperties(KubernetesProvider, {
      exec: [expect.objectContaining({ args })],
    });
    expect(providersOf(asAdmin, 'helm')).toEqual([
      { kubernetes: expect.objectContaining({ exec: { ...exec, args } }) },
    ]);
  });

  test('installs every namespace and release after all nodegroups and the admin access', () => {
    const nodegroups = Object.keys(resourcesOf(withCertManager, EksNodeGroup)).map(
      (name) => `aws_eks_node_group.${name}`,
    );
    const expected = [
      ...nodegroups,
      addressOf(withCertManager, EksAccessEntry),
      addressOf(withCertManager, EksAccessPolicyAssociation),
    ];
    expect(nodegroups).toHaveLength(3);
    const installed = [
      ...Object.values(resourcesOf(withCertManager, Release)),
      ...Object.values(resourcesOf(withCertManager, NamespaceV1)),
    ];
    // Five namespaces, not six: kube-dns-autoscaler installs into kube-system, which exists.
    const namespaces = Object.values(resourcesOf(withCertManager, NamespaceV1)).map(
      (namespace) => (namespace.metadata as Block).name,
    );
    expect(namespaces.sort()).toEqual([
      'aws-load-balancer-controller',
      'cert-manager',
      'cluster-autoscaler',
      'external-dns',
      'instana-agent',
    ]);
    expect(installed).toHaveLength(11);
    for (const resource of installed) expect(resource.depends_on).toEqual(expected);
  });

  test("binds each add-on role to exactly the service account of that add-on's release", () => {
    const roles = resourcesOf(withCertManager, IamRole);
    const issuer = `\${replace(${addressOf(withCertManager, EksCluster)}.identity[0].oidc[0].issuer, "https://", "")}`;
    const bindings = ['external-dns', 'cluster-autoscaler', 'cert-manager'].map((chart) => {
      const release = releaseOf(withCertManager, chart, Release);
      const [roleName, role] = Object.entries(roles).find(([, block]) =>
        (block.name as string).endsWith(`-${chart}`),
      ) as [string, Block];
      const [trust] = policyOf(role.assume_role_policy).Statement;
      return {
        chart,
        annotation: JSON.stringify(releaseValues(release)).includes(
          `"eks.amazonaws.com/role-arn":"\${aws_iam_role.${roleName}.arn}"`,
        ),
        federated: trust.Principal?.Federated,
        action: trust.Action,
        condition: trust.Condition,
        serviceAccount: serviceAccountOf(withCertManager, release),
      };
    });
    const oidcArn = referenceTo(withCertManager, IamOpenidConnectProvider, 'arn');
    expect(bindings).toEqual(
      ['external-dns', 'cluster-autoscaler', 'cert-manager'].map((chart) => ({
        chart,
        annotation: true,
        federated: oidcArn,
        action: 'sts:AssumeRoleWithWebIdentity',
        condition: {
          StringEquals: {
            [`${issuer}:sub`]: `system:serviceaccount:${chart}:${chart}`,
            [`${issuer}:aud`]: 'sts.amazonaws.com',
          },
        },
        serviceAccount: `system:serviceaccount:${chart}:${chart}`,
      })),
    );
  });

  test('builds only the IAM roles, with no provider, namespace or release, without installReleases', () => {
    const awsOnly = synthServices(pink, false);
    expect(providersOf(awsOnly, 'kubernetes')).toEqual([]);
    expect(providersOf(awsOnly, 'helm')).toEqual([]);
    expect(awsOnly).not.toHaveResource(Release);
    expect(awsOnly).not.toHaveResource(NamespaceV1);
    expect(parseStack(awsOnly).variable).toBeUndefined();
    expect(addonRoleNames(awsOnly)).toEqual([
      'eks-pink-us-west-2-cluster-autoscaler',
      'eks-pink-us-west-2-external-dns',
    ]);
  });
});
