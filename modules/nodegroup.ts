import type { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Construct } from 'constructs';
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
  /** Private subnets only: nodes are never reachable from the internet. */
  readonly subnetIds: string[];
  readonly partition: string;
  /**
   * How many network hops an instance metadata response may travel. 1 keeps pods away from
   * the node role; 2 lets pods use it, which node-level add-on permissions need.
   * @default 1
   */
  readonly metadataHopLimit?: number;
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
    const metadataHopLimit = props.metadataHopLimit ?? 1;
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

    this.launchTemplate = new LaunchTemplate(this, 'launch-template', {
      name: fullName,
      description: `Nodes of ${props.name} in ${props.clusterName}`,
      updateDefaultVersion: true,
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
      tags: config.tags,
      launchTemplate: {
        id: this.launchTemplate.id,
        version: this.launchTemplate.latestVersion.toString(),
      },
      dependsOn: attachments,
      lifecycle: {
        // The cluster autoscaler moves the desired size; applying the file must not undo it.
        // Note: the emulator adds a remote_access block of its own and drops update_config;
        // both are ignored there only.
        ignoreChanges: emulator
          ? ['scaling_config[0].desired_size', 'remote_access', 'update_config']
          : ['scaling_config[0].desired_size'],
      },
    });
  }
}
