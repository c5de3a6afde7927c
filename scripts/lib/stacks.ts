/**
 * Running cdktf and Terraform on the synthesized stacks, as the scripts and the Terraform
 * tests do.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './environment';
import { capture, run, type RunOptions } from './run';

const CDKTF = join(PROJECT_ROOT, 'node_modules', '.bin', 'cdktf');

/** Where cdktf writes a stack's Terraform configuration and where Terraform then runs. */
export function stackDir(stack: string, outdir = join(PROJECT_ROOT, 'cdktf.out')): string {
  return join(outdir, 'stacks', stack);
}

/**
 * `cdktf deploy` of one stack, offline: the provider comes from the mirror, so the lock
 * download that cdktf runs on first init is skipped.
 */
export function cdktfDeploy(stack: string, env: NodeJS.ProcessEnv): void {
  run(CDKTF, ['deploy', stack, '--auto-approve', '--skip-provider-lock'], { env });
}

export function cdktfDestroy(stack: string, env: NodeJS.ProcessEnv): void {
  run(CDKTF, ['destroy', stack, '--auto-approve', '--skip-provider-lock'], { env });
}

/** Synthesizes every stack with the app itself (no CLI round trip), into `outdir`. */
export function synth(env: NodeJS.ProcessEnv, outdir = join(PROJECT_ROOT, 'cdktf.out')): void {
  capture(join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), ['main.ts'], {
    env: { ...env, CDKTF_OUTDIR: outdir },
  });
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

/** Initialises a stack's working folder unless it already was (as `cdktf deploy` leaves it). */
export function ensureInit(stack: string, options: TerraformOptions): void {
  if (!existsSync(join(stackDir(stack, options.outdir), '.terraform'))) {
    terraform(stack, ['init', '-input=false', '-no-color'], options);
  }
}
