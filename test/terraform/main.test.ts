/**
 * main.ts as cdktf runs it (cdktf.json's `app`): a fleet with invalid regions stops before anything is written.
 * It lives in this tier because it starts the app as a process of its own (seconds).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cdktfConfig } from '../../scripts/lib/stacks';
import {
  globalAs,
  INVALID_REGIONS,
  type InvalidRegionCase,
  type RegionFile,
} from '../fixtures/invalid-regions';

const ROOT = path.join(__dirname, '..', '..');

const folders: string[] = [];

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

describe('main.ts', () => {
  test('exits 1 with every problem of every invalid region and writes no stack', () => {
    const pink = regionCase(
      'external-dns enabled without hosted zones while nodegroups may change DNS',
    );
    const global = regionCase('a GlobalRegion with a tenantUnit nodegroup');
    const regionsDir = regionsFolder([
      // The one valid region: a GlobalRegion whose range no other region uses.
      { file: 'gold.ts', input: globalAs('gold', { vpcCidr: '10.1.0.0/16' }) },
      { file: `${pink.name}.ts`, input: pink.input },
      { file: `${global.name}.ts`, input: global.input },
    ]);
    const outdir = path.join(scratchFolder('invalid-regions-out-'), 'cdktf.out');

    const result = spawnSync('sh', ['-c', cdktfConfig().app], {
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
