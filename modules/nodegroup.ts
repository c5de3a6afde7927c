import type { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { AutoscalingGroupTagA as AutoscalingGroupTag } from '@cdktf/provider-aws/lib/autoscaling-group-tag';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { TerraformIterator, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { policyDocument, type Statement } from './addons/iam-policies';
import type { NodegroupConfig } from './config';
import { globalName, managedPolicyArn, serviceTrustPolicy } from './iam';

export interface NodegroupProps {
  /** The cluster the nodes join; they follow its Kubernetes version, after it upgrades. */
  readonly cluster: EksCluster;
  /** The cluster's name as plain text, for the names of the nodegroup's own resources. */
  readonly clusterName: string;
  readonly awsRegion: string;
  /** The nodegroup's name in the region, such as `tenantUnit`. */
  readonly name: string;
  /** Sizes, instance types, labels, taints and tags from the region file. */
  readonly config: NodegroupConfig;
  /**
   * Tags for the instances and volumes the nodegroup launches: the provider's default tags do
   * not reach a launch template's tag specifications, so the region's tags come in here.
   * @default {}
   */
  readonly instanceTags?: Record<string, string>;
  /**
   * What must exist before nodes boot, besides the cluster: their subnets' way out, without
   * which they cannot pull images or join. Destroyed after the nodes, too.
   * @default none
   */
  readonly egress?: ITerraformDependable[];
  /** Private subnets only: nodes are never reachable from the internet. */
  readonly subnetIds: string[];
  /**
   * The nodes' security groups, set in the launch template. EKS then adds none of its own, so
   * the list must hold the cluster security group, which lets nodes and control plane talk.
   * @default the cluster security group alone, which EKS adds
   */
  readonly securityGroupIds?: string[];
  readonly partition: string;
  /**
   * Add-on permissions granted to every pod on these nodes through the node role, as eksctl's
   * `withAddonPolicies` does. Pods reach the node role only if metadata responses may travel
   * two hops, so the hop limit becomes 2 where this is set.
   * @default none, and a hop limit of 1 that keeps pods away from the node role
   */
  readonly addonStatements?: readonly Statement[];
  /**
   * Tag the nodegroup's Auto Scaling group for cluster-autoscaler: discovery, and its labels and
   * taints as node templates so that it can scale up from zero nodes.
   * @default true
   */
  readonly autoscalerTags?: boolean;
  /**
   * Ignore what the local AWS emulator adds on its own (a `remote_access` block, launch template
   * tags copied into `tag_specifications`). Never set against real AWS.
   * @default false
   */
  readonly emulatorWorkarounds?: boolean;
}

/** The policies every EKS worker needs: join the cluster, run the VPC CNI, pull images. */
const NODE_POLICIES = [
  'AmazonEKSWorkerNodePolicy',
  'AmazonEKS_CNI_Policy',
  'AmazonEC2ContainerRegistryReadOnly',
];

/** How Kubernetes spells the taint effects that EKS spells in capitals. */
export const TAINT_EFFECTS = {
  NO_SCHEDULE: 'NoSchedule',
  NO_EXECUTE: 'NoExecute',
  PREFER_NO_SCHEDULE: 'PreferNoSchedule',
} as const;

/** Amazon Linux 2023 boots from this device. */
const ROOT_DEVICE = '/dev/xvda';

/**
 * One EKS managed nodegroup in the private subnets, with its own IAM role and a launch template
 * that requires IMDSv2 and encrypts the root volume. The autoscaler owns the desired size once
 * the nodegroup exists.
 */
export class Nodegroup extends Construct {
  readonly nodegroup: EksNodeGroup;
  readonly role: IamRole;
  readonly launchTemplate: LaunchTemplate;

  constructor(scope: Construct, id: string, props: NodegroupProps) {
    super(scope, id);
    const { config } = props;
    const addonStatements = props.addonStatements ?? [];
    const metadataHopLimit = addonStatements.length > 0 ? 2 : 1;
    const discoveryTags = {
      'k8s.io/cluster-autoscaler/enabled': 'true',
      [`k8s.io/cluster-autoscaler/${props.clusterName}`]: 'owned',
    };
    const emulator = props.emulatorWorkarounds ?? false;
    const fullName = `${props.clusterName}-${props.name}`;

    this.role = new IamRole(this, 'role', {
      name: globalName(props.clusterName, props.awsRegion, props.name),
      assumeRolePolicy: serviceTrustPolicy('ec2.amazonaws.com'),
    });
    const attachments = NODE_POLICIES.map(
      (policy) =>
        new IamRolePolicyAttachment(this, policy, {
          role: this.role.name,
          policyArn: managedPolicyArn(props.partition, policy),
        }),
    );

    if (addonStatements.length > 0) {
      new IamRolePolicy(this, 'addon-policies', {
        role: this.role.id,
        name: 'addon-policies',
        policy: policyDocument(addonStatements),
      });
    }

    this.launchTemplate = new LaunchTemplate(this, 'launch-template', {
      name: fullName,
      description: `Nodes of ${props.name} in ${props.clusterName}`,
      updateDefaultVersion: true,
      vpcSecurityGroupIds: props.securityGroupIds,
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpTokens: 'required',
        httpPutResponseHopLimit: metadataHopLimit,
      },
      blockDeviceMappings: [
        {
          deviceName: ROOT_DEVICE,
          ebs: {
            volumeSize: config.diskSize,
            volumeType: 'gp3',
            encrypted: 'true',
            deleteOnTermination: 'true',
          },
        },
      ],
      tagSpecifications: ['instance', 'volume'].map((resourceType) => ({
        resourceType,
        tags: { ...props.instanceTags, ...config.tags, Name: fullName },
      })),
      // Note: the emulator copies the template's tags into tag_specifications on read, which
      // would show as a change on every plan; real AWS does not, so nothing is ignored there.
      lifecycle: emulator ? { ignoreChanges: ['tag_specifications'] } : undefined,
    });

    this.nodegroup = new EksNodeGroup(this, 'nodegroup', {
      clusterName: props.cluster.name,
      nodeGroupName: props.name,
      version: props.cluster.version,
      nodeRoleArn: this.role.arn,
      subnetIds: props.subnetIds,
      amiType: config.amiType,
      instanceTypes: config.instanceTypes,
      capacityType: config.capacityType,
      scalingConfig: {
        minSize: config.minSize,
        maxSize: config.maxSize,
        desiredSize: config.desiredSize,
      },
      updateConfig: { maxUnavailablePercentage: config.maxUnavailablePercentage },
      labels: config.labels,
      taint: config.taints.map((taint) => ({ ...taint })),
      tags: { ...config.tags, ...discoveryTags },
      launchTemplate: {
        id: this.launchTemplate.id,
        version: this.launchTemplate.latestVersion.toString(),
      },
      dependsOn: [...attachments, ...(props.egress ?? [])],
      lifecycle: {
        // The cluster autoscaler moves the desired size; applying the file must not undo it.
        // Note: the emulator adds a remote_access block of its own and drops update_config;
        // both are ignored there only.
        ignoreChanges: emulator
          ? ['scaling_config[0].desired_size', 'remote_access', 'update_config']
          : ['scaling_config[0].desired_size'],
      },
    });

    // Note: EKS does not copy a nodegroup's tags to its Auto Scaling group, and the autoscaler
    // reads node templates from the group's tags only; so they are set on the group itself.
    if (props.autoscalerTags ?? true) {
      const groupName = this.nodegroup.resources.get(0).autoscalingGroups.get(0).name;
      const templateTags = {
        ...discoveryTags,
        ...Object.fromEntries(
          Object.entries(config.labels).map(([key, value]) => [
            `k8s.io/cluster-autoscaler/node-template/label/${key}`,
            value,
          ]),
        ),
        ...Object.fromEntries(
          config.taints.map((taint) => [
            `k8s.io/cluster-autoscaler/node-template/taint/${taint.key}`,
            `${taint.value ?? ''}:${TAINT_EFFECTS[taint.effect]}`,
          ]),
        ),
      };
      // One resource over a map: each tag's address is its own key,
      // `aws_autoscaling_group_tag.nodegroup-core_asg-tags["k8s.io/cluster-autoscaler/enabled"]`.
      const tags = TerraformIterator.fromMap(templateTags);
      new AutoscalingGroupTag(this, 'asg-tags', {
        forEach: tags,
        autoscalingGroupName: groupName,
        tag: { key: tags.key, value: tags.value, propagateAtLaunch: false },
      });
    }
  }
}
