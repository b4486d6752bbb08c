import { spawn } from 'node:child_process';

export interface DockerResult {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs one `docker` command. `input` is written to the command's standard input (secret values travel only this
 * way, never on the command line); without it standard input is empty.
 */
export type DockerCli = (args: string[], options?: { input?: string; env?: NodeJS.ProcessEnv }) => Promise<DockerResult>;

/** A DockerCli that spawns the `docker` found on PATH (of `baseEnv`). */
export function createDockerCli(baseEnv: NodeJS.ProcessEnv, bin = 'docker'): DockerCli {
  return (args, options = {}) =>
    new Promise((resolve, reject) => {
      const child = spawn(bin, args, {
        env: options.env ?? baseEnv,
        stdio: [options.input !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ status: code ?? 1, stdout, stderr }));
      if (options.input !== undefined) child.stdin!.end(options.input);
    });
}

/** Like DockerCli but throws with docker's message when the command fails. */
export async function dockerOk(docker: DockerCli, args: string[], options?: { input?: string; env?: NodeJS.ProcessEnv }): Promise<string> {
  const r = await docker(args, options);
  if (r.status !== 0) throw new Error(`docker ${args.slice(0, 3).join(' ')} failed (exit ${r.status}): ${r.stderr.trim() || r.stdout.trim()}`);
  return r.stdout;
}
