import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsIamSessionContext } from '@cdktf/provider-aws/lib/data-aws-iam-session-context';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Annotations, TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { nodeAddonStatements } from './addons/iam-policies';
import { Cluster } from './cluster';
import { Ingress } from './ingress';
import { ClusterServices } from './cluster-services';
import { regionZoneIds, type RegionConfig } from './config';
import { Network } from './network';
import { Nodegroup } from './nodegroup';
import { ReadableStack } from './readable-stack';
import { SecretsKey } from './secrets-key';
import { useRegionBackend } from './state-backend';
import { localTargetNotice, providerConnection, type Target } from './target';

/** The tag that names the tool managing a resource, on everything a region creates. */
export const MANAGED_BY = 'eks-fleet';

/**
 * One region of the fleet, named by its colour: remote state, the AWS provider, and the parts
 * of a region composed in dependency order. It creates no resource of its own.
 */
export class RegionStack extends ReadableStack {
  readonly network: Network;
  readonly secretsKey: SecretsKey;
  readonly cluster: Cluster;
  readonly nodegroups: Record<string, Nodegroup>;
  /** The region's zone, certificate and load balancer security groups, when it has ingress. */
  readonly ingress?: Ingress;
  /** The cluster-wide services; absent when the region turns its add-ons off. */
  readonly services?: ClusterServices;

  constructor(scope: Construct, region: RegionConfig, target: Target) {
    super(scope, region.colour);
    const emulatorWorkarounds = target.kind === 'local';

    const regionTags = {
      ...region.tags,
      'fleet:region': region.colour,
      'fleet:kind': region.kind,
      'managed-by': MANAGED_BY,
    };

    useRegionBackend(this, target, region.colour);
    new AwsProvider(this, 'aws', {
      region: region.awsRegion,
      defaultTags: [{ tags: regionTags }],
      ...providerConnection(target),
    });
    const partition = new DataAwsPartition(this, 'partition').partition;
    const caller = new DataAwsCallerIdentity(this, 'caller');

    this.network = new Network(this, 'network', {
      colour: region.colour,
      clusterName: region.clusterName,
      vpcCidr: region.vpcCidr,
      availabilityZones: region.availabilityZones,
      publicSubnets: region.subnets.public,
      privateSubnets: region.subnets.private,
      natGateways: region.natGateways,
    });

    this.secretsKey = new SecretsKey(this, 'secrets-key', {
      colour: region.colour,
      accountId: caller.accountId,
      partition,
      deletionWindowInDays: region.kmsKeyDeletionWindowInDays,
      protect: !(target.allowDestroy ?? []).includes(region.colour),
    });

    this.cluster = new Cluster(this, 'cluster', {
      clusterName: region.clusterName,
      awsRegion: region.awsRegion,
      kubernetesVersion: region.kubernetesVersion,
      subnetIds: this.network.privateSubnets.map((subnet) => subnet.id),
      secretsKeyArn: this.secretsKey.key.arn,
      publicAccess: region.endpointAccess.public,
      publicAccessCidrs: region.endpointAccess.publicCidrs,
      adminPrincipalArn: region.adminRoleArn ?? this.deployerArn(caller, emulatorWorkarounds),
      partition,
      logRetentionDays: region.logRetentionDays,
      emulatorWorkarounds,
    });

    const protect = !(target.allowDestroy ?? []).includes(region.colour);
    if (region.ingress !== undefined) {
      this.ingress = new Ingress(this, 'ingress', {
        colour: region.colour,
        clusterName: region.clusterName,
        vpcId: this.network.vpc.id,
        config: region.ingress,
        protect,
        emulatorWorkarounds,
      });
    }
    const zoneIds = [...regionZoneIds(region), ...(this.ingress ? [this.ingress.zone.zoneId] : [])];

    this.nodegroups = Object.fromEntries(
      Object.entries(region.nodegroups).map(([name, config]) => [
        name,
        new Nodegroup(this, `nodegroup-${name}`, {
          cluster: this.cluster.cluster,
          clusterName: region.clusterName,
          awsRegion: region.awsRegion,
          name,
          config,
          addonStatements: nodeAddonStatements(
            config.addonPolicies,
            region.clusterName,
            partition,
            zoneIds,
          ),
          securityGroupIds:
            name === region.ingress?.nodegroup
              ? this.ingressNodeGroups(emulatorWorkarounds)
              : undefined,
          // The emulator's Auto Scaling groups exist only as names and cannot be tagged.
          autoscalerTags: !emulatorWorkarounds,
          instanceTags: regionTags,
          subnetIds: this.network.privateSubnets.map((subnet) => subnet.id),
          egress: this.network.privateEgress,
          partition,
          emulatorWorkarounds,
        }),
      ]),
    );

    if (region.addons.enabled) {
      this.services = new ClusterServices(this, 'services', {
        region,
        cluster: this.cluster,
        nodegroups: Object.values(this.nodegroups),
        partition,
        accountId: caller.accountId,
        vpcId: this.network.vpc.id,
        ownZone: this.ingress && {
          zoneId: this.ingress.zone.zoneId,
          domain: this.ingress.zone.name,
        },
        installReleases: !emulatorWorkarounds,
      });
    }

    this.addOutputs(region);
    if (target.emulatorUrl !== undefined) {
      Annotations.of(this).addInfo(localTargetNotice(target.emulatorUrl));
    }
  }

  /**
   * The ingress nodes' security groups: the cluster's, which EKS no longer adds once a launch
   * template names groups, and the one load balancers may reach.
   */
  private ingressNodeGroups(emulator: boolean): string[] | undefined {
    if (this.ingress === undefined) return undefined;
    // The emulator's clusters have no security group of their own; the VPC's default stands in.
    const clusterGroup = emulator
      ? this.network.vpc.defaultSecurityGroupId
      : this.cluster.cluster.vpcConfig.clusterSecurityGroupId;
    return [clusterGroup, this.ingress.nodeSecurityGroup.id];
  }

  /** The admin of the cluster by default: the IAM role or user running the deploy. */
  private deployerArn(caller: DataAwsCallerIdentity, emulator: boolean): string {
    // The emulator runs without access entries, so the deployer's role is not looked up there.
    if (emulator) return caller.arn;
    return new DataAwsIamSessionContext(this, 'deployer', { arn: caller.arn }).issuerArn;
  }

  private addOutputs(region: RegionConfig): void {
    const eks = this.cluster.cluster;
    const outputs: Record<string, { value: unknown; description: string }> = {
      cluster_name: { value: eks.name, description: 'The EKS cluster name' },
      cluster_endpoint: { value: eks.endpoint, description: 'The Kubernetes API endpoint' },
      oidc_issuer: {
        value: eks.identity.get(0).oidc.get(0).issuer,
        description: 'The OIDC issuer that IAM roles for service accounts trust',
      },
      vpc_id: { value: this.network.vpc.id, description: 'The VPC id' },
      public_subnet_ids: {
        value: this.network.publicSubnets.map((subnet) => subnet.id),
        description: 'Public subnets, one per availability zone',
      },
      private_subnet_ids: {
        value: this.network.privateSubnets.map((subnet) => subnet.id),
        description: 'Private subnets (the nodes), one per availability zone',
      },
      nodegroup_names: {
        value: Object.values(this.nodegroups).map((ng) => ng.nodegroup.nodeGroupName),
        description: 'The managed nodegroups',
      },
      kms_key_arn: {
        value: this.secretsKey.key.arn,
        description: 'The KMS key that encrypts Kubernetes secrets',
      },
      ...(this.ingress
        ? {
            dns_zone_id: {
              value: this.ingress.zone.zoneId,
              description: "The region's Route 53 zone",
            },
            dns_name_servers: {
              value: this.ingress.zone.nameServers,
              description: 'Name servers to delegate the region domain to',
            },
            certificate_arn: {
              value: this.ingress.validation.certificateArn,
              description: 'The issued certificate for the region domain and its wildcard',
            },
            load_balancer_security_group_id: {
              value: this.ingress.loadBalancerSecurityGroup.id,
              description: 'The security group to give load balancers by annotation',
            },
          }
        : {}),
      kubeconfig_command: {
        value: `aws eks update-kubeconfig --region ${region.awsRegion} --name ${region.clusterName} --alias ${region.colour}`,
        description: 'Adds this cluster to ~/.kube/config',
      },
    };
    for (const [id, output] of Object.entries(outputs)) {
      new TerraformOutput(this, id, output);
    }
  }
}
