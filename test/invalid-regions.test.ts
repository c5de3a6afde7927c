import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, resolveRegion } from '../modules/config';
import { loadRegions } from '../modules/fleet';
import {
  globalWith,
  INVALID_FLEETS,
  INVALID_REGIONS,
  type InvalidRegionCase,
  type RegionFile,
} from './fixtures/invalid-regions';

const ROOT = path.join(__dirname, '..');

const folders: string[] = [];

/** A new, empty scratch folder, removed after the suite. */
function scratchFolder(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  folders.push(dir);
  return dir;
}

/** A new folder holding these region files, each as `export default <json>;`. */
function regionsFolder(files: readonly RegionFile[]): string {
  const dir = scratchFolder('invalid-regions-');
  for (const { file, input } of files) {
    writeFileSync(path.join(dir, file), `export default ${JSON.stringify(input, null, 2)};\n`);
  }
  return dir;
}

/** The problems of the ConfigError `run` throws; fails the test if it throws none. */
function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('the configuration was accepted; expected a ConfigError');
}

/** What a folder holds, as paths relative to it; undefined if the folder does not exist. */
function contentsOf(dir: string): string[] | undefined {
  return existsSync(dir)
    ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()
    : undefined;
}

function regionCase(title: string): InvalidRegionCase {
  const found = INVALID_REGIONS.find((c) => c.title === title);
  if (!found) throw new Error(`no invalid region titled "${title}" in the catalogue`);
  return found;
}

afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe('the catalogue of invalid regions', () => {
  test('holds at least 30 regions and 3 fleets, no two with the same title', () => {
    const titles = [...INVALID_REGIONS, ...INVALID_FLEETS].map((c) => c.title);
    expect(INVALID_REGIONS.length).toBeGreaterThanOrEqual(30);
    expect(INVALID_FLEETS.length).toBeGreaterThanOrEqual(3);
    expect(new Set(titles).size).toBe(titles.length);
  });

  test('expects every problem line to start with the region it is about', () => {
    for (const { name, problems } of INVALID_REGIONS) {
      expect(problems.length).toBeGreaterThan(0);
      for (const line of problems) expect(line.startsWith(`region "${name}": `)).toBe(true);
    }
  });
});

describe('resolveRegion', () => {
  test.each(INVALID_REGIONS)('refuses $title', ({ name, input, problems }) => {
    expect(problemsOf(() => resolveRegion(name, input))).toEqual(problems);
  });
});

describe('loadRegions', () => {
  test.each(INVALID_FLEETS)('refuses $title', ({ files, problems }) => {
    const dir = regionsFolder(files);
    expect(problemsOf(() => loadRegions(dir))).toEqual(problems);
  });
});

describe('main.ts', () => {
  test('exits 1 with every problem of every invalid region and writes no stack', () => {
    const pink = regionCase(
      'external-dns enabled without hosted zones while nodegroups may change DNS',
    );
    const global = regionCase('a GlobalRegion with a tenantUnit nodegroup');
    const regionsDir = regionsFolder([
      // The one valid region: a GlobalRegion whose range no other region uses.
      { file: 'gold.ts', input: globalWith({ colour: 'gold', vpcCidr: '10.1.0.0/16' }) },
      { file: `${pink.name}.ts`, input: pink.input },
      { file: `${global.name}.ts`, input: global.input },
    ]);
    const outdir = path.join(scratchFolder('invalid-regions-out-'), 'cdktf.out');

    const result = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['main.ts'], {
      cwd: ROOT,
      env: { ...process.env, FLEET_REGIONS_DIR: regionsDir, CDKTF_OUTDIR: outdir },
      encoding: 'utf8',
      timeout: 60_000,
    });

    expect(result.error).toBeUndefined();
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('invalid region configuration:');
    const stderrLines = result.stderr.split('\n').map((line) => line.trim());
    for (const line of [...pink.problems, ...global.problems]) {
      expect(stderrLines).toContain(line);
    }
    // Not even an empty output folder: nothing is created before every region is valid.
    expect(contentsOf(outdir)).toBeUndefined();
  }, 90_000);
});
