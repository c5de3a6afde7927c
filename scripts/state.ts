/**
 * npm run state -- <colour> list | show <address> | output [name] [--target local|aws]
 * Reads one region's state from its remote backend: the S3 bucket on AWS, or the emulator's.
 */
import { parseArgs } from 'node:util';
import { targetEnvironment } from './lib/environment';
import { step } from './lib/run';
import { connectRegion, terraform } from './lib/stacks';

const USAGE =
  'usage: npm run state -- <colour> list | show <address> | output [name] [--target local|aws]';

async function main(): Promise<void> {
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
  await connectRegion(colour, env);
  step(`terraform ${args.join(' ')}`);
  terraform(colour, args, { env, show: true });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
