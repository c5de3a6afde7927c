/**
 * npm run plan-all [-- <colour>...] [--target local|aws] [--summary FILE] [--json] [--allow-destroy]
 * Plans every region (or the ones named) and prints one line each: what would be added,
 * changed and destroyed. Exits non-zero when any plan fails, or when a plan would destroy or
 * replace an EKS cluster, a nodegroup, a KMS key or a VPC, unless --allow-destroy is given.
 * With the local target it starts the emulator and creates the state bucket first.
 * --summary appends a Markdown table to FILE (in GitHub Actions: $GITHUB_STEP_SUMMARY).
 */
import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { STATE_STACK_ID } from '../modules/state-stack';
import { startEmulator } from './lib/emulator';
import { targetEnvironment } from './lib/environment';
import { step } from './lib/run';
import { countChanges, type PlannedChange, type PlanResult } from './lib/plan';
import {
  checkLocalBootstrap,
  initStack,
  synth,
  synthesizedStacks,
  terraform,
  terraformAsync,
} from './lib/stacks';

/** Plans side by side: each loads the AWS provider (about half a GiB and a core for seconds). */
const CONCURRENCY = 2;

function failedPlan(colour: string, error: string): PlanResult {
  return { colour, ok: false, add: 0, change: 0, destroy: 0, destroyed: [], guarded: [], error };
}

async function planRegion(colour: string, env: NodeJS.ProcessEnv): Promise<PlanResult> {
  const failed = (error: string) => failedPlan(colour, error);
  const plan = await terraformAsync(
    colour,
    ['plan', '-input=false', '-no-color', '-lock-timeout=5m', '-out=tfplan'],
    { env },
  );
  if (plan.status !== 0) return failed(plan.output);
  const shown = await terraformAsync(colour, ['show', '-json', 'tfplan'], { env });
  if (shown.status !== 0) return failed(shown.output);
  const json = JSON.parse(shown.output) as { resource_changes?: PlannedChange[] };
  return { colour, ok: true, ...countChanges(json.resource_changes ?? []) };
}

/** Runs `task` on every item, at most `limit` at a time, keeping the items' order. */
async function inParallel<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function line(result: PlanResult): string {
  if (!result.ok) return `${result.colour}: FAILED`;
  const counts = `${result.colour}: ${result.add} to add, ${result.change} to change, ${result.destroy} to destroy`;
  if (result.guarded.length === 0) return counts;
  return `${counts}; DESTROYS OR REPLACES ${result.guarded.join(', ')}`;
}

function markdown(results: readonly PlanResult[], target: string): string {
  const rows = results.map((r) =>
    r.ok
      ? `| ${r.colour} | ${r.add} | ${r.change} | ${r.destroy} | ${r.destroyed.join('<br>') || ''} |`
      : `| ${r.colour} | plan failed | | | |`,
  );
  return [
    `### Plans of ${results.length === 1 ? results[0].colour : `${results.length} regions`} (${target} target)`,
    '',
    '| region | to add | to change | to destroy | destroyed or replaced |',
    '| --- | ---: | ---: | ---: | --- |',
    ...rows,
    '',
  ].join('\n');
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      target: { type: 'string' },
      summary: { type: 'string' },
      json: { type: 'boolean', default: false },
      'allow-destroy': { type: 'boolean', default: false },
    },
  });
  const env = targetEnvironment(values.target);
  const target = env.FLEET_TARGET ?? 'aws';

  step(`synthesizing the fleet (${target} target)`);
  synth(env);
  const regions = synthesizedStacks().filter((stack) => stack !== STATE_STACK_ID);
  const unknown = positionals.filter((colour) => !regions.includes(colour));
  if (unknown.length > 0) {
    throw new Error(`no region ${unknown.join(', ')}; the regions are ${regions.join(', ')}`);
  }
  const chosen = positionals.length > 0 ? positionals : regions;

  if (target === 'local') {
    step('starting the AWS emulator and creating the state bucket in it');
    console.log(await startEmulator());
    await checkLocalBootstrap(env);
    initStack(STATE_STACK_ID, { env });
    terraform(STATE_STACK_ID, ['apply', '-auto-approve', '-input=false', '-no-color'], { env });
  }

  // One at a time: Terraform's plugin cache is not safe for two installs at once.
  step(`initialising ${chosen.length === 1 ? 'the region' : `${chosen.length} regions`}`);
  const initFailures = new Map<string, string>();
  for (const colour of chosen) {
    try {
      initStack(colour, { env });
    } catch (error) {
      initFailures.set(colour, error instanceof Error ? error.message : String(error));
    }
  }

  step(
    `planning ${chosen.length} ${chosen.length === 1 ? 'region' : 'regions'}, ${CONCURRENCY} at a time`,
  );
  const results = await inParallel(chosen, CONCURRENCY, async (colour) => {
    const initFailure = initFailures.get(colour);
    const result =
      initFailure === undefined ? await planRegion(colour, env) : failedPlan(colour, initFailure);
    console.log(line(result));
    return result;
  });

  for (const failed of results.filter((r) => !r.ok)) {
    console.error(`\n--- ${failed.colour}: the plan failed ---\n${failed.error ?? ''}`);
  }
  if (values.summary !== undefined) appendFileSync(values.summary, markdown(results, target));
  if (values.json) console.log(JSON.stringify(results, null, 2));
  const guarded = results.filter((r) => r.guarded.length > 0);
  if (guarded.length > 0) {
    const regions = guarded.map((r) => r.colour).join(', ');
    if (!values['allow-destroy']) {
      console.error(
        `refused: the plans of ${regions} destroy or replace a cluster, nodegroup, KMS key, DNS zone or VPC; review them, and run again with --allow-destroy if that is what you want`,
      );
      return 1;
    }
    console.error(
      `allowed by --allow-destroy: the plans of ${regions} destroy or replace guarded resources`,
    );
  }
  return results.every((r) => r.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
