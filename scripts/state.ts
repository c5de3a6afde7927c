/**
 * npm run state -- <colour> list | show <address> | output [name] [--target local|aws]
 * Reads one region's state from its remote backend: the S3 bucket on AWS, or the emulator's.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { targetEnvironment } from './lib/environment';
import { step } from './lib/run';
import { initStack, stackDir, synth, terraform } from './lib/stacks';

const USAGE =
  'usage: npm run state -- <colour> list | show <address> | output [name] [--target local|aws]';

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { target: { type: 'string' } },
  });
  const [colour, command, ...rest] = positionals;
  const args =
    command === 'list'
      ? ['state', 'list', ...rest]
      : command === 'show' && rest.length === 1
        ? ['state', 'show', '-no-color', rest[0]]
        : command === 'output'
          ? ['output', '-no-color', ...rest]
          : undefined;
  if (colour === undefined || args === undefined) throw new Error(USAGE);

  const env = targetEnvironment(values.target);
  step(`synthesizing the fleet (${env.FLEET_TARGET} target)`);
  synth(env);
  if (!existsSync(stackDir(colour))) {
    throw new Error(`no region "${colour}": there is no regions/${colour}.ts`);
  }
  step(`connecting to the state of ${colour}`);
  initStack(colour, { env });
  step(`terraform ${args.join(' ')}`);
  terraform(colour, args, { env, show: true });
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
