import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { PROJECT_ROOT } from './environment';

/** Says what a script is doing, one line per step. */
export function step(message: string): void {
  console.log(`==> ${message}`);
}

export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly status: number | null,
    readonly output: string = '',
  ) {
    // What the command printed last says why; the whole of it is in `output`.
    const tail = output.trim().split('\n').slice(-40).join('\n');
    super(
      `${command} failed${status === null ? '' : ` with exit code ${status}`}${tail ? `:\n${tail}` : ''}`,
    );
    this.name = 'CommandError';
  }
}

export interface RunOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Exit codes that are not failures, such as 2 for `terraform plan -detailed-exitcode`. */
  readonly okCodes?: readonly number[];
}

/** Runs a command with its output on the terminal; returns the exit code or throws. */
export function run(command: string, args: readonly string[], options: RunOptions = {}): number {
  return spawn(command, args, options, { stdio: 'inherit' }).status;
}

/** Runs a command and returns what it printed; throws with the output on failure. */
export function capture(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): string {
  return spawn(command, args, options, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' })
    .output;
}

function spawn(
  command: string,
  args: readonly string[],
  options: RunOptions,
  io: SpawnSyncOptions,
): { status: number; output: string } {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? PROJECT_ROOT,
    env: options.env ?? process.env,
    maxBuffer: 256 * 1024 * 1024,
    ...io,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  const line = [command, ...args].join(' ');
  if (result.error) throw new CommandError(`${line} (${result.error.message})`, null, output);
  const status = result.status ?? 1;
  if (status !== 0 && !(options.okCodes ?? []).includes(status)) {
    throw new CommandError(line, status, output);
  }
  return { status, output };
}
