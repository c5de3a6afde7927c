/**
 * npm run recover -- <colour> [--target local|aws] [--dry-run]
 * After an interrupted apply: untaints the region's guarded resources that the apply left
 * tainted, and imports the resources AWS created that its state does not hold, so that the next
 * deploy finishes them instead of failing on their names or making second copies. Changes
 * nothing in AWS itself; --dry-run changes nothing at all. Exits 1 if a person must choose.
 */
import { parseArgs } from 'node:util';
import { targetEnvironment } from './lib/environment';
import { recoverRegion } from './lib/recover-region';
import { connectRegion } from './lib/stacks';

const USAGE = 'usage: npm run recover -- <colour> [--target local|aws] [--dry-run]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { target: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
  });
  const [colour] = positionals;
  if (colour === undefined || positionals.length !== 1) throw new Error(USAGE);

  const env = targetEnvironment(values.target);
  await connectRegion(colour, env);
  const recovery = await recoverRegion(colour, {
    env,
    dryRun: values['dry-run'],
    log: (line) => console.log(line),
  });
  return recovery.ambiguous.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
