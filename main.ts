import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './modules/config';
import { buildFleet } from './modules/fleet';
import { TargetError } from './modules/target';
import { withoutTokenTraces } from './modules/token-traces';

// The cdktf CLI passes cdktf.json's context in the environment; a plain `node --import tsx main.ts` reads it.
const context = process.env.CDKTF_CONTEXT_JSON
  ? undefined
  : (
      JSON.parse(readFileSync(join(__dirname, 'cdktf.json'), 'utf8')) as {
        context?: Record<string, unknown>;
      }
    ).context;

try {
  withoutTokenTraces(() => {
    const { app } = buildFleet({
      // FLEET_REGIONS_DIR points at another folder of region files, such as a test's scratch fleet.
      regionsDir: process.env.FLEET_REGIONS_DIR ?? join(__dirname, 'regions'),
      context,
    });
    app.synth();
  });
} catch (error) {
  // A bad region or target is the user's to fix: the message says how, a stack trace would not.
  if (!(error instanceof ConfigError || error instanceof TargetError)) throw error;
  console.error(error.message);
  process.exit(1);
}
