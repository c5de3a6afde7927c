import { AutoscalingGroupTagA as AutoscalingGroupTag } from '@cdktf/provider-aws/lib/autoscaling-group-tag';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Testing } from 'cdktf';
import { clusterAutoscalerStatements, externalDnsStatements } from '../modules/addons/iam-policies';
import type { NodegroupConfig } from '../modules/config';
import { Nodegroup, type NodegroupProps } from '../modules/nodegroup';
import { referenceTo, resourcesOf, type Block } from './synthesized';

const TENANT_UNIT: NodegroupConfig = {
  instanceTypes: ['r5.4xlarge'],
  capacityType: 'ON_DEMAND',
  minSize: 1,
  maxSize: 100,
  desiredSize: 2,
  diskSize: 200,
  labels: { instanaGroup: 'tenantUnit', vendor: 'instana' },
  taints: [{ key: 'dedicated', value: 'tenants', effect: 'NO_SCHEDULE' }],
  tags: { instanaGroup: 'tenantUnit' },
  maxUnavailablePercentage: 33,
  amiType: 'AL2023_x86_64_STANDARD',
  addonPolicies: { autoScaler: false, externalDNS: false, certManager: false },
};

const DISCOVERY_TAGS = {
  'k8s.io/cluster-autoscaler/enabled': 'true',
  'k8s.io/cluster-autoscaler/eks-pink': 'owned',
};

type Options = Partial<Omit<NodegroupProps, 'cluster'>>;

/** Every tag resource's tag is its for_each entry: key and value, never copied to instances. */
const EACH_TAG = { key: '${each.key}', value: '${each.value}', propagate_at_launch: false };

/** The one Auto Scaling group tag resource of the nodegroup; fails if there is not exactly one. */
function asgTagsOf(synthesized: string): Block {
  const resources = Object.values(resourcesOf(synthesized, AutoscalingGroupTag));
  if (resources.length !== 1) {
    throw new Error(`expected one aws_autoscaling_group_tag, found ${resources.length}`);
  }
  return resources[0];
}

/** One nodegroup beside a bare cluster that it joins. */
function synthNodegroup(options: Options = {}): string {
  return Testing.synthScope((stack) => {
    const cluster = new EksCluster(stack, 'eks', {
      name: 'eks-pink',
      roleArn: 'arn:aws:iam::123456789012:role/eks-pink',
      vpcConfig: { subnetIds: ['subnet-a'] },
    });
    new Nodegroup(stack, 'nodegroup-tenantUnit', {
      cluster,
      clusterName: 'eks-pink',
      awsRegion: 'us-west-2',
      name: 'tenantUnit',
      config: TENANT_UNIT,
      subnetIds: ['subnet-private-a', 'subnet-private-b', 'subnet-private-c'],
      partition: 'aws',
      ...options,
    });
  });
}

describe('Nodegroup', () => {
  const synthesized = synthNodegroup();
  const emulated = synthNodegroup({ emulatorWorkarounds: true });

  test('places the nodes in the given private subnets', () => {
    expect(synthesized).toHaveResourceWithProperties(EksNodeGroup, {
      node_group_name: 'tenantUnit',
      subnet_ids: ['subnet-private-a', 'subnet-private-b', 'subnet-private-c'],
    });
  });

  test('joins the cluster and follows its Kubernetes version', () => {
    expect(synthesized).toHaveResourceWithProperties(EksNodeGroup, {
      cluster_name: referenceTo(synthesized, EksCluster, 'name'),
      version: referenceTo(synthesized, EksCluster, 'version'),
    });
  });

  test('sizes the nodegroup and its instances from the config', () => {
    expect(synthesized).toHaveResourceWithProperties(EksNodeGroup, {
      instance_types: ['r5.4xlarge'],
      capacity_type: 'ON_DEMAND',
      ami_type: 'AL2023_x86_64_STANDARD',
      scaling_config: { min_size: 1, max_size: 100, desired_size: 2 },
    });
  });

  test('carries the labels, taints and tags of the config, and the autoscaler discovery tags', () => {
    expect(synthesized).toHaveResourceWithProperties(EksNodeGroup, {
      labels: { instanaGroup: 'tenantUnit', vendor: 'instana' },
      taint: [{ key: 'dedicated', value: 'tenants', effect: 'NO_SCHEDULE' }],
      tags: { instanaGroup: 'tenantUnit', ...DISCOVERY_TAGS },
    });
  });

  test('tags the instances and volumes it launches', () => {
    const tags = { Name: 'eks-pink-tenantUnit', instanaGroup: 'tenantUnit' };
    expect(synthesized).toHaveResourceWithProperties(LaunchTemplate, {
      name: 'eks-pink-tenantUnit',
      tag_specifications: [
        { resource_type: 'instance', tags },
        { resource_type: 'volume', tags },
      ],
    });
  });

  test('tags the instances and volumes with instanceTags under the nodegroup tags and Name', () => {
    const withInstanceTags = synthNodegroup({
      instanceTags: { team: 'sre', instanaGroup: 'region', Name: 'region' },
    });
    const tags = { team: 'sre', instanaGroup: 'tenantUnit', Name: 'eks-pink-tenantUnit' };
    const [template] = Object.values(resourcesOf(withInstanceTags, LaunchTemplate));
    expect(template.tag_specifications).toEqual([
      { resource_type: 'instance', tags },
      { resource_type: 'volume', tags },
    ]);
  });

  test('replaces at most maxUnavailablePercentage of the nodes at a time', () => {
    expect(synthesized).toHaveResourceWithProperties(EksNodeGroup, {
      update_config: { max_unavailable_percentage: 33 },
    });
  });

  test('ignores changes to the desired size, which the autoscaler owns', () => {
    expect(synthesized).toHaveResourceWithProperties(EksNodeGroup, {
      lifecycle: { ignore_changes: ['scaling_config[0].desired_size'] },
    });
  });

  test('ignores what the emulator adds to the nodegroup only with emulatorWorkarounds', () => {
    expect(emulated).toHaveResourceWithProperties(EksNodeGroup, {
      lifecycle: {
        ignore_changes: ['scaling_config[0].desired_size', 'remote_access', 'update_config'],
      },
    });
    expect(emulated).toHaveResourceWithProperties(LaunchTemplate, {
      lifecycle: { ignore_changes: ['tag_specifications'] },
    });
    const [template] = Object.values(resourcesOf(synthesized, LaunchTemplate));
    expect(template).not.toHaveProperty('lifecycle');
  });

  test('launches from its own template, at its latest version', () => {
    expect(synthesized).toHaveResourceWithProperties(EksNodeGroup, {
      launch_template: {
        id: referenceTo(synthesized, LaunchTemplate, 'id'),
        version: referenceTo(synthesized, LaunchTemplate, 'latest_version'),
      },
    });
  });

  test('requires IMDSv2 tokens with a hop limit of 1 by default', () => {
    expect(synthesized).toHaveResourceWithProperties(LaunchTemplate, {
      metadata_options: {
        http_endpoint: 'enabled',
        http_tokens: 'required',
        http_put_response_hop_limit: 1,
      },
    });
  });

  test('raises the metadata hop limit to 2 when the node role holds add-on statements', () => {
    // Pods reach the node role's credentials only if metadata responses may travel two hops.
    const withAddons = synthNodegroup({ addonStatements: clusterAutoscalerStatements('eks-pink') });
    expect(withAddons).toHaveResourceWithProperties(LaunchTemplate, {
      metadata_options: {
        http_endpoint: 'enabled',
        http_tokens: 'required',
        http_put_response_hop_limit: 2,
      },
    });
  });

  test('keeps the hop limit at 1 and adds no node policy for an empty addonStatements list', () => {
    const withoutAddons = synthNodegroup({ addonStatements: [] });
    expect(withoutAddons).toHaveResourceWithProperties(LaunchTemplate, {
      metadata_options: expect.objectContaining({ http_put_response_hop_limit: 1 }),
    });
    expect(withoutAddons).not.toHaveResource(IamRolePolicy);
    expect(synthesized).not.toHaveResource(IamRolePolicy);
  });

  test('grants addonStatements to the node role in a policy of their own', () => {
    const statements = [
      ...clusterAutoscalerStatements('eks-pink'),
      ...externalDnsStatements('aws', ['Z0PINKEXAMPLE0000001']),
    ];
    const withAddons = synthNodegroup({ addonStatements: statements });
    const policies = Object.values(resourcesOf(withAddons, IamRolePolicy));
    expect(policies).toHaveLength(1);
    expect(policies[0].name).toBe('addon-policies');
    expect(policies[0].role).toBe(referenceTo(withAddons, IamRole, 'id'));
    expect(JSON.parse(policies[0].policy as string)).toEqual({
      Version: '2012-10-17',
      Statement: statements,
    });
  });

  test('gives each node an encrypted gp3 root volume of diskSize GiB', () => {
    expect(synthesized).toHaveResourceWithProperties(LaunchTemplate, {
      block_device_mappings: [
        {
          device_name: '/dev/xvda',
          ebs: {
            volume_size: 200,
            volume_type: 'gp3',
            encrypted: 'true',
            delete_on_termination: 'true',
          },
        },
      ],
    });
  });

  test('names the node role after the cluster, the AWS region and the nodegroup', () => {
    expect(synthesized).toHaveResourceWithProperties(IamRole, {
      name: 'eks-pink-us-west-2-tenantUnit',
    });
    const [role] = Object.values(resourcesOf(synthesized, IamRole));
    expect(JSON.parse(role.assume_role_policy as string)).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    });
  });

  test('attaches the worker, CNI and registry policies to the node role', () => {
    const arns = Object.values(resourcesOf(synthesized, IamRolePolicyAttachment)).map(
      (attachment) => attachment.policy_arn,
    );
    expect(arns.sort()).toEqual([
      'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
      'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy',
      'arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy',
    ]);
  });

  test('tags its Auto Scaling group for cluster-autoscaler discovery and its node template', () => {
    expect(asgTagsOf(synthesized)).toEqual({
      autoscaling_group_name: referenceTo(
        synthesized,
        EksNodeGroup,
        'resources[0].autoscaling_groups[0].name',
      ),
      for_each: {
        'k8s.io/cluster-autoscaler/eks-pink': 'owned',
        'k8s.io/cluster-autoscaler/enabled': 'true',
        'k8s.io/cluster-autoscaler/node-template/label/instanaGroup': 'tenantUnit',
        'k8s.io/cluster-autoscaler/node-template/label/vendor': 'instana',
        'k8s.io/cluster-autoscaler/node-template/taint/dedicated': 'tenants:NoSchedule',
      },
      tag: EACH_TAG,
    });
  });

  test("tags the nodegroup's own Auto Scaling group, which EKS creates", () => {
    const groups = Object.values(resourcesOf(synthesized, AutoscalingGroupTag)).map(
      (tag) => tag.autoscaling_group_name,
    );
    expect(groups).toEqual([
      referenceTo(synthesized, EksNodeGroup, 'resources[0].autoscaling_groups[0].name'),
    ]);
  });

  test('writes each taint effect in the node template as Kubernetes spells it', () => {
    const config: NodegroupConfig = {
      ...TENANT_UNIT,
      labels: {},
      taints: [
        { key: 'dedicated', value: 'tenants', effect: 'NO_EXECUTE' },
        { key: 'spot', value: 'true', effect: 'PREFER_NO_SCHEDULE' },
        { key: 'example.com/drain', effect: 'NO_SCHEDULE' },
      ],
    };
    expect(asgTagsOf(synthNodegroup({ config })).for_each).toEqual({
      ...DISCOVERY_TAGS,
      'k8s.io/cluster-autoscaler/node-template/taint/dedicated': 'tenants:NoExecute',
      'k8s.io/cluster-autoscaler/node-template/taint/example.com/drain': ':NoSchedule',
      'k8s.io/cluster-autoscaler/node-template/taint/spot': 'true:PreferNoSchedule',
    });
  });

  test('adds no Auto Scaling group tags with autoscalerTags false', () => {
    const untagged = synthNodegroup({ autoscalerTags: false });
    expect(untagged).not.toHaveResource(AutoscalingGroupTag);
    expect(untagged).toHaveResourceWithProperties(EksNodeGroup, {
      tags: { instanaGroup: 'tenantUnit', ...DISCOVERY_TAGS },
    });
  });
});
