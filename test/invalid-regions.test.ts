import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, resolveRegion } from '../modules/config';
import { loadRegions } from '../modules/fleet';
import { INVALID_FLEETS, INVALID_REGIONS, type RegionFile } from './fixtures/invalid-regions';

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
