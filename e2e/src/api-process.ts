import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** One real api process (services/api/src/main.ts) started by a test or a benchmark. */
export interface ApiProcess {
  pid: number;
  /** Base URL, `http://127.0.0.1:<port>` (or https when the env carries a certificate). */
  url: string;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

function getStatus(url: string, ca: string | undefined): Promise<number> {
  const send = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = send(url, { ca, timeout: 2_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/**
 * Spawns the api with exactly `env` (plus PATH/HOME) listening on `port`, and resolves once `/health` answers 200.
 * `ca` is needed when the env makes the api serve HTTPS. Rejects with the process output on timeout or early exit.
 */
export async function startApiProcess(o: {
  env: Record<string, string>;
  port: number;
  https?: boolean;
  ca?: string;
  timeoutMs?: number;
  /** Another entry point (e.g. a benchmark's baseline server) instead of services/api/src/main.ts. */
  entry?: string;
  /** Discard stdout (access logs) instead of keeping its tail; benchmarks use this. */
  discardStdout?: boolean;
}): Promise<ApiProcess> {
  let output = '';
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', o.entry ?? join(REPO_ROOT, 'services/api/src/main.ts')],
    {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ...o.env, FLOWAPI_PORT: String(o.port), LISTEN_ADDRESS: '127.0.0.1' },
      stdio: ['ignore', o.discardStdout === true ? 'ignore' : 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-200_000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-200_000)));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  const url = `${o.https === true ? 'https' : 'http'}://${o.https === true ? 'localhost' : '127.0.0.1'}:${o.port}`;
  const stop = async (): Promise<void> => {
    if (!exited) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exit;
    clearTimeout(timer);
  };
  const deadline = Date.now() + (o.timeoutMs ?? 60_000);
  while (Date.now() < deadline && !exited) {
    if ((await getStatus(`${url}/health`, o.ca)) === 200) {
      return { pid: child.pid ?? 0, url, output: () => output, stop };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`api process did not become healthy:\n${output.slice(-4000)}`);
}
