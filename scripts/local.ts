/**
 * The local target, on a laptop or in CI, with no AWS account:
 *   npm run local:up                 emulator, state bucket, deploy pink, show its state
 *   npm run local:bootstrap          create the state bucket in the emulator
 *   npm run local:deploy -- <colour> cdktf deploy <colour> against the emulator
 *   npm run local:state -- <colour>  synthesize for the emulator, outputs and `terraform state list`
 *   npm run local:destroy -- <colour>
 *   npm run local:down               destroy pink, stop the emulator (nothing if it is not running)
 * A colour is required wherever one is named, and checked against regions/ before anything runs.
 */
import { join } from 'node:path';
import { regionColours } from '../modules/fleet';
import { STATE_STACK_ID } from '../modules/state-stack';
import { localTargetNotice } from '../modules/target';
import { isUp, requireEmulator, startEmulator, stopEmulator } from './lib/emulator';
import { emulatorUrl, localEnvironment, PROJECT_ROOT } from './lib/environment';
import { recoverRegion } from './lib/recover-region';
import { step } from './lib/run';
import {
  CDKTF_OUT,
  cdktfDeploy,
  cdktfDestroy,
  checkLocalBootstrap,
  connectRegion,
  terraform,
} from './lib/stacks';

/** The region `up` and `down` deploy and destroy. */
const QUICK_START_REGION = 'pink';

/** The colour a command was given, refused before anything runs if there is no such region. */
function regionArgument(command: string, colour: string | undefined): string {
  const known = regionColours(join(PROJECT_ROOT, 'regions'));
  if (colour === undefined) {
    throw new Error(
      `npm run local:${command} needs a colour: npm run local:${command} -- <colour> (one of ${known.join(', ')})`,
    );
  }
  if (!known.includes(colour)) {
    throw new Error(`no region "${colour}"; the regions are ${known.join(', ')}`);
  }
  return colour;
}

async function bootstrap(env: NodeJS.ProcessEnv): Promise<void> {
  await checkLocalBootstrap(env);
  step('creating the state bucket in the emulator (stack fleet-state)');
  cdktfDeploy(STATE_STACK_ID, env);
}

/**
 * cdktf deploy of one region. The emulator now and then loses the answer to a create it has
 * carried out, and the provider's retry then fails on the thing it made (`InvalidSubnet.Conflict`,
 * a name in use). When a deploy fails, what it left is adopted as after an interrupted apply
 * (`npm run recover`) and the deploy runs once more.
 */
async function deploy(colour: string, env: NodeJS.ProcessEnv): Promise<void> {
  // The region's folder may still be connected to another emulator's or AWS's backend (after
  // plan-all on CI's port, say), which `cdktf deploy`'s plain `terraform init` refuses.
  await connectRegion(colour, env);
  step(`cdktf deploy ${colour} against the emulator (about a minute)`);
  try {
    cdktfDeploy(colour, env);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    step(`the deploy of ${colour} failed; adopting what it left (npm run recover), then once more`);
    const recovery = await recoverRegion(colour, { env, log: (line) => console.log(line) });
    if (recovery.ambiguous.length > 0) throw error;
    cdktfDeploy(colour, env);
  }
}

/** Outputs and state list of a region whose folder in `outdir` is connected to its state. */
function showState(colour: string, env: NodeJS.ProcessEnv, outdir: string): void {
  step(`outputs of ${colour}`);
  terraform(colour, ['output', '-no-color'], { env, outdir, show: true });
  step(`terraform state list of ${colour}`);
  terraform(colour, ['state', 'list'], { env, outdir, show: true });
}

async function main(command: string | undefined, argument: string | undefined): Promise<void> {
  const env = localEnvironment();
  console.log(localTargetNotice(emulatorUrl(env)));
  switch (command) {
    case 'bootstrap':
      await requireEmulator();
      await bootstrap(env);
      return;
    case 'up':
    case 'deploy': {
      const colour = command === 'up' ? QUICK_START_REGION : regionArgument(command, argument);
      // A deploy needs the emulator and the state bucket; both steps do nothing if done.
      step('starting the AWS emulator');
      console.log(await startEmulator());
      await bootstrap(env);
      // The deploy connected the region's folder to its state.
      await deploy(colour, env);
      showState(colour, env, CDKTF_OUT);
      return;
    }
    case 'state': {
      const colour = regionArgument(command, argument);
      // What cdktf.out holds may be another target's (a plain `cdktf synth` is for AWS), so
      // the fleet is synthesized for the emulator first; CDKTF_OUTDIR (cdktf's own name for
      // the output folder, which the lifecycle test sets) puts that elsewhere.
      const outdir = process.env.CDKTF_OUTDIR ?? CDKTF_OUT;
      await connectRegion(colour, env, outdir);
      showState(colour, env, outdir);
      return;
    }
    case 'destroy': {
      const colour = regionArgument(command, argument);
      await connectRegion(colour, env);
      step(`cdktf destroy ${colour} against the emulator`);
      cdktfDestroy(colour, env);
      return;
    }
    case 'down':
      if (!(await isUp())) {
        console.log('the AWS emulator is not running: nothing to take down');
        return;
      }
      await connectRegion(QUICK_START_REGION, env);
      step(`cdktf destroy ${QUICK_START_REGION} against the emulator`);
      cdktfDestroy(QUICK_START_REGION, env);
      step('stopping the AWS emulator');
      console.log(stopEmulator());
      return;
    default:
      throw new Error(
        `unknown command "${command ?? ''}"; expected up, bootstrap, deploy, state, destroy or down`,
      );
  }
}

main(process.argv[2], process.argv[3]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
