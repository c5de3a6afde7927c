/**
 * What the Terraform tests share: a synthesized copy of the app in a temporary folder, and
 * Terraform runs in it against a given environment.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { synth, terraform } from '../../scripts/lib/stacks';

export interface SynthesizedApp {
  /** cdktf's output folder, inside a fresh temporary folder. */
  readonly outdir: string;
  /** The stacks it holds: fleet-state and one per region. */
  readonly stacks: string[];
  /** Runs Terraform in one stack and returns what it printed. */
  tf(stack: string, args: string[], okCodes?: number[]): string;
  /** Runs Terraform in one stack and returns its exit code and output, whatever they are. */
  tfStatus(stack: string, args: string[]): { status: number; output: string };
}

export function synthesize(env: NodeJS.ProcessEnv): SynthesizedApp {
  const outdir = join(mkdtempSync(join(tmpdir(), 'eks-fleet-')), 'cdktf.out');
  synth(env, outdir);
  const stacks = readdirSync(join(outdir, 'stacks')).sort();
  return {
    outdir,
    stacks,
    tf: (stack, args, okCodes = []) => terraform(stack, args, { env, outdir, okCodes }),
    tfStatus: (stack, args) => {
      const result = spawnSync('terraform', args, {
        cwd: join(outdir, 'stacks', stack),
        env,
        encoding: 'utf8',
      });
      return { status: result.status ?? 1, output: `${result.stdout}${result.stderr}` };
    },
  };
}

/** Asks the emulator, through boto3 (installed with moto), and returns the parsed JSON answer. */
export function askEmulator(url: string, script: string): unknown {
  const program = [
    'import boto3, json',
    `def client(name, region='us-west-2'): return boto3.client(name, endpoint_url=${JSON.stringify(url)}, region_name=region, aws_access_key_id='test', aws_secret_access_key='test')`,
    script,
  ].join('\n');
  const result = spawnSync('python3', ['-c', program], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`boto3 query failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}
