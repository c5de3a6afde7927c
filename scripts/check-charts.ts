/**
 * npx tsx scripts/check-charts.ts [--charts DIR]
 * Checks every Helm release of the fleet, offline, against the chart files it pins: the chart
 * and version exist in the chart folder, every key the release sets is a value of the chart,
 * the merged values fit the chart's values.schema.json, and the rules of charts whose schema
 * cannot say them. Prints one line per release and every error.
 * The chart folder: --charts DIR, else FLEET_CHARTS_DIR, else ../shared/charts; one
 * <folder>/<chart-name>/ each, as `helm pull --untar` leaves it.
 * Exits 0 when every release passes, 1 on any error, 2 when it could not check at all.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  chartsDir,
  chartsDirProblem,
  checkStacks,
  readCharts,
  readSynthesizedStacks,
  type ChartFiles,
  type SynthesizedStack,
} from './lib/chart-check';
import { awsEnvironment } from './lib/environment';
import { step } from './lib/run';
import { synth } from './lib/stacks';

/** Exit code when the check could not run: never a pass it did not earn. */
const COULD_NOT_RUN = 2;

function chartLabel(chart: ChartFiles): string {
  const label = `${chart.name} ${chart.version}`;
  if (chart.versionFrom === 'Chart.yaml') return label;
  return `${label} (version from SOURCES.md; its Chart.yaml says ${chart.placeholder})`;
}

function synthesizedFleet(): Record<string, SynthesizedStack> {
  const outdir = mkdtempSync(join(tmpdir(), 'fleet-chart-check-'));
  try {
    synth(awsEnvironment(), outdir);
    return readSynthesizedStacks(outdir);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function main(): number {
  const { values } = parseArgs({ options: { charts: { type: 'string' } } });
  const dir = chartsDir({ flag: values.charts });
  const problem = chartsDirProblem(dir);
  if (problem !== undefined) {
    console.error(problem);
    return COULD_NOT_RUN;
  }

  const folder = readCharts(dir);
  step(`charts in ${dir}: ${folder.charts.map(chartLabel).join(', ')}`);
  for (const line of folder.problems) console.log(`error: ${line}`);

  step('synthesizing the fleet (aws target)');
  let stacks: Record<string, SynthesizedStack>;
  try {
    stacks = synthesizedFleet();
  } catch (error) {
    console.error(`could not check the Helm values: synthesizing the fleet failed.`);
    console.error(error instanceof Error ? error.message : String(error));
    return COULD_NOT_RUN;
  }

  const checks = checkStacks(stacks, folder);
  step(`checking ${checks.length} releases`);
  for (const check of checks) {
    const errors = check.errors.length;
    const verdict =
      check.notCovered !== undefined
        ? `not covered: ${check.notCovered}`
        : errors === 0
          ? 'ok'
          : `${errors} error${errors === 1 ? '' : 's'}`;
    console.log(`${check.region}/${check.release} ${check.chart} ${check.version}: ${verdict}`);
    for (const error of check.errors) console.log(`  ${error}`);
  }

  const failed = checks.filter((check) => check.errors.length > 0).length;
  const errors = folder.problems.length + checks.reduce((n, c) => n + c.errors.length, 0);
  if (checks.length === 0) {
    console.log('the fleet installs no Helm release; nothing to check');
    return folder.problems.length === 0 ? 0 : 1;
  }
  const uncovered = checks.filter((check) => check.notCovered !== undefined);
  const covered = checks.length - uncovered.length;
  const notCoveredNote =
    uncovered.length === 0
      ? ''
      : `; ${uncovered.length} not covered, their chart files not yet in the folder (${[...new Set(uncovered.map((c) => `${c.chart} ${c.version}`))].join(', ')})`;
  if (errors === 0) {
    console.log(
      uncovered.length === 0
        ? `every one of ${checks.length} releases fits its chart`
        : `every one of ${covered} checked releases fits its chart${notCoveredNote}`,
    );
    return 0;
  }
  console.log(
    `${errors} error${errors === 1 ? '' : 's'}: ${failed} of ${checks.length} releases fail their chart${folder.problems.length > 0 ? `, ${folder.problems.length} in the chart folder` : ''}${notCoveredNote}`,
  );
  return 1;
}

process.exit(main());
