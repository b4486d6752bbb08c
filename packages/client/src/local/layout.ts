import { join, resolve } from 'node:path';

/** Where local mode keeps what it generates (git-ignored). */
export interface LocalLayout {
  root: string;
  secretsDir: string;
  etlDir: string;
  logsDir: string;
  runDir: string;
  tokenFile: string;
  passwordsFile: string;
}

export function localLayout(root: string): LocalLayout {
  const r = resolve(root);
  return {
    root: r,
    secretsDir: join(r, 'secrets'),
    etlDir: join(r, 'etl'),
    logsDir: join(r, 'logs'),
    runDir: join(r, 'run'),
    tokenFile: join(r, 'token.jwt'),
    passwordsFile: join(r, 'passwords.txt'),
  };
}
