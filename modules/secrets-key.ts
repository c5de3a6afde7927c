import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';

export interface SecretsKeyProps {
  /** The region's colour, used in the alias and description. */
  readonly colour: string;
  /** The AWS account that owns the key. */
  readonly accountId: string;
  /** The AWS partition, `aws` outside GovCloud and China. */
  readonly partition: string;
  /**
   * Days between scheduling the key's deletion and its deletion; AWS accepts 7 to 30.
   * @default 30
   */
  readonly deletionWindowInDays?: number;
  /**
   * Refuse any plan that destroys the key: every secret of the cluster is encrypted with it.
   * @default true
   */
  readonly protect?: boolean;
}

/** The longest window AWS allows, so that a deletion scheduled by mistake can be cancelled. */
const DEFAULT_DELETION_WINDOW_DAYS = 30;

/**
 * The customer-managed KMS key that envelope-encrypts the cluster's Kubernetes secrets in etcd.
 * The key policy delegates use of the key to IAM, so that the cluster role's own policy grants
 * EKS what it needs; rotation is on.
 */
export class SecretsKey extends Construct {
  readonly key: KmsKey;
  readonly alias: KmsAlias;

  constructor(scope: Construct, id: string, props: SecretsKeyProps) {
    super(scope, id);
    const deletionWindowInDays = props.deletionWindowInDays ?? DEFAULT_DELETION_WINDOW_DAYS;

    this.key = new KmsKey(this, 'key', {
      description: `Envelope encryption of Kubernetes secrets in region ${props.colour}`,
      enableKeyRotation: true,
      deletionWindowInDays,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            // The account's root principal must keep full control, or the key becomes
            // unmanageable; IAM policies then decide who else may use it.
            Sid: 'AccountAdministration',
            Effect: 'Allow',
            Principal: { AWS: `arn:${props.partition}:iam::${props.accountId}:root` },
            Action: 'kms:*',
            Resource: '*',
          },
        ],
      }),
      tags: { Name: `${props.colour}-kubernetes-secrets` },
      lifecycle: { preventDestroy: props.protect ?? true },
    });

    this.alias = new KmsAlias(this, 'alias', {
      name: `alias/eks/${props.colour}/secrets`,
      targetKeyId: this.key.keyId,
    });
  }
}
