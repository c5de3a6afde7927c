/**
 * The local target, on a laptop or in CI, with no AWS account:
 *   npm run local:up                 emulator, state bucket, deploy pink, show its state
 *   npm run local:bootstrap          create the state bucket in the emulator
 *   npm run local:deploy -- <colour> cdktf deploy <colour> against the emulator
 *   npm run local:state -- <colour>  outputs and `terraform state list`
 *   npm run local:destroy -- <colour>
 *   npm run local:down               destroy pink, stop the emulator
 */
import { STATE_STACK_ID } from '../modules/state-stack';
import { localTargetNotice } from '../modules/target';
import { isUp, startEmulator, stopEmulator } from './lib/emulator';
import { emulatorUrl, localEnvironment } from './lib/environment';
import { step } from './lib/run';
import { cdktfDeploy, cdktfDestroy, initStack, terraform } from './lib/stacks';

const DEFAULT_REGION = 'pink';

function bootstrap(env: NodeJS.ProcessEnv): void {
  step('creating the state bucket in the emulator (stack fleet-state)');
  cdktfDeploy(STATE_STACK_ID, env);
}

function deploy(colour: string, env: NodeJS.ProcessEnv): void {
  step(`cdktf deploy ${colour} against the emulator (about a minute)`);
  cdktfDeploy(colour, env);
}

function showState(colour: string, env: NodeJS.ProcessEnv): void {
  initStack(colour, { env });
  step(`outputs of ${colour}`);
  terraform(colour, ['output', '-no-color'], { env, show: true });
  step(`terraform state list of ${colour}`);
  terraform(colour, ['state', 'list'], { env, show: true });
}

async function main(command: string | undefined, colour = DEFAULT_REGION): Promise<void> {
  const env = localEnvironment();
  console.log(localTargetNotice(emulatorUrl(env)));
  switch (command) {
    case 'bootstrap':
      bootstrap(env);
      return;
    case 'up':
    case 'deploy':
      // A deploy needs the emulator and the state bucket; both steps do nothing if done.
      step('starting the AWS emulator');
      console.log(await startEmulator());
      bootstrap(env);
      deploy(colour, env);
      showState(colour, env);
      return;
    case 'state':
      if (!(await isUp())) {
        throw new Error('the AWS emulator is not running: `npm run local:up` deploys pink on it');
      }
      showState(colour, env);
      return;
    case 'destroy':
      step(`cdktf destroy ${colour} against the emulator`);
      cdktfDestroy(colour, env);
      return;
    case 'down':
      step(`cdktf destroy ${colour} against the emulator`);
      cdktfDestroy(colour, env);
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
