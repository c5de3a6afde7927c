/**
 * Recovering a region after an interrupted apply, in two steps:
 * - Untaint what must never be replaced by surprise. An interrupted create leaves its resource
 *   tainted when AWS made it but the wait that followed was cancelled; the next plan would then
 *   replace it. For the guarded types (the cluster, nodegroups, the KMS key, the VPC) that plan
 *   is refused (`prevent_destroy`, plan-all), so they are untainted and the next apply finishes
 *   them in place. Other tainted resources are left for the apply to replace, as Terraform
 *   intends, and said so.
 * - Adopt orphans: resources AWS created that the state never recorded (scripts/lib/adopt.ts).
 * Shared by `npm run recover`, the local deploy and the lifecycle test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planAdoption, plannedCreates, type Adoption } from './adopt';
import { awsInventory } from './aws-inventory';
import { GUARDED_TYPES } from './plan';
import { stackDir, terraform } from './stacks';

export interface RecoverOptions {
  /** The environment of the target, as the other scripts take it. */
  readonly env: NodeJS.ProcessEnv;
  /** cdktf's output folder, already synthesized and initialised. @default cdktf.out */
  readonly outdir?: string;
  /** Say what would be done, and change nothing. @default false */
  readonly dryRun?: boolean;
  /** Where progress goes, a line at a time. @default nowhere */
  readonly log?: (line: string) => void;
}

export interface Recovery {
  /** Guarded resources untainted (or, in a dry run, that would be). */
  readonly untainted: readonly string[];
  /** Other tainted resources, which the next apply replaces. */
  readonly tainted: readonly string[];
  /** Orphans imported (or, in a dry run, that would be). */
  readonly adopted: readonly Adoption[];
  /** Planned resources that several existing ones match: left for a person to settle. */
  readonly ambiguous: readonly { address: string; ids: string[] }[];
  /** False when the dry run had to stop before looking for orphans. */
  readonly complete: boolean;
}

interface StateResource {
  readonly address: string;
  readonly type: string;
  readonly mode: string;
  readonly tainted?: boolean;
}

/** The AWS region a synthesized region stack deploys to, from its provider block. */
function stackAwsRegion(colour: string, outdir?: string): string {
  const stack = JSON.parse(readFileSync(join(stackDir(colour, outdir), 'cdk.tf.json'), 'utf8'));
  return stack.provider.aws[0].region as string;
}

function taintedResources(colour: string, options: RecoverOptions): StateResource[] {
  const shown = terraform(colour, ['show', '-json'], options);
  const state = JSON.parse(shown) as {
    values?: { root_module?: { resources?: StateResource[] } };
  };
  return (state.values?.root_module?.resources ?? []).filter(
    (resource) => resource.mode === 'managed' && resource.tainted === true,
  );
}

const LOCK = '-lock-timeout=5m';

/** Rounds of plan and adopt: each can reveal what depends on the last one's imports. */
const MAX_ROUNDS = 5;

export async function recoverRegion(colour: string, options: RecoverOptions): Promise<Recovery> {
  const { env, outdir, dryRun = false } = options;
  const log = options.log ?? (() => undefined);
  const tf = (args: string[]) => terraform(colour, args, { env, outdir });

  log(`==> looking for tainted resources in the state of ${colour}`);
  const tainted = taintedResources(colour, options);
  const guarded = tainted.filter((r) => GUARDED_TYPES.includes(r.type)).map((r) => r.address);
  const replaced = tainted.filter((r) => !GUARDED_TYPES.includes(r.type)).map((r) => r.address);
  for (const address of guarded) {
    log(
      `${dryRun ? 'would untaint' : 'untainting'} ${address}: a guarded resource is finished in place, never replaced by surprise`,
    );
    if (!dryRun) tf(['untaint', '-no-color', LOCK, address]);
  }
  for (const address of replaced) log(`tainted, the next apply replaces it: ${address}`);
  if (dryRun && guarded.length > 0) {
    log('the plan that finds orphans needs those untainted first: the dry run stops here');
    return { untainted: guarded, tainted: replaced, adopted: [], ambiguous: [], complete: false };
  }

  const inventory = awsInventory({ colour, awsRegion: stackAwsRegion(colour, outdir), env });
  const adopted: Adoption[] = [];
  const ambiguous: { address: string; ids: string[] }[] = [];
  // What depends on an adopted resource (a rule on its security group, a route in its table)
  // only becomes known in the next plan: look again while a round still adopts something.
  for (let round = 1; round <= MAX_ROUNDS; round += 1) {
    log(`==> planning ${colour} to see what it would create (waits up to 5 minutes for its lock)`);
    try {
      tf(['plan', '-input=false', '-no-color', LOCK, '-out=recover.tfplan']);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      if (!text.includes('state lock')) throw error;
      throw new Error(
        `${colour}'s state is still locked, as a killed apply leaves it. Once you are sure no apply of ${colour} runs, release the lock with \`terraform force-unlock <lock id>\` in ${stackDir(colour, outdir)} (the lock id is in the error below), then run this again.\n${text}`,
      );
    }
    const creates = plannedCreates(JSON.parse(tf(['show', '-json', 'recover.tfplan'])));
    log(`==> looking in AWS for ${creates.length} planned resources that may already exist`);
    const found = await planAdoption(creates, inventory);

    if (round === 1) {
      for (const { address, why } of found.unchecked) log(`not looked up: ${address}: ${why}`);
    }
    ambiguous.splice(0, ambiguous.length, ...found.ambiguous);
    for (const { address, ids } of found.ambiguous) {
      log(
        `AMBIGUOUS: ${address} matches ${ids.length} existing resources (${ids.join(', ')}); ` +
          'delete the extra ones, or import the right one with `terraform import`, then run this again',
      );
    }
    for (const { address, id } of found.adopt) {
      log(`${dryRun ? 'would adopt' : 'adopting'} ${address} (${id})`);
      if (!dryRun) tf(['import', '-input=false', '-no-color', LOCK, address, id]);
    }
    adopted.push(...found.adopt);
    if (dryRun || found.adopt.length === 0) break;
  }
  log(
    `${colour}: ${guarded.length} untainted, ${adopted.length} adopted, ` +
      `${ambiguous.length} ambiguous${dryRun ? ' (dry run: nothing changed)' : ''}`,
  );
  return {
    untainted: guarded,
    tainted: replaced,
    adopted,
    ambiguous,
    complete: true,
  };
}
