import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { globalName, managedPolicyArn, serviceTrustPolicy } from './iam';

export interface ClusterProps {
  readonly clusterName: string;
  readonly awsRegion: string;
  /** A Kubernetes minor version such as "1.33". */
  readonly kubernetesVersion: string;
  /** Where the control plane places its network interfaces: the private subnets. */
  readonly subnetIds: string[];
  /** The KMS key that envelope-encrypts Kubernetes secrets. */
  readonly secretsKeyArn: string;
  /** Whether the API endpoint is reachable from the internet, from `publicAccessCidrs` only. */
  readonly publicAccess: boolean;
  readonly publicAccessCidrs: string[];
  /** The IAM principal that becomes cluster admin through an access entry. */
  readonly adminPrincipalArn: string;
  readonly partition: string;
  /**
   * Days the control-plane logs are kept.
   * @default 90
   */
  readonly logRetentionDays?: number;
  /**
   * Leave out what the local AWS emulator cannot take (access entries), ignore what it does
   * not echo back (`access_config`), and keep its shared OIDC issuer from colliding. Never set
   * against real AWS.
   * @default false
   */
  readonly emulatorWorkarounds?: boolean;
}

/** Every control-plane log type: the audit trail matters most when something went wrong. */
const CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

/** Three months covers most incident reviews; CloudWatch bills by the gigabyte stored. */
const DEFAULT_LOG_RETENTION_DAYS = 90;

/** EKS's access policy that grants full control of the cluster. */
const CLUSTER_ADMIN_POLICY = 'AmazonEKSClusterAdminPolicy';

/**
 * The EKS control plane: its IAM role, its log group, secrets encryption, endpoint access,
 * API authentication with one admin access entry, and the OIDC provider that IAM roles for
 * service accounts trust.
 */
export class Cluster extends Construct {
  readonly cluster: EksCluster;
  readonly role: IamRole;
  readonly oidcProvider: IamOpenidConnectProvider;
  /** The admin access entry and its policy; absent on the emulator. */
  readonly adminAccess: ITerraformDependable[] = [];

  constructor(scope: Construct, id: string, props: ClusterProps) {
    super(scope, id);
    const logRetentionDays = props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
    const emulator = props.emulatorWorkarounds ?? false;

    // The role the control plane acts as, with permission to use the secrets key.
    this.role = new IamRole(this, 'role', {
      name: globalName(props.clusterName, props.awsRegion, 'cluster'),
      assumeRolePolicy: serviceTrustPolicy('eks.amazonaws.com'),
    });
    const clusterPolicy = new IamRolePolicyAttachment(this, 'cluster-policy', {
      role: this.role.name,
      policyArn: managedPolicyArn(props.partition, 'AmazonEKSClusterPolicy'),
    });
    const keyPolicy = new IamRolePolicy(this, 'secrets-key-policy', {
      role: this.role.id,
      name: 'kubernetes-secrets-encryption',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey', 'kms:ListGrants'],
            Resource: props.secretsKeyArn,
          },
          {
            Effect: 'Allow',
            Action: 'kms:CreateGrant',
            Resource: props.secretsKeyArn,
            Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
          },
        ],
      }),
    });

    // Created before the cluster so that Terraform owns it (retention, deletion), not EKS.
    const logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `/aws/eks/${props.clusterName}/cluster`,
      retentionInDays: logRetentionDays,
    });

    this.cluster = new EksCluster(this, 'eks', {
      name: props.clusterName,
      version: props.kubernetesVersion,
      roleArn: this.role.arn,
      vpcConfig: {
        subnetIds: props.subnetIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: props.publicAccess,
        publicAccessCidrs: props.publicAccess ? props.publicAccessCidrs : undefined,
      },
      encryptionConfig: { resources: ['secrets'], provider: { keyArn: props.secretsKeyArn } },
      enabledClusterLogTypes: CONTROL_PLANE_LOG_TYPES,
      // Admins come from access entries alone, so whoever ran the first apply gains nothing
      // hidden that the state does not show.
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false },
      dependsOn: [clusterPolicy, keyPolicy, logGroup],
      // Note: the emulator drops access_config, and a changed
      // bootstrap_cluster_creator_admin_permissions forces a new cluster; ignoring it there keeps
      // the emulator's plan a no-op. Real AWS keeps the setting, so nothing is ignored there.
      lifecycle: emulator ? { ignoreChanges: ['access_config'] } : undefined,
    });

    // The emulator answers 404 to access entries; the local target runs without them.
    if (!emulator) {
      const admin = new EksAccessEntry(this, 'admin-access', {
        clusterName: this.cluster.name,
        principalArn: props.adminPrincipalArn,
        type: 'STANDARD',
      });
      const adminPolicy = new EksAccessPolicyAssociation(this, 'admin-policy', {
        clusterName: this.cluster.name,
        principalArn: admin.principalArn,
        policyArn: `arn:${props.partition}:eks::aws:cluster-access-policy/${CLUSTER_ADMIN_POLICY}`,
        accessScope: { type: 'cluster' },
      });
      this.adminAccess.push(admin, adminPolicy);
    }

    const issuer = this.cluster.identity.get(0).oidc.get(0).issuer;
    this.oidcProvider = new IamOpenidConnectProvider(this, 'oidc-provider', {
      // Note: the emulator gives every cluster of one AWS region the same issuer, so two
      // regions there would collide on one provider; it gets a URL of its own there only.
      url: emulator ? `${issuer}/${props.clusterName}` : issuer,
      clientIdList: ['sts.amazonaws.com'],
    });
  }
}
