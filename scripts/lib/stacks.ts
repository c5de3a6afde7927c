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

/** Runs Terraform in a synthesized stack, initialising it first if it never was. */
export function terraform(
  stack: string,
  args: readonly string[],
  options: RunOptions & { outdir?: string; quiet?: boolean },
): string {
  const cwd = stackDir(stack, options.outdir);
  if (!existsSync(join(cwd, '.terraform'))) {
    capture('terraform', ['init', '-input=false', '-no-color'], { ...options, cwd });
  }
  if (options.quiet === false) {
    run('terraform', args, { ...options, cwd });
    return '';
  }
  return capture('terraform', args, { ...options, cwd });
}
