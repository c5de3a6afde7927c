/**
 * npm run emulator:start | emulator:stop | emulator:status
 * Manages the local AWS emulator that the local target deploys to.
 */
import { emulatorUrl } from './lib/environment';
import { emulatorLog, isUp, startEmulator, stopEmulator } from './lib/emulator';

async function main(command: string | undefined): Promise<void> {
  switch (command) {
    case 'start':
      console.log(await startEmulator());
      return;
    case 'stop':
      console.log(stopEmulator());
      return;
    case 'status': {
      const up = await isUp();
      console.log(up ? `running at ${emulatorUrl()} (log ${emulatorLog()})` : 'not running');
      process.exitCode = up ? 0 : 1;
      return;
    }
    default:
      throw new Error(`unknown command "${command ?? ''}"; expected start, stop or status`);
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
