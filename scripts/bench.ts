/**
 * npm run bench [-- --runs N] [--full]
 * Times synthesis, the test tiers and a plan next to their floors, several runs each, and
 * prints one table of medians (also written to docs/benchmarks.md). --full adds the whole
 * test command, which takes minutes.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import global from '../regions/global';
import pink from '../regions/pink';
import { startFreshEmulator, stopEmulator } from './lib/emulator';
import { LOCAL_DIR, PROJECT_ROOT, localEnvironment } from './lib/environment';
import { step } from './lib/run';
import { cdktfConfig, initStack, synth, terraform } from './lib/stacks';
import type { SynthPhases } from './lib/synth-phases';

const BENCH_DIR = join(LOCAL_DIR, 'bench');
const DIST = join(BENCH_DIR, 'dist');
const BIN = join(PROJECT_ROOT, 'node_modules', '.bin');
/** The type checker of `npm run build` (TypeScript 7), which also compiles the app for the JS run. */
const TSC = join(PROJECT_ROOT, 'node_modules', 'typescript-native', 'bin', 'tsc');
/** A port of its own, so the benchmark never meets a person's emulator or the tests'. */
const EMULATOR_URL = process.env.FLEET_BENCH_EMULATOR_URL ?? 'http://127.0.0.1:4619';

interface Sample {
  readonly seconds: number;
  /** Peak resident memory of the measured process, where it was measured. */
  readonly peakMiB?: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs a command once and times it; a `node` command also reports its peak memory. */
function measure(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Sample {
  const rssFile = join(mkdtempSync(join(tmpdir(), 'bench-rss-')), 'rss');
  const isNode = command === 'node';
  const started = process.hrtime.bigint();
  const result = spawnSync(
    command,
    isNode ? ['-r', join(BENCH_DIR, 'peak-rss.js'), ...args] : args,
    { cwd: PROJECT_ROOT, env: { ...env, BENCH_RSS_FILE: rssFile }, encoding: 'utf8' },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  }
  const peakMiB = isNode ? Number(readFileSync(rssFile, 'utf8')) / 1024 : undefined;
  return { seconds, peakMiB };
}

function repeat(runs: number, sample: () => Sample): { seconds: number; peakMiB?: number } {
  const samples = Array.from({ length: runs }, sample);
  const peaks = samples.flatMap((s) => (s.peakMiB === undefined ? [] : [s.peakMiB]));
  return {
    seconds: median(samples.map((s) => s.seconds)),
    peakMiB: peaks.length > 0 ? Math.max(...peaks) : undefined,
  };
}

/** Compiles the app to JavaScript, and writes the empty app and the memory probe beside it. */
function prepare(): void {
  rmSync(BENCH_DIR, { recursive: true, force: true });
  mkdirSync(BENCH_DIR, { recursive: true });
  spawnSync(TSC, ['-p', 'tsconfig.json', '--noEmit', 'false', '--outDir', DIST], {
    cwd: PROJECT_ROOT,
    stdio: 'inherit',
  });
  writeFileSync(
    join(BENCH_DIR, 'peak-rss.js'),
    "process.on('exit', () => require('fs').writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n",
  );
  // The floor, reporting its phases as synth-phases.ts does the fleet's.
  writeFileSync(
    join(BENCH_DIR, 'empty-app.js'),
    [
      'const nodeStart = performance.now();',
      "const { App } = require('cdktf');",
      'const loaded = performance.now();',
      'new App().synth();',
      'const cdktf = loaded - nodeStart;',
      'console.log(JSON.stringify({ nodeStart, cdktf, synth: performance.now() - loaded }));',
      '',
    ].join('\n'),
  );
}

/** Phases of one synthesis, in milliseconds, as the probes print them. */
type Phases = Partial<Record<keyof SynthPhases, number>>;

/** Runs a phase probe `runs` times and takes the median of each phase. */
function phases(runs: number, script: string, env: NodeJS.ProcessEnv): Phases {
  const samples = Array.from({ length: runs }, () => {
    const result = spawnSync('node', [script], { cwd: PROJECT_ROOT, env, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${script} failed:\n${result.stdout}${result.stderr}`);
    return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as Phases;
  });
  const keys = Object.keys(samples[0]) as (keyof SynthPhases)[];
  return Object.fromEntries(
    keys.map((key) => [key, median(samples.map((sample) => sample[key] ?? 0))]),
  );
}

const PHASE_NAMES: Record<keyof SynthPhases, string> = {
  nodeStart: 'Node.js starting',
  cdktf: 'loading cdktf',
  appModules: 'loading the provider classes, zod and our modules',
  build: 'validating the regions, building the constructs',
  synth: "cdktf's synthesis: resolving every attribute, writing JSON",
};

const phaseTotal = (p: Phases) => Object.values(p).reduce((sum, value) => sum + (value ?? 0), 0);

/** What the phases say about the targets: columns are the empty app, 1 and 50 regions. */
function phaseFindings(columns: [string, Phases][]): string[] {
  const [[, empty], [, one], [, fifty]] = columns;
  const floor = phaseTotal(empty);
  const loadOnly = floor + (one.appModules ?? 0);
  const perRegion = (key: keyof SynthPhases) => ((fifty[key] ?? 0) - (one[key] ?? 0)) / 49;
  return [
    `the empty app plus loading our modules, before any region is built: ${loadOnly.toFixed(0)} ms, ${(loadOnly / floor).toFixed(2)}x the empty app`,
    `each region beyond the first: ${perRegion('build').toFixed(1)} ms building its constructs, ${perRegion('synth').toFixed(1)} ms in cdktf's synthesis`,
  ];
}

/** The phases side by side, one column per probe run, in milliseconds. */
function phaseTable(columns: [string, Phases][]): string[] {
  const cell = (value: number | undefined) => (value === undefined ? '' : value.toFixed(0));
  return [
    `| phase, milliseconds | ${columns.map(([name]) => name).join(' | ')} |`,
    `| --- | ${columns.map(() => '---:').join(' | ')} |`,
    ...(Object.keys(PHASE_NAMES) as (keyof SynthPhases)[]).map(
      (key) => `| ${PHASE_NAMES[key]} | ${columns.map(([, p]) => cell(p[key])).join(' | ')} |`,
    ),
    `| sum of the medians | ${columns.map(([, p]) => cell(phaseTotal(p))).join(' | ')} |`,
  ];
}

/** A folder of `count` generated MultiRegions (copies of pink on their own VPCs and domains) and global. */
function generatedFleet(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), `bench-fleet-${count}-`));
  writeFileSync(join(dir, 'global.js'), `exports.default = ${JSON.stringify(global)};\n`);
  for (let i = 0; i < count; i += 1) {
    const colour = `gen${i}`;
    const ingress = { ...pink.ingress, domain: `${colour}.fleet.example.com` };
    const region = { ...pink, colour, vpcCidr: `10.${100 + i}.0.0/16`, ingress };
    writeFileSync(join(dir, `${colour}.js`), `exports.default = ${JSON.stringify(region)};\n`);
  }
  return dir;
}

function synthEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    FLEET_TARGET: 'aws',
    CDKTF_CONTEXT_JSON: JSON.stringify(cdktfConfig().context),
    CDKTF_OUTDIR: mkdtempSync(join(tmpdir(), 'bench-out-')),
    CHECKPOINT_DISABLE: '1',
    ...extra,
  };
}

/** An empty configuration with the same AWS provider, pointed at the emulator: the plan floor. */
function floorStack(outdir: string, env: NodeJS.ProcessEnv): void {
  const dir = join(outdir, 'stacks', 'floor');
  mkdirSync(dir, { recursive: true });
  const pink = JSON.parse(readFileSync(join(outdir, 'stacks', 'pink', 'cdk.tf.json'), 'utf8'));
  writeFileSync(
    join(dir, 'main.tf.json'),
    JSON.stringify({
      terraform: { required_providers: pink.terraform.required_providers },
      provider: pink.provider,
    }),
  );
  initStack('floor', { env, outdir });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '5' }, full: { type: 'boolean', default: false } },
  });
  const runs = Number(values.runs);
  const rows: [string, number, number | undefined, string][] = [];
  const add = (what: string, m: { seconds: number; peakMiB?: number }, note = '') => {
    rows.push([what, m.seconds, m.peakMiB, note]);
    console.log(
      `${what}: ${m.seconds.toFixed(2)} s${m.peakMiB ? `, ${m.peakMiB.toFixed(0)} MiB` : ''}`,
    );
  };

  step('compiling the app to JavaScript');
  prepare();

  step(`synthesis, ${runs} runs each`);
  const empty = repeat(runs, () => measure('node', [join(BENCH_DIR, 'empty-app.js')], synthEnv()));
  add('synth: empty cdktf app (the floor)', empty);
  const fleet = repeat(runs, () => measure('node', [join(DIST, 'main.js')], synthEnv()));
  add('synth: the fleet in regions/, compiled JavaScript', fleet);
  const cli = repeat(Math.min(runs, 3), () => measure(join(BIN, 'cdktf'), ['synth'], synthEnv()));
  add('synth: the fleet through the cdktf CLI', cli);

  const phaseColumns: [string, Phases][] = [
    ['empty app', phases(runs, join(BENCH_DIR, 'empty-app.js'), synthEnv())],
  ];

  step('synthesis as the fleet grows (generated regions plus global)');
  const growth: Record<number, { seconds: number; peakMiB?: number }> = {};
  for (const count of [1, 10, 50]) {
    const dir = generatedFleet(count);
    growth[count] = repeat(runs, () =>
      measure('node', [join(DIST, 'main.js')], synthEnv({ FLEET_REGIONS_DIR: dir })),
    );
    const label = `${count} generated region${count === 1 ? '' : 's'}`;
    add(`synth: ${label} and global`, growth[count]);
    if (count !== 10) {
      const probe = join(DIST, 'scripts', 'lib', 'synth-phases.js');
      phaseColumns.push([label, phases(runs, probe, synthEnv({ FLEET_REGIONS_DIR: dir }))]);
    }
  }

  step('the fast test tier');
  add(
    'npm run test:fast',
    repeat(Math.min(runs, 3), () => measure('npm', ['run', '-s', 'test:fast'])),
  );
  if (values.full) {
    step('the whole test command (minutes)');
    add(
      'npm test',
      repeat(1, () => measure('npm', ['test'])),
    );
  }

  step('terraform plan of pink against the emulator, next to an empty configuration');
  const env = localEnvironment({ ...process.env, FLEET_EMULATOR_URL: EMULATOR_URL });
  await startFreshEmulator(EMULATOR_URL, 'the benchmark (FLEET_BENCH_EMULATOR_URL)');
  try {
    const outdir = join(mkdtempSync(join(tmpdir(), 'bench-plan-')), 'cdktf.out');
    synth(env, outdir);
    initStack('fleet-state', { env, outdir });
    terraform('fleet-state', ['apply', '-auto-approve', '-input=false'], { env, outdir });
    initStack('pink', { env, outdir });
    floorStack(outdir, env);
    const plan = (stack: string) =>
      repeat(Math.min(runs, 3), () => ({
        seconds: timed(() =>
          terraform(stack, ['plan', '-input=false', '-no-color'], { env, outdir }),
        ),
      }));
    const floor = plan('floor');
    add('plan: empty configuration, same AWS provider (the floor)', floor);
    const pinkPlan = plan('pink');
    add('plan: pink, from nothing', pinkPlan);
  } finally {
    stopEmulator(EMULATOR_URL);
  }

  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
  const summary = [
    `synth of the fleet vs the empty app: ${ratio(fleet.seconds, empty.seconds)} (target 1.5x for one region)`,
    `synth of 1 generated region and global vs the empty app: ${ratio(growth[1].seconds, empty.seconds)} (target 1.5x for one region)`,
    `synth of 50 generated regions vs 1 (each with global): ${ratio(growth[50].seconds, growth[1].seconds)} (target 3x), peak ${growth[50].peakMiB?.toFixed(0)} MiB (target under 1536)`,
    `plan of pink vs the floor: ${ratio(rows.at(-1)?.[1] ?? 0, rows.at(-2)?.[1] ?? 1)} (target 1.5x)`,
  ];
  const table = [
    `Measured by \`npm run bench -- --runs ${runs}${values.full ? ' --full' : ''}\` on ${new Date().toISOString().slice(0, 10)}, medians:`,
    '',
    '| what | seconds | peak memory |',
    '| --- | ---: | ---: |',
    ...rows.map(
      ([what, s, mib]) => `| ${what} | ${s.toFixed(2)} | ${mib ? `${mib.toFixed(0)} MiB` : ''} |`,
    ),
    '',
    ...summary.map((line) => `- ${line}`),
    '',
    `Where synthesis spends its time (medians of ${runs} runs each: the empty app as above, the generated fleets through \`scripts/lib/synth-phases.ts\`, compiled; each generated fleet also holds global and the state stack):`,
    '',
    ...phaseTable(phaseColumns),
    '',
    ...phaseFindings(phaseColumns).map((line) => `- ${line}`),
    '',
  ].join('\n');
  console.log(`\n${table}`);
  mkdirSync(join(PROJECT_ROOT, 'docs'), { recursive: true });
  const docs = join(PROJECT_ROOT, 'docs', 'benchmarks.md');
  writeFileSync(docs, `# Benchmarks\n\n${table}`);
  // The table as the formatter lays it out, so that the format check stays green.
  spawnSync(join(BIN, 'prettier'), ['--write', docs], { cwd: PROJECT_ROOT });
}

function timed(task: () => unknown): number {
  const started = process.hrtime.bigint();
  task();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
