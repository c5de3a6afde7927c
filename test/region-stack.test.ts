import { AutoscalingGroupTagA as AutoscalingGroupTag } from '@cdktf/provider-aws/lib/autoscaling-group-tag';
import { DataAwsIamSessionContext } from '@cdktf/provider-aws/lib/data-aws-iam-session-context';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Release } from '@cdktf/provider-helm/lib/release';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { Testing } from 'cdktf';
import { nodeAddonStatements } from '../modules/addons/iam-policies';
import { resolveRegion } from '../modules/config';
import { RegionStack } from '../modules/region-stack';
import type { Target } from '../modules/target';
import pink from '../regions/pink';
import { secretPaths } from '../scripts/lib/policies';
import {
  parseStack,
  policyOf,
  providersOf,
  releaseOf,
  releaseValues,
  resourcesOf,
  type Block,
} from './synthesized';

const AWS: Target = { kind: 'aws', stateBucket: 'fleet-state', stateRegion: 'us-west-2' };
const LOCAL: Target = { ...AWS, kind: 'local', emulatorUrl: 'http://127.0.0.1:4599' };
const PARTITION = '${data.aws_partition.partition.partition}';

function synthRegion(input: object, target: Target = AWS): string {
  return Testing.synth(new RegionStack(Testing.app(), resolveRegion('pink', input), target));
}

describe('RegionStack for pink', () => {
  const synthesized = synthRegion(pink);
  const local = synthRegion(pink, LOCAL);

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

  test('tags the instances and volumes of each nodegroup like everything else it creates', () => {
    // The provider's default tags do not reach a launch template's tag specifications.
    const regionTags = {
      team: 'sre',
      'fleet:region': 'pink',
      'fleet:kind': 'MultiRegion',
      'managed-by': 'eks-fleet',
    };
    const templates = Object.values(resourcesOf(synthesized, LaunchTemplate));
    expect(templates.map((template) => template.tag_specifications)).toEqual(
      ['acceptor', 'core', 'tenantUnit'].map((name) => {
        const tags = {
          ...regionTags,
          instanaGroup: name,
          vendor: 'instana',
          zone: 'private',
          Name: `eks-pink-${name}`,
        };
        return [
          { resource_type: 'instance', tags },
          { resource_type: 'volume', tags },
        ];
      }),
    );
  });

  test('keeps its state under its own key in the state bucket', () => {
    expect(parseStack(synthesized).terraform?.backend?.s3).toEqual(
      expect.objectContaining({ bucket: 'fleet-state', key: 'regions/pink/terraform.tfstate' }),
    );
  });

  test('outputs what an operator needs to reach the cluster', () => {
    expect(Object.keys(parseStack(synthesized).output ?? {}).sort()).toEqual([
      'certificate_arn',
      'cluster_endpoint',
      'cluster_name',
      'dns_name_servers',
      'dns_zone_id',
      'kms_key_arn',
      'kubeconfig_command',
      'load_balancer_security_group_id',
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
      'services_cluster-autoscaler_irsa_role',
      'services_external-dns_irsa_role',
      'services_load-balancer-controller_irsa_role',
    ]);
    expect(Object.keys(resourcesOf(synthesized, Release)).sort()).toEqual([
      'services_cluster-autoscaler_helm_release',
      'services_external-dns_helm_release',
      'services_instana-agent_helm_release',
      'services_kube-dns-autoscaler_helm_release',
      'services_load-balancer-controller_helm_release',
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
    // The providers that install the add-ons take their tokens as that role too.
    const [helm] = providersOf(withAdmin, 'helm');
    const [kubernetes] = providersOf(withAdmin, 'kubernetes');
    const args = (exec: unknown) => (exec as { args: string[] }).args.slice(-2);
    expect(args((helm.kubernetes as Block).exec)).toEqual(['--role-arn', adminRoleArn]);
    expect(args((kubernetes.exec as unknown[])[0])).toEqual(['--role-arn', adminRoleArn]);
  });

  test('runs without access entries against the emulator on the local target', () => {
    expect(local).not.toHaveResource(EksAccessEntry);
    expect(local).not.toHaveDataSource(DataAwsIamSessionContext);
    expect(local).toHaveProviderWithProperties(AwsProvider, { access_key: 'test' });
    // The emulator's URL reaches the provider through AWS_ENDPOINT_URL, not an endpoints block.
    expect(providersOf(local, 'aws')[0]).not.toHaveProperty('endpoints');
  });

  test("deploys only the add-ons' IAM roles on the local target, without Kubernetes or Helm", () => {
    expect(providersOf(local, 'kubernetes')).toEqual([]);
    expect(providersOf(local, 'helm')).toEqual([]);
    expect(local).not.toHaveResource(Release);
    expect(local).not.toHaveResource(NamespaceV1);
    expect(parseStack(local).variable).toBeUndefined();
    expect(Object.keys(resourcesOf(local, IamRole)).sort()).toEqual(
      Object.keys(resourcesOf(synthesized, IamRole)).sort(),
    );
  });

  test("leaves the emulator's Auto Scaling groups untagged on the local target", () => {
    expect(local).not.toHaveResource(AutoscalingGroupTag);
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

  test('builds without loading the @cdktf/provider-aws package root', () => {
    // The unit tests share one module cache per worker, so this also catches any other file
    // of the fleet that loaded the root before this test ran.
    const root = require.resolve('@cdktf/provider-aws');
    new RegionStack(Testing.app(), resolveRegion('pink', pink), AWS);
    expect(Object.keys(require.cache).filter((file) => file === root)).toEqual([]);
    expect(Object.keys(require.cache)).toContain(require.resolve('@cdktf/provider-aws/lib/vpc'));
  });

  test('installs every add-on release and namespace after all nodegroups and the admin access', () => {
    const after = [
      'aws_eks_node_group.nodegroup-acceptor_nodegroup',
      'aws_eks_node_group.nodegroup-core_nodegroup',
      'aws_eks_node_group.nodegroup-tenantUnit_nodegroup',
      'aws_eks_access_entry.cluster_admin-access',
      'aws_eks_access_policy_association.cluster_admin-policy',
    ];
    const installed = [
      ...Object.values(resourcesOf(synthesized, Release)),
      ...Object.values(resourcesOf(synthesized, NamespaceV1)),
    ];
    // kube-dns-autoscaler installs into kube-system, which exists already: no namespace of its own.
    expect(Object.keys(resourcesOf(synthesized, NamespaceV1)).sort()).toEqual([
      'services_cluster-autoscaler_helm_namespace',
      'services_external-dns_helm_namespace',
      'services_instana-agent_helm_namespace',
      'services_load-balancer-controller_helm_namespace',
    ]);
    expect(installed).toHaveLength(9);
    expect(installed.map((resource) => resource.depends_on)).toEqual(installed.map(() => after));
  });

  test('grants add-on policies, and a hop limit of 2, only to the nodegroups that ask', () => {
    const hopLimits = Object.values(resourcesOf(synthesized, LaunchTemplate)).map(
      (template) => (template.metadata_options as Block).http_put_response_hop_limit,
    );
    expect(hopLimits).toEqual([1, 1, 2]);
    const nodePolicies = Object.entries(resourcesOf(synthesized, IamRolePolicy)).filter(([name]) =>
      name.startsWith('nodegroup-'),
    );
    expect(nodePolicies.map(([name, policy]) => [name, policy.role])).toEqual([
      ['nodegroup-tenantUnit_addon-policies', '${aws_iam_role.nodegroup-tenantUnit_role.id}'],
    ]);
    const all = { autoScaler: true, externalDNS: true, certManager: true };
    expect(policyOf(nodePolicies[0][1].policy).Statement).toEqual(
      // The region's own zone, which its ingress creates.
      nodeAddonStatements(all, 'eks-pink', PARTITION, ['${aws_route53_zone.ingress_zone.zone_id}']),
    );
  });

  test('tags the Auto Scaling group of every nodegroup for cluster-autoscaler on AWS', () => {
    const template = 'k8s.io/cluster-autoscaler/node-template/label';
    expect(resourcesOf(synthesized, AutoscalingGroupTag)).toEqual(
      Object.fromEntries(
        ['acceptor', 'core', 'tenantUnit'].map((name) => [
          `nodegroup-${name}_asg-tags`,
          {
            autoscaling_group_name: `\${aws_eks_node_group.nodegroup-${name}_nodegroup.resources[0].autoscaling_groups[0].name}`,
            for_each: {
              'k8s.io/cluster-autoscaler/eks-pink': 'owned',
              'k8s.io/cluster-autoscaler/enabled': 'true',
              [`${template}/instanaGroup`]: name,
              [`${template}/vendor`]: 'instana',
              [`${template}/zone`]: 'private',
              // The acceptor carries the ingress label and, in pink, its taint.
              ...(name === 'acceptor'
                ? {
                    [`${template}/eks-fleet/ingress`]: 'true',
                    'k8s.io/cluster-autoscaler/node-template/taint/eks-fleet/ingress':
                      'true:NoSchedule',
                  }
                : {}),
            },
            tag: { key: '${each.key}', value: '${each.value}', propagate_at_launch: false },
          },
        ]),
      ),
    );
  });

  test('tags a nodegroup with labels a.b and a-b, one node-template tag each', () => {
    // Both keys once became the same construct id; as map keys of one resource they stay apart.
    const core = { ...pink.nodegroups.core, labels: { 'a.b': 'dotted', 'a-b': 'hyphenated' } };
    const withBoth = synthRegion({ ...pink, nodegroups: { ...pink.nodegroups, core } });
    expect(resourcesOf(withBoth, AutoscalingGroupTag)['nodegroup-core_asg-tags'].for_each).toEqual({
      'k8s.io/cluster-autoscaler/eks-pink': 'owned',
      'k8s.io/cluster-autoscaler/enabled': 'true',
      'k8s.io/cluster-autoscaler/node-template/label/a.b': 'dotted',
      'k8s.io/cluster-autoscaler/node-template/label/a-b': 'hyphenated',
    });
    expect(withBoth).toHaveResourceWithProperties(EksNodeGroup, {
      node_group_name: 'core',
      labels: { 'a.b': 'dotted', 'a-b': 'hyphenated' },
    });
  });

  test('builds no release, provider, add-on role or variable when the add-ons are off', () => {
    // tenantUnit's node policies still need the zones.
    const off = synthRegion({ ...pink, addons: { ...pink.addons, enabled: false } });
    expect(off).not.toHaveResource(Release);
    expect(off).not.toHaveResource(NamespaceV1);
    expect(providersOf(off, 'kubernetes')).toEqual([]);
    expect(providersOf(off, 'helm')).toEqual([]);
    expect(parseStack(off).variable).toBeUndefined();
    expect(Object.keys(resourcesOf(off, IamRole)).sort()).toEqual([
      'cluster_role',
      'nodegroup-acceptor_role',
      'nodegroup-core_role',
      'nodegroup-tenantUnit_role',
    ]);
  });

  test('keeps the Instana agent key out of the synthesized configuration', () => {
    const sentinel = 'instana-key-sentinel-7f3a9c';
    const before = process.env.TF_VAR_instana_agent_key;
    process.env.TF_VAR_instana_agent_key = sentinel;
    let withKeyInEnvironment: string;
    try {
      withKeyInEnvironment = synthRegion(pink);
    } finally {
      if (before === undefined) delete process.env.TF_VAR_instana_agent_key;
      else process.env.TF_VAR_instana_agent_key = before;
    }
    expect(withKeyInEnvironment).not.toContain(sentinel);
    const releases = Object.values(resourcesOf(withKeyInEnvironment, Release));
    expect(releases).toHaveLength(5);
    for (const release of releases) {
      expect(secretPaths(releaseValues(release))).toEqual([]);
    }
    expect(releaseOf(withKeyInEnvironment, 'instana-agent', Release).set_sensitive).toEqual([
      { name: 'agent.key', value: '${var.instana_agent_key}' },
    ]);
    expect(parseStack(withKeyInEnvironment).variable?.instana_agent_key).toEqual(
      expect.objectContaining({ sensitive: true }),
    );
  });
});
