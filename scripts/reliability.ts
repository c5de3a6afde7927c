/**
 * npm run reliability
 * The guardrails' figures, each measured now: invalid region configurations tried and refused,
 * security policies checked on every synthesized stack, and lifecycle scenarios run on the
 * emulator (through the lifecycle test, about six minutes).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { ConfigError, resolveRegion } from '../modules/config';
import { buildFleet } from '../modules/fleet';
import { INVALID_REGIONS } from '../test/fixtures/invalid-regions';
import { PROJECT_ROOT } from './lib/environment';
import { checkStack, type SynthesizedStack } from './lib/policies';
import { step } from './lib/run';

function invalidInputs(): { tried: number; refused: number } {
  let refused = 0;
  for (const fixture of INVALID_REGIONS) {
    try {
      resolveRegion(fixture.name, fixture.input);
    } catch (error) {
      const problems = error instanceof ConfigError ? error.problems : [];
      if (JSON.stringify(problems) === JSON.stringify(fixture.problems)) refused += 1;
    }
  }
  return { tried: INVALID_REGIONS.length, refused };
}

function policies(): { stack: string; checked: number; violations: string[] }[] {
  const outdir = mkdtempSync(join(tmpdir(), 'eks-fleet-policies-'));
  const { app } = buildFleet({
    regionsDir: join(PROJECT_ROOT, 'regions'),
    target: { kind: 'aws', stateBucket: 'fleet-state', stateRegion: 'us-west-2' },
    app: new App({ outdir }),
  });
  app.synth();
  return readdirSync(join(outdir, 'stacks'))
    .sort()
    .map((stack) => {
      const json = JSON.parse(
        readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'),
      ) as SynthesizedStack;
      const results = checkStack(json, stack === 'fleet-state' ? 'state' : 'region');
      return { stack, checked: results.length, violations: results.flatMap((r) => r.violations) };
    });
}

function lifecycle(): { run: number; passed: number; titles: string[] } {
  const output = join(mkdtempSync(join(tmpdir(), 'eks-fleet-lifecycle-')), 'results.json');
  spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(PROJECT_ROOT, 'node_modules', 'jest', 'bin', 'jest.js'),
      '--selectProjects',
      'terraform',
      '--testPathPatterns',
      'lifecycle',
      '--json',
      '--outputFile',
      output,
    ],
    { cwd: PROJECT_ROOT, stdio: 'ignore' },
  );
  const results = JSON.parse(readFileSync(output, 'utf8')) as {
    testResults: { assertionResults: { title: string; status: string }[] }[];
  };
  const tests = results.testResults.flatMap((file) => file.assertionResults);
  return {
    run: tests.length,
    passed: tests.filter((t) => t.status === 'passed').length,
    titles: tests.map((t) => `${t.status === 'passed' ? 'passed' : 'FAILED'}: ${t.title}`),
  };
}

function main(): number {
  step('trying every invalid region configuration of test/fixtures/invalid-regions.ts');
  const invalid = invalidInputs();
  console.log(
    `invalid configurations: ${invalid.tried} tried, ${invalid.refused} refused with the exact expected errors`,
  );

  step('checking the security policies on every synthesized stack (aws target)');
  const checked = policies();
  for (const { stack, checked: count, violations } of checked) {
    console.log(
      `${stack}: ${count} ${count === 1 ? 'policy' : 'policies'} checked, ${violations.length} violations`,
    );
    for (const violation of violations) console.log(`  ${violation}`);
  }

  step('running the lifecycle scenarios on the emulator (about six minutes)');
  const scenarios = lifecycle();
  console.log(`lifecycle scenarios: ${scenarios.run} run, ${scenarios.passed} passed`);
  for (const title of scenarios.titles) console.log(`  ${title}`);

  const ok =
    invalid.refused === invalid.tried &&
    checked.every((c) => c.violations.length === 0) &&
    scenarios.passed === scenarios.run;
  return ok ? 0 : 1;
}

process.exit(main());
