/**
 * The local AWS emulator (moto's server): started once, in the background, with its pid and
 * log under .local/, and found again by later commands.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_DIR, emulatorUrl } from './environment';

/** One pid file and one log per port, so that the tests' emulator never meets a person's. */
function pidFile(url: string): string {
  return join(LOCAL_DIR, `emulator-${new URL(url).port}.pid`);
}

export function emulatorLog(url = emulatorUrl()): string {
  return join(LOCAL_DIR, `emulator-${new URL(url).port}.log`);
}

/**
 * moto loads AWS-managed policies (AmazonEKSClusterPolicy, ...) only when asked to, and issues
 * a DNS-validated certificate only a minute after it was requested unless told otherwise.
 */
const MOTO_ENV = { MOTO_IAM_LOAD_MANAGED_POLICIES: 'true', MOTO_ACM_VALIDATION_WAIT: '0' };

const INSTALL_HINT =
  "moto's server is not installed: install it with `pip install 'moto[server]>=5.2,<6'` (Python 3.9+), then run this again";

/** How long moto may take to answer after it starts; it usually needs under a second. */
const START_TIMEOUT_MS = 30_000;

/** True when a moto server answers at the URL. */
export async function isUp(url = emulatorUrl()): Promise<boolean> {
  try {
    const response = await fetch(`${url}/moto-api/`, {
      signal: AbortSignal.timeout(2000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

function emulatorCommand(): { command: string; args: string[] } | undefined {
  if (spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0) {
    return { command: 'moto_server', args: [] };
  }
  const python = spawnSync('python3', ['-c', 'import moto.server'], { stdio: 'ignore' });
  if (python.status === 0) return { command: 'python3', args: ['-m', 'moto.server'] };
  return undefined;
}

function runningPid(url: string): number | undefined {
  if (!existsSync(pidFile(url))) return undefined;
  const pid = Number(readFileSync(pidFile(url), 'utf8').trim());
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/** Starts the emulator unless it already answers; returns a line saying what happened. */
export async function startEmulator(url = emulatorUrl()): Promise<string> {
  if (await isUp(url)) return `the AWS emulator is already running at ${url}`;
  const found = emulatorCommand();
  if (found === undefined) throw new Error(INSTALL_HINT);
  const { hostname, port } = new URL(url);
  if (!['127.0.0.1', 'localhost'].includes(hostname) || port === '') {
    throw new Error(
      `FLEET_EMULATOR_URL is ${url}; expected http://127.0.0.1:<port> so that the emulator starts here`,
    );
  }

  mkdirSync(LOCAL_DIR, { recursive: true });
  const log = openSync(emulatorLog(url), 'a');
  const child = spawn(found.command, [...found.args, '-H', hostname, '-p', port], {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, ...MOTO_ENV },
  });
  child.unref();
  writeFileSync(pidFile(url), `${child.pid}\n`);

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await isUp(url)) {
      return `the AWS emulator is running at ${url} (pid ${child.pid}, log ${emulatorLog(url)})`;
    }
    if (child.exitCode !== null || runningPid(url) === undefined) break;
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`the AWS emulator did not start at ${url}; see ${emulatorLog(url)}`);
}

/** Stops the emulator this project started; returns a line saying what happened. */
export function stopEmulator(url = emulatorUrl()): string {
  const pid = runningPid(url);
  rmSync(pidFile(url), { force: true });
  if (pid === undefined) return 'the AWS emulator is not running (no process started from here)';
  process.kill(pid, 'SIGTERM');
  return `stopped the AWS emulator (pid ${pid}); everything it held is gone`;
}

/** Empties the emulator: every resource and every state file in it is forgotten. */
export async function resetEmulator(url = emulatorUrl()): Promise<void> {
  const response = await fetch(`${url}/moto-api/reset`, { method: 'POST' });
  if (!response.ok) throw new Error(`resetting the emulator at ${url} answered ${response.status}`);
}

/**
 * A fresh emulator for a test or a benchmark, which deploy and destroy at will: the one this
 * project started at `url` before is stopped, and if anything else answers there, nothing runs,
 * since it may hold a person's regions.
 */
export async function startFreshEmulator(url: string, purpose: string): Promise<string> {
  stopEmulator(url);
  const deadline = Date.now() + START_TIMEOUT_MS;
  while ((await isUp(url)) && Date.now() < deadline) {
    await new Promise((done) => setTimeout(done, 200));
  }
  if (await isUp(url)) {
    throw new Error(
      `something not started by ${purpose} already answers at ${url}; it may hold someone's regions, so ${purpose} will not use it. Stop it, or give ${purpose} another port.`,
    );
  }
  return startEmulator(url);
}

/** Refuses, with how to start it, when no emulator answers at `url`. */
export async function requireEmulator(url = emulatorUrl()): Promise<void> {
  if (!(await isUp(url))) {
    throw new Error(
      `the AWS emulator is not running at ${url}: start it with \`npm run emulator:start\`, or deploy with \`npm run local:up\``,
    );
  }
}
