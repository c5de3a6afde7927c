import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing, type App } from 'cdktf';
import { ConfigError } from '../modules/config';
import { buildFleet, loadRegions } from '../modules/fleet';
import { RegionStack } from '../modules/region-stack';
import type { Target } from '../modules/target';
import { parseStack } from './synthesized';

const REGIONS_DIR = join(__dirname, '..', 'regions');
const TARGET: Target = { kind: 'aws', stateBucket: 'b', stateRegion: 'us-west-2' };

/** A valid MultiRegion of this colour, as the text of a region file. */
function regionFile(colour: string, changes: Record<string, unknown> = {}): string {
  const nodegroup = { instanceTypes: ['m5.xlarge'], minSize: 1, maxSize: 3 };
  const region = {
    colour,
    kind: 'MultiRegion',
    awsRegion: 'eu-west-1',
    vpcCidr: '10.20.0.0/16',
    availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    kubernetesVersion: '1.33',
    nodegroups: { acceptor: nodegroup, core: nodegroup, tenantUnit: nodegroup },
    addons: {
      externalDns: { hostedZoneIds: [`Z0${colour.toUpperCase()}EXAMPLE`] },
      instanaAgent: { endpointHost: 'ingress-red-saas.instana.io' },
    },
    ...changes,
  };
  return `export default ${JSON.stringify(region, null, 2)};\n`;
}

const folders: string[] = [];

/** A new folder of region files: copies of global (the one GlobalRegion) and pink, and `files`. */
function regionsFolder(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-regions-'));
  folders.push(dir);
  for (const file of ['global.ts', 'pink.ts'])
    copyFileSync(join(REGIONS_DIR, file), join(dir, file));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

/** The ConfigError that loading this folder throws; fails the test if it loads. */
function loadProblems(dir: string): readonly string[] {
  try {
    loadRegions(dir);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error(`${dir} loaded; expected a ConfigError`);
}

function stackIds(app: App): string[] {
  return app.node.children.map((child) => child.node.id).sort();
}

afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe('loadRegions', () => {
  test('loads every region of the regions folder', () => {
    const regions = loadRegions(REGIONS_DIR);
    expect(regions.map((region) => region.colour)).toContain('pink');
    for (const region of regions) expect(region.clusterName).toBe(`eks-${region.colour}`);
  });

  test('names each region after its file and ignores what is not a region file', () => {
    const dir = regionsFolder({
      'green.ts': regionFile('green'),
      'index.ts': 'export default undefined;\n',
      'types.d.ts': 'export {};\n',
      '.draft.ts': 'export {};\n',
      'notes.md': '# notes\n',
    });
    expect(loadRegions(dir).map((region) => region.colour)).toEqual(['global', 'green', 'pink']);
  });

  test('throws one ConfigError listing the problems of every invalid region', () => {
    const dir = regionsFolder({
      'blue.ts': regionFile('blue', { kubernetesVersion: '1.28' }),
      'green.ts': regionFile('green', { natGateways: 'two' }),
    });
    expect(loadProblems(dir)).toEqual([
      'region "blue": kubernetesVersion is "1.28"; expected a version EKS supports, from 1.29 to 1.35',
      'region "green": natGateways is "two"; expected "one-per-az" or "single"',
    ]);
  });

  test('throws if a region file has no default export', () => {
    const dir = regionsFolder({
      'green.ts': `export const region = ${JSON.stringify({ colour: 'green' })};\n`,
    });
    expect(loadProblems(dir)).toEqual([
      'region "green": green.ts has no default export; expected the region\'s configuration',
    ]);
  });
});

describe('buildFleet', () => {
  test('builds the state stack and one stack per region file', () => {
    const { app, regions, target } = buildFleet({
      regionsDir: regionsFolder(),
      target: TARGET,
      app: Testing.app(),
    });
    expect(stackIds(app)).toEqual(['fleet-state', 'global', 'pink']);
    expect(regions.map((region) => region.colour)).toEqual(['global', 'pink']);
    expect(target).toBe(TARGET);
  });

  test('builds a new stack for a new region file', () => {
    const dir = regionsFolder();
    const before = buildFleet({ regionsDir: dir, target: TARGET, app: Testing.app() }).app;
    writeFileSync(join(dir, 'green.ts'), regionFile('green'));
    const after = buildFleet({ regionsDir: dir, target: TARGET, app: Testing.app() }).app;
    expect(stackIds(before)).toEqual(['fleet-state', 'global', 'pink']);
    expect(stackIds(after)).toEqual(['fleet-state', 'global', 'green', 'pink']);
    const green = after.node.findChild('green');
    expect(green).toBeInstanceOf(RegionStack);
    const backend = parseStack(Testing.synth(green as RegionStack)).terraform?.backend?.s3;
    expect(backend?.key).toBe('regions/green/terraform.tfstate');
  });

  test('builds no stack at all and lists every problem if any region is invalid', () => {
    const dir = regionsFolder({
      'blue.ts': regionFile('blue', {
        kubernetesVersion: '1.28',
        kind: 'GlobalRegion',
        nodegroups: { core: { instanceTypes: ['m5.xlarge'], minSize: 5, maxSize: 3 } },
      }),
      'green.ts': regionFile('green', { vpcCidr: '10.20.0.1/16' }),
    });
    const app = Testing.app();
    expect(() => buildFleet({ regionsDir: dir, target: TARGET, app })).toThrow(
      new ConfigError([
        'region "blue": kubernetesVersion is "1.28"; expected a version EKS supports, from 1.29 to 1.35',
        'region "blue": nodegroups.core.minSize is 5; expected at most maxSize (3)',
        'region "green": vpcCidr is "10.20.0.1/16"; expected a network address with no host bits set, such as 10.0.0.0/16',
      ]),
    );
    expect(stackIds(app)).toEqual([]);
  });
});
