/**
 * Running cdktf and Terraform on the synthesized stacks, as the scripts and the Terraform
 * tests do.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATE_STACK_ID } from '../../modules/state-stack';
import { requireEmulator } from './emulator';
import { emulatorUrl, LOCAL_DIR, PROJECT_ROOT } from './environment';
import { capture, run, step, type RunOptions } from './run';

const CDKTF = join(PROJECT_ROOT, 'node_modules', '.bin', 'cdktf');

/** Where cdktf writes, its own default (`cdktf deploy` sets CDKTF_OUTDIR for the app to it). */
export const CDKTF_OUT = join(PROJECT_ROOT, 'cdktf.out');

/** The parts of cdktf.json the scripts read: the app's command and its context. */
export function cdktfConfig(): { app: string; context: Record<string, unknown> } {
  return JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdktf.json'), 'utf8')) as {
    app: string;
    context: Record<string, unknown>;
  };
}

/** Where cdktf writes a stack's Terraform configuration and where Terraform then runs. */
export function stackDir(stack: string, outdir = CDKTF_OUT): string {
  return join(outdir, 'stacks', stack);
}

/**
 * `cdktf deploy` of one stack, offline: the provider comes from the mirror, so the lock
 * download that cdktf runs on first init is skipped.
 */
export function cdktfDeploy(stack: string, env: NodeJS.ProcessEnv): void {
  run(CDKTF, ['deploy', stack, '--auto-approve', '--skip-provider-lock'], { env });
}

/**
 * `cdktf destroy` of one region. Asking for it is the user's purpose, so the region's guard
 * against destroying its secrets key is lifted for this run (FLEET_ALLOW_DESTROY).
 */
export function cdktfDestroy(stack: string, env: NodeJS.ProcessEnv): void {
  const allowed = [env.FLEET_ALLOW_DESTROY, stack].filter(Boolean).join(',');
  run(CDKTF, ['destroy', stack, '--auto-approve', '--skip-provider-lock'], {
    env: { ...env, FLEET_ALLOW_DESTROY: allowed },
  });
}

/**
 * The stacks of the last synthesis, from its manifest. A region whose file was removed keeps
 * its folder under `stacks/`, so the folders themselves do not say which regions there are.
 */
export function synthesizedStacks(outdir = CDKTF_OUT): string[] {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, unknown>;
  };
  return Object.keys(manifest.stacks).sort();
}

/** Synthesizes every stack with the app itself, as cdktf starts it, into `outdir`. */
export function synth(env: NodeJS.ProcessEnv, outdir = CDKTF_OUT): void {
  capture('sh', ['-c', cdktfConfig().app], { env: { ...env, CDKTF_OUTDIR: outdir } });
}

export interface TerraformOptions extends RunOptions {
  /** cdktf's output folder. @default cdktf.out in the project */
  readonly outdir?: string;
  /** Print Terraform's output as it comes instead of returning it. @default false */
  readonly show?: boolean;
}

/** Runs Terraform in a synthesized stack; returns what it printed, unless it was shown. */
export function terraform(
  stack: string,
  args: readonly string[],
  options: TerraformOptions,
): string {
  const cwd = stackDir(stack, options.outdir);
  if (options.show) {
    run('terraform', args, { ...options, cwd });
    return '';
  }
  return capture('terraform', args, { ...options, cwd });
}

/**
 * Points a stack's working folder at its backend, whatever it was initialised for before
 * (the local and the aws target keep the same folder but not the same backend).
 */
export function initStack(stack: string, options: TerraformOptions): void {
  terraform(stack, ['init', '-reconfigure', '-input=false', '-no-color'], options);
}

/**
 * What a day-2 command on one region starts with: the fleet synthesized for the environment's
 * target, and the region's folder connected to its remote state.
 */
export async function connectRegion(
  colour: string,
  env: NodeJS.ProcessEnv,
  outdir = CDKTF_OUT,
): Promise<void> {
  if (env.FLEET_TARGET === 'local') await requireEmulator(emulatorUrl(env));
  step(`synthesizing the fleet (${env.FLEET_TARGET} target)`);
  synth(env, outdir);
  const regions = synthesizedStacks(outdir).filter((stack) => stack !== STATE_STACK_ID);
  if (!regions.includes(colour)) {
    throw new Error(`no region "${colour}"; the regions are ${regions.join(', ')}`);
  }
  step(`connecting to the state of ${colour}`);
  initStack(colour, { env, outdir });
}

/** Runs Terraform without blocking, for several stacks side by side. */
export function terraformAsync(
  stack: string,
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; outdir?: string },
): Promise<{ status: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('terraform', args, {
      cwd: stackDir(stack, options.outdir),
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => resolve({ status: 1, output: `${output}${error.message}` }));
    child.on('close', (status) => resolve({ status: status ?? 1, output }));
  });
}

/**
 * Refuses to bootstrap the local target where its state would split: the emulator already
 * holds the state bucket, but this checkout has no state of the bootstrap (another checkout
 * made it, or the file in .local/ was lost). Applying anyway would make a second stand-in
 * parent zone beside the first, and fail on the bucket.
 */
export async function checkLocalBootstrap(env: NodeJS.ProcessEnv): Promise<void> {
  const stateFile = join(LOCAL_DIR, 'local', 'fleet-state.tfstate');
  if (existsSync(stateFile)) return;
  const bucket = env.FLEET_STATE_BUCKET ?? String(cdktfConfig().context.stateBucket);
  const url = emulatorUrl(env);
  const answer = await fetch(`${url}/${bucket}`, { method: 'HEAD' }).catch(() => undefined);
  if (answer?.ok) {
    throw new Error(
      `the emulator at ${url} already holds the state bucket ${bucket}, but this checkout has no state of it (${stateFile}): another checkout bootstrapped that emulator. Use that checkout, stop its emulator (\`npm run emulator:stop\` there), or give this one its own with FLEET_EMULATOR_URL=http://127.0.0.1:<port>.`,
    );
  }
}
