import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA as S3BucketServerSideEncryptionConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA as S3BucketVersioning } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { S3Backend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { backendConnection, type Target } from './target';

/** Where a region's state lives inside the state bucket. */
export function stateKey(colour: string): string {
  return `regions/${colour}/terraform.tfstate`;
}

/**
 * Keeps a region's state in the shared S3 bucket under its own key, encrypted, with S3-native
 * locking: a second apply of the same region waits on the lock file instead of racing.
 */
export function useRegionBackend(stack: TerraformStack, target: Target, colour: string): void {
  const backend = new S3Backend(stack, {
    bucket: target.stateBucket,
    key: stateKey(colour),
    region: target.stateRegion,
    encrypt: true,
    ...backendConnection(target),
  });
  // Note: cdktf 0.21's S3Backend has no field for use_lockfile (Terraform 1.10+), so it is set
  // as an override; it replaces the DynamoDB lock table that Terraform 1.11 deprecates.
  backend.addOverride('use_lockfile', true);
}

export interface StateBucketProps {
  readonly bucketName: string;
  /**
   * Refuse to destroy the bucket: it holds the state of every region.
   * @default true
   */
  readonly protect?: boolean;
  /**
   * Leave out the policy that refuses plain-HTTP access: the local AWS emulator enforces it
   * and serves HTTP only. Never set against real AWS.
   * @default false
   */
  readonly emulatorWorkarounds?: boolean;
}

/**
 * The bucket every region keeps its state in: versioned so that any earlier state can be
 * restored, encrypted at rest, closed to the public and to unencrypted transport.
 */
export class StateBucket extends Construct {
  readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    const protect = props.protect ?? true;

    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucketName,
      lifecycle: { preventDestroy: protect },
    });

    new S3BucketVersioning(this, 'versioning', {
      bucket: this.bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });

    new S3BucketServerSideEncryptionConfiguration(this, 'encryption', {
      bucket: this.bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' },
          bucketKeyEnabled: true,
        },
      ],
    });

    new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });

    new S3BucketOwnershipControls(this, 'ownership', {
      bucket: this.bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });

    if (props.emulatorWorkarounds ?? false) return;
    new S3BucketPolicy(this, 'policy', {
      bucket: this.bucket.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      }),
    });
  }
}
