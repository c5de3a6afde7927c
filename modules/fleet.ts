/**
 * The fleet: every region file, validated together before any stack is built.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { App } from 'cdktf';
import { checkFleet, ConfigError, resolveRegion, type RegionConfig } from './config';
import { RegionStack } from './region-stack';
import { StateStack } from './state-stack';
import { targetFromEnvironment, type Target } from './target';

/**
 * A region file is any `.ts` file in the folder (or `.js`, once compiled) but an index; its name
 * is the colour.
 */
function regionFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((file) => /^[^.].*\.(ts|js)$/.test(file) && !file.endsWith('.d.ts'))
    .filter((file) => !/^index\.(ts|js)$/.test(file))
    .sort();
}

/** The colours of the region files in `dir`, as their file names give them, without loading them. */
export function regionColours(dir: string): string[] {
  return regionFiles(dir).map((file) => file.replace(/\.(ts|js)$/, ''));
}

/** Reads and validates every region file in `dir`; throws one ConfigError listing all problems. */
export function loadRegions(dir: string): RegionConfig[] {
  const problems: string[] = [];
  const regions: RegionConfig[] = [];
  for (const file of regionFiles(dir)) {
    const name = basename(file).replace(/\.(ts|js)$/, '');
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- region files are found at run time
    const module = require(join(dir, file)) as { default?: unknown };
    if (module.default === undefined) {
      problems.push(
        `region "${name}": ${file} has no default export; expected the region's configuration`,
      );
      continue;
    }
    try {
      regions.push(resolveRegion(name, module.default));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
    }
  }
  // Fleet rules speak of valid regions only; an invalid one is reported on its own first.
  if (problems.length === 0) problems.push(...checkFleet(regions));
  if (problems.length > 0) throw new ConfigError(problems);
  return regions;
}

export interface FleetOptions {
  /** The folder of region files. */
  readonly regionsDir: string;
  /** @default the target read from the environment and cdktf.json's context */
  readonly target?: Target;
  /**
   * An App to build into; tests pass their own. Otherwise one is made once every region has
   * passed validation, since making an App already creates its output folder.
   * @default a new App with `context`
   */
  readonly app?: App;
  /** The context of the App made here: cdktf.json's, when not run by the cdktf CLI. */
  readonly context?: Record<string, unknown>;
}

/** Builds the app: the state bootstrap stack and one stack per region, or throws before any. */
export function buildFleet(options: FleetOptions): {
  app: App;
  target: Target;
  regions: RegionConfig[];
} {
  const regions = loadRegions(options.regionsDir);
  // Stack traces in construct metadata cost a tenth of synthesis and help no one reading a plan.
  const app = options.app ?? new App({ context: options.context, stackTraces: false });
  const target =
    options.target ??
    targetFromEnvironment(process.env, {
      stateBucket: app.node.tryGetContext('stateBucket'),
      stateRegion: app.node.tryGetContext('stateRegion'),
    });
  const parentZones = regions.flatMap((region) => region.ingress?.parentZone ?? []);
  new StateStack(app, target, parentZones);
  for (const region of regions) new RegionStack(app, region, target);
  return { app, target, regions };
}
