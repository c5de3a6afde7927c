/**
 * What the scripts share: where the project is, and the environment that points cdktf and
 * Terraform at the local AWS emulator and keeps them offline.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_EMULATOR_URL } from '../../modules/target';

export const PROJECT_ROOT = resolve(__dirname, '..', '..');

/** Git-ignored: the emulator's pid and log, the Terraform CLI configuration, bootstrap state. */
export const LOCAL_DIR = join(PROJECT_ROOT, '.local');

export function emulatorUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.FLEET_EMULATOR_URL ?? DEFAULT_EMULATOR_URL;
}

/** Places a machine image or a user may keep a Terraform provider mirror in. */
const MIRROR_CANDIDATES = [
  '/opt/tf-plugins',
  join(homedir(), '.terraform.d', 'plugins'),
  join(homedir(), '.local', 'share', 'terraform', 'plugins'),
  '/usr/local/share/terraform/plugins',
  '/usr/share/terraform/plugins',
];

/**
 * The folder above `registry.terraform.io` that holds the AWS provider, if any: from
 * FLEET_PROVIDER_MIRROR, or one of the usual places.
 */
export function findProviderMirror(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = env.FLEET_PROVIDER_MIRROR ? [env.FLEET_PROVIDER_MIRROR] : MIRROR_CANDIDATES;
  return candidates.find((dir) =>
    existsSync(join(dir, 'registry.terraform.io', 'hashicorp', 'aws')),
  );
}

/**
 * Writes a Terraform CLI configuration that installs the AWS provider from the mirror and
 * never asks a registry for it, and returns its path; without a mirror, none is written and
 * Terraform downloads the providers as usual.
 */
export function writeTerraformCliConfig(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const mirror = findProviderMirror(env);
  if (mirror === undefined) return undefined;
  mkdirSync(LOCAL_DIR, { recursive: true });
  const path = join(LOCAL_DIR, 'terraform.rc');
  writeFileSync(
    path,
    [
      'provider_installation {',
      '  filesystem_mirror {',
      `    path    = ${JSON.stringify(mirror)}`,
      '    include = ["registry.terraform.io/hashicorp/aws"]',
      '  }',
      // Other providers (kubernetes, helm for the aws target) still come from the registry.
      '  direct {',
      '    exclude = ["registry.terraform.io/hashicorp/aws"]',
      '  }',
      '}',
      'disable_checkpoint = true',
      '',
    ].join('\n'),
  );
  return path;
}

/**
 * The environment for cdktf and Terraform against real AWS: the shell's own credentials, no
 * update checks, and the mirror configuration where a mirror exists.
 */
export function awsEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const cliConfig = writeTerraformCliConfig(env);
  const aws: NodeJS.ProcessEnv = { ...env, FLEET_TARGET: 'aws', CHECKPOINT_DISABLE: '1' };
  useCliConfig(aws, cliConfig);
  return aws;
}

/** The environment of a target by name, as the day-2 scripts take it. */
export function targetEnvironment(target: string | undefined): NodeJS.ProcessEnv {
  const kind = target ?? (process.env.FLEET_TARGET || 'aws');
  if (kind === 'local') return localEnvironment();
  if (kind === 'aws') return awsEnvironment();
  throw new Error(`--target is "${kind}"; expected "aws" or "local"`);
}

/**
 * The environment for cdktf and Terraform against the emulator: the local target, test
 * credentials, no update checks, and the mirror configuration where a mirror exists.
 */
export function localEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const cliConfig = writeTerraformCliConfig(env);
  const pluginCache = join(LOCAL_DIR, 'plugin-cache');
  mkdirSync(pluginCache, { recursive: true });
  const local: NodeJS.ProcessEnv = {
    ...env,
    FLEET_TARGET: 'local',
    FLEET_EMULATOR_URL: emulatorUrl(env),
    // The AWS provider finds the emulator here rather than in an endpoints block (modules/target.ts).
    AWS_ENDPOINT_URL: emulatorUrl(env),
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_PLUGIN_CACHE_DIR: pluginCache,
  };
  delete local.AWS_PROFILE;
  delete local.AWS_SESSION_TOKEN;
  useCliConfig(local, cliConfig);
  return local;
}

/**
 * Points Terraform at the mirror configuration; without one, keeps the shell's own unless it
 * names a file that does not exist, which Terraform would warn about on every command.
 */
function useCliConfig(env: NodeJS.ProcessEnv, cliConfig: string | undefined): void {
  if (cliConfig !== undefined) env.TF_CLI_CONFIG_FILE = cliConfig;
  else if (env.TF_CLI_CONFIG_FILE !== undefined && !existsSync(env.TF_CLI_CONFIG_FILE)) {
    delete env.TF_CLI_CONFIG_FILE;
  }
}
