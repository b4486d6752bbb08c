import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Whether a process id is alive. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function readPid(runDir: string, name: string): number | undefined {
  const file = join(runDir, `${name}.pid`);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/**
 * Starts a detached Node process for a service (stdout/stderr appended to `<logsDir>/<name>.log`) and records its
 * pid, unless a live one is already recorded. Returns the pid and whether it was started now.
 */
export function startDetached(options: {
  name: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  logsDir: string;
  runDir: string;
}): { pid: number; started: boolean } {
  mkdirSync(options.logsDir, { recursive: true });
  mkdirSync(options.runDir, { recursive: true });
  const existing = readPid(options.runDir, options.name);
  if (existing !== undefined && isAlive(existing)) return { pid: existing, started: false };
  const log = openSync(join(options.logsDir, `${options.name}.log`), 'a');
  const child = spawn(process.execPath, options.args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  child.unref();
  writeFileSync(join(options.runDir, `${options.name}.pid`), String(child.pid));
  return { pid: child.pid!, started: true };
}

/** Sends SIGTERM, waits up to `graceMs`, then SIGKILL; removes the pid file. */
export async function stopDetached(runDir: string, name: string, graceMs = 10_000): Promise<boolean> {
  const pid = readPid(runDir, name);
  rmSync(join(runDir, `${name}.pid`), { force: true });
  if (pid === undefined || !isAlive(pid)) return false;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  return true;
}
