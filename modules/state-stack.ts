import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { LocalBackend, TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { ReadableStack } from './readable-stack';
import { MANAGED_BY } from './region-stack';
import { StateBucket } from './state-backend';
import { providerConnection, type Target } from './target';

/** The stack id of the one-time bootstrap, next to the colour-named region stacks. */
export const STATE_STACK_ID = 'fleet-state';

/**
 * The one-time bootstrap: creates the bucket that every region keeps its state in. Its own
 * state cannot live in a bucket that does not exist yet, so it stays in a local file under
 * `.local/` (one per target); the bucket is protected from destruction, and can be taken back
 * under management with `terraform import` should that file be lost.
 */
export class StateStack extends ReadableStack {
  /**
   * @param parentZones the zones regions delegate from. A real account has them already; the
   * local target makes stand-ins in the emulator, so that delegation can be exercised there.
   */
  constructor(scope: Construct, target: Target, parentZones: readonly string[] = []) {
    super(scope, STATE_STACK_ID);

    // Terraform runs in cdktf.out/stacks/fleet-state: three levels below the project.
    new LocalBackend(this, { path: `../../../.local/${target.kind}/fleet-state.tfstate` });
    new AwsProvider(this, 'aws', {
      region: target.stateRegion,
      defaultTags: [{ tags: { 'managed-by': MANAGED_BY } }],
      ...providerConnection(target),
    });

    const state = new StateBucket(this, 'state', {
      bucketName: target.stateBucket,
      emulatorWorkarounds: target.kind === 'local',
    });
    new TerraformOutput(this, 'bucket', { value: state.bucket.bucket });

    if (target.kind === 'local') {
      for (const name of new Set(parentZones)) {
        new Route53Zone(this, `emulator-parent-zone-${name.replace(/\./g, '-')}`, {
          name,
          comment: 'Stand-in on the emulator for a parent zone a real account already has',
        });
      }
    }
  }
}
