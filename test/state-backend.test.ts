import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA as S3BucketServerSideEncryptionConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA as S3BucketVersioning } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { TerraformStack, Testing } from 'cdktf';
import {
  StateBucket,
  stateKey,
  useRegionBackend,
  type StateBucketProps,
} from '../modules/state-backend';
import type { Target } from '../modules/target';
import { parseStack, referenceTo, resourcesOf } from './synthesized';

const AWS: Target = { kind: 'aws', stateBucket: 'fleet-state', stateRegion: 'us-west-2' };
const LOCAL: Target = { ...AWS, kind: 'local', emulatorUrl: 'http://127.0.0.1:4599' };

function synthBucket(props: Partial<StateBucketProps> = {}): string {
  return Testing.synthScope(
    (stack) => new StateBucket(stack, 'state', { bucketName: 'fleet-state', ...props }),
  );
}

function synthBackend(target: Target): Record<string, unknown> | undefined {
  const stack = new TerraformStack(Testing.app(), 'pink');
  useRegionBackend(stack, target, 'pink');
  return parseStack(Testing.synth(stack)).terraform?.backend?.s3;
}

describe('stateKey', () => {
  test('keeps each region under regions/<colour>/', () => {
    expect(stateKey('pink')).toBe('regions/pink/terraform.tfstate');
  });
});

describe('useRegionBackend', () => {
  test('keeps the state encrypted in the state bucket, locked by an S3 lock file', () => {
    expect(synthBackend(AWS)).toEqual({
      bucket: 'fleet-state',
      key: 'regions/pink/terraform.tfstate',
      region: 'us-west-2',
      encrypt: true,
      use_lockfile: true,
    });
  });

  test('points the backend at the emulator for the local target', () => {
    const url = 'http://127.0.0.1:4599';
    expect(synthBackend(LOCAL)).toEqual({
      bucket: 'fleet-state',
      key: 'regions/pink/terraform.tfstate',
      region: 'us-west-2',
      encrypt: true,
      use_lockfile: true,
      access_key: 'test',
      secret_key: 'test',
      endpoints: { s3: url, sts: url, iam: url, dynamodb: url },
      use_path_style: true,
      skip_credentials_validation: true,
      skip_metadata_api_check: true,
      skip_requesting_account_id: true,
    });
  });
});

describe('StateBucket', () => {
  const synthesized = synthBucket();
  const bucketId = referenceTo(synthesized, S3Bucket, 'id');

  test('protects the bucket from destruction by default', () => {
    expect(synthesized).toHaveResourceWithProperties(S3Bucket, {
      bucket: 'fleet-state',
      lifecycle: { prevent_destroy: true },
    });
  });

  test('can configure an unprotected bucket', () => {
    expect(synthBucket({ protect: false })).toHaveResourceWithProperties(S3Bucket, {
      lifecycle: { prevent_destroy: false },
    });
  });

  test('turns versioning on', () => {
    expect(synthesized).toHaveResourceWithProperties(S3BucketVersioning, {
      bucket: bucketId,
      versioning_configuration: { status: 'Enabled' },
    });
  });

  test('encrypts objects at rest with KMS', () => {
    expect(synthesized).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfiguration, {
      bucket: bucketId,
      rule: [
        {
          apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms' },
          bucket_key_enabled: true,
        },
      ],
    });
  });

  test('blocks every kind of public access', () => {
    expect(synthesized).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      bucket: bucketId,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  test('enforces bucket-owner ownership of every object', () => {
    expect(synthesized).toHaveResourceWithProperties(S3BucketOwnershipControls, {
      rule: { object_ownership: 'BucketOwnerEnforced' },
    });
  });

  test('denies any access over plain HTTP', () => {
    const [policy] = Object.values(resourcesOf(synthesized, S3BucketPolicy));
    const bucketArn = referenceTo(synthesized, S3Bucket, 'arn');
    expect(policy.bucket).toBe(bucketId);
    expect(JSON.parse(policy.policy as string)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DenyInsecureTransport',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: [bucketArn, `${bucketArn}/*`],
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    });
  });

  test('leaves out the deny-insecure-transport policy with emulatorWorkarounds', () => {
    expect(synthBucket({ emulatorWorkarounds: true })).not.toHaveResource(S3BucketPolicy);
  });
});
