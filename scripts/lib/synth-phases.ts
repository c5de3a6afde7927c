/**
 * Run by `npm run bench` in its compiled form, as `main.js` is: synthesizes the fleet in
 * FLEET_REGIONS_DIR the way main.ts does, and prints how long each phase took, in milliseconds,
 * as one line of JSON. The modules are required in steps so that each load is timed on its own.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- the loads are what is timed */
import type * as Fleet from '../../modules/fleet';
import type * as TokenTraces from '../../modules/token-traces';

export interface SynthPhases {
  /** From the process's start to this file's first line: Node itself. */
  readonly nodeStart: number;
  /** Loading cdktf, which the empty app does too. */
  readonly cdktf: number;
  /** Loading the rest: the provider classes, zod and the project's modules. */
  readonly appModules: number;
  /** Reading and validating the region files, and building every stack's constructs. */
  readonly build: number;
  /** cdktf's synthesis: resolving every token and attribute, writing the JSON. */
  readonly synth: number;
}

const nodeStart = performance.now();
require('cdktf');
const cdktfLoaded = performance.now();
const { buildFleet } = require('../../modules/fleet') as typeof Fleet;
const { withoutTokenTraces } = require('../../modules/token-traces') as typeof TokenTraces;
const appLoaded = performance.now();
let built = 0;
withoutTokenTraces(() => {
  const regionsDir = process.env.FLEET_REGIONS_DIR;
  if (regionsDir === undefined) throw new Error('FLEET_REGIONS_DIR names no folder of regions');
  const { app } = buildFleet({ regionsDir });
  built = performance.now();
  app.synth();
});
const phases: SynthPhases = {
  nodeStart,
  cdktf: cdktfLoaded - nodeStart,
  appModules: appLoaded - cdktfLoaded,
  build: built - appLoaded,
  synth: performance.now() - built,
};
console.log(JSON.stringify(phases));
