/**
 * npm run critical-path -- [colour...]
 * The provisioning critical path of each region (aws target): the longest chain of resource
 * creations, weighted by the typical creation times in scripts/lib/critical-path.ts, and how
 * many resources are created side by side.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STATE_STACK_ID } from '../modules/state-stack';
import { awsEnvironment } from './lib/environment';
import { criticalPath, dependencyGraph } from './lib/critical-path';
import { synth } from './lib/stacks';

function minutes(seconds: number): string {
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

function main(colours: string[]): void {
  const outdir = join(mkdtempSync(join(tmpdir(), 'eks-fleet-path-')), 'cdktf.out');
  synth(awsEnvironment(), outdir);
  const regions = readdirSync(join(outdir, 'stacks')).filter((s) => s !== STATE_STACK_ID);
  const unknown = colours.filter((colour) => !regions.includes(colour));
  if (unknown.length > 0)
    throw new Error(`no region ${unknown.join(', ')}; the regions are ${regions.join(', ')}`);
  for (const colour of colours.length > 0 ? colours : regions.sort()) {
    const stack = JSON.parse(readFileSync(join(outdir, 'stacks', colour, 'cdk.tf.json'), 'utf8'));
    const path = criticalPath(dependencyGraph(stack));
    console.log(
      `${colour}: ${minutes(path.totalSeconds)} on the critical path; ${path.resources} resources, up to ${path.maxParallel} created side by side`,
    );
    for (const step of path.chain) {
      console.log(
        `  ${minutes(step.start).padStart(6)} -> ${minutes(step.finish).padStart(6)}  ${step.address}`,
      );
    }
  }
}

try {
  main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
