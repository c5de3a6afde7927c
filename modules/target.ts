/**
 * Where Terraform talks to: real AWS, or the local AWS emulator (moto) for a laptop or CI.
 * Everything that differs between the two lives here, behind one environment switch.
 */
import type { AwsProviderConfig } from '@cdktf/provider-aws/lib/provider';
import type { S3BackendConfig } from 'cdktf';

export type TargetKind = 'aws' | 'local';

/** Raised when the environment names no usable target; the message says what to set. */
export class TargetError extends Error {
  override readonly name = 'TargetError';
}

/** The URL the emulator listens on unless `FLEET_EMULATOR_URL` says otherwise. */
export const DEFAULT_EMULATOR_URL = 'http://127.0.0.1:4599';

/** The emulator accepts any credentials; these never reach a real account. */
const EMULATOR_CREDENTIALS = { accessKey: 'test', secretKey: 'test' } as const;

/** Said once wherever the local target is used: what it does not exercise. */
export function localTargetNotice(emulatorUrl: string): string {
  return `local target: AWS calls go to the emulator at ${emulatorUrl}; the Kubernetes and Helm add-ons and their providers are left out`;
}

export interface Target {
  readonly kind: TargetKind;
  /** The emulator's URL; set only for the local target. */
  readonly emulatorUrl?: string;
  /** The S3 bucket that holds every region's state. */
  readonly stateBucket: string;
  /** The AWS region of the state bucket. */
  readonly stateRegion: string;
  /**
   * Colours whose protected resources (the secrets key) may be destroyed: the guard a user
   * lifts on purpose, with `FLEET_ALLOW_DESTROY=pink` (a comma-separated list).
   * @default none
   */
  readonly allowDestroy?: readonly string[];
}

export interface TargetSettings {
  /** From cdktf.json's context: the state bucket, unless FLEET_STATE_BUCKET is set. */
  readonly stateBucket?: unknown;
  /** From cdktf.json's context: the state bucket's AWS region, unless FLEET_STATE_REGION is set. */
  readonly stateRegion?: unknown;
}

/**
 * Reads the target from the environment: `FLEET_TARGET=local` selects the emulator at
 * `FLEET_EMULATOR_URL`; anything else but `aws` (the default) is refused.
 */
export function targetFromEnvironment(
  env: NodeJS.ProcessEnv,
  settings: TargetSettings = {},
): Target {
  const kind = env.FLEET_TARGET || 'aws';
  if (kind !== 'aws' && kind !== 'local') {
    throw new TargetError(`FLEET_TARGET is "${kind}"; expected "aws" (the default) or "local"`);
  }
  const stateBucket = env.FLEET_STATE_BUCKET ?? settings.stateBucket;
  const stateRegion = env.FLEET_STATE_REGION ?? settings.stateRegion;
  if (typeof stateBucket !== 'string' || stateBucket === '') {
    throw new TargetError(
      'no state bucket: set "stateBucket" in the context of cdktf.json or FLEET_STATE_BUCKET',
    );
  }
  if (typeof stateRegion !== 'string' || stateRegion === '') {
    throw new TargetError(
      'no state region: set "stateRegion" in the context of cdktf.json or FLEET_STATE_REGION',
    );
  }
  const allowDestroy = (env.FLEET_ALLOW_DESTROY ?? '')
    .split(',')
    .map((colour) => colour.trim())
    .filter((colour) => colour !== '');
  if (kind === 'aws') return { kind, stateBucket, stateRegion, allowDestroy };
  const emulatorUrl = env.FLEET_EMULATOR_URL ?? DEFAULT_EMULATOR_URL;
  if (env.AWS_ENDPOINT_URL !== emulatorUrl) {
    throw new TargetError(
      `FLEET_TARGET is "local" but AWS_ENDPOINT_URL is ${env.AWS_ENDPOINT_URL === undefined ? 'not set' : `"${env.AWS_ENDPOINT_URL}"`}; ` +
        `the AWS provider reaches the emulator through it: set AWS_ENDPOINT_URL=${emulatorUrl} (the npm run local:* scripts do)`,
    );
  }
  return {
    kind,
    emulatorUrl,
    stateBucket,
    stateRegion,
    allowDestroy,
  };
}

/**
 * What the AWS provider needs to reach the target, besides its region and tags.
 *
 * The emulator's URL is not written into the provider block: the provider reads it from
 * `AWS_ENDPOINT_URL`, which the local target requires (see targetFromEnvironment): an
 * `endpoints` block, even with one service in it, makes the AWS provider slower to configure
 * each time Terraform starts it, which is twice per plan.
 */
export function providerConnection(target: Target): Partial<AwsProviderConfig> {
  if (target.emulatorUrl === undefined) return {};
  return {
    ...EMULATOR_CREDENTIALS,
    s3UsePathStyle: true,
    skipCredentialsValidation: true,
    skipMetadataApiCheck: 'true',
    skipRequestingAccountId: true,
  };
}

/** What the S3 backend needs to reach the target, besides bucket, key and region. */
export function backendConnection(target: Target): Partial<S3BackendConfig> {
  if (target.emulatorUrl === undefined) return {};
  const url = target.emulatorUrl;
  return {
    ...EMULATOR_CREDENTIALS,
    endpoints: { s3: url, sts: url, iam: url, dynamodb: url },
    usePathStyle: true,
    skipCredentialsValidation: true,
    skipMetadataApiCheck: true,
    skipRequestingAccountId: true,
  };
}
