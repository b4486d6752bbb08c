// `flowdeck query run|status|get|cancel`: FlowClient's run / poll / fetch cycle on the command line.
//
// This is a client, not a service: like FlowClient it takes its server and token from the environment when no option
// is given (FLOWAPI_URL, and FLOWAPI_TOKEN as spec/deployment.md §2.6 repurposes it). The environment is passed in
// (`QueryCliIo.env`), never read by the modules underneath.
import { createWriteStream, readFileSync, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { connect } from '../api/connect.js';
import type { Connection, ResultFormat } from '../api/connection.js';
import { createProgressReporter, progressLine } from '../api/progress-reporter.js';

export const DEFAULT_API_URL = 'https://localhost:9090';

export interface QueryCliIo {
  env: Record<string, string | undefined>;
  stdin: Readable;
  stdout: Writable;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

interface ConnectionFlags {
  url?: string;
  token?: string;
  tokenFile?: string;
  cacert?: string;
}

interface WaitFlags {
  timeout: number;
  pollInterval: number;
}

interface OutputFlags {
  format: ResultFormat;
  out?: string;
}

/** Server, token and CA: options first, then FLOWAPI_URL / FLOWAPI_TOKEN, then the default URL. */
export function resolveConnectionSettings(
  flags: ConnectionFlags,
  env: Record<string, string | undefined>,
): { url: string; token: string; sslCertificate?: string } {
  const url = flags.url ?? (env['FLOWAPI_URL'] || DEFAULT_API_URL);
  let token: string | undefined;
  if (flags.tokenFile !== undefined) token = readFileSync(flags.tokenFile, 'utf8').trim();
  else token = flags.token ?? (env['FLOWAPI_TOKEN'] || undefined);
  if (token === undefined || token === '') {
    throw new Error('no API token: pass --token-file FILE or --token JWT, or set FLOWAPI_TOKEN');
  }
  return { url, token, ...(flags.cacert === undefined ? {} : { sslCertificate: flags.cacert }) };
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('must be a number of seconds ≥ 0.');
  return n;
}

function withConnectionOptions(cmd: Command): Command {
  return cmd
    .option('--url <url>', `API base URL (default: $FLOWAPI_URL or ${DEFAULT_API_URL})`)
    .option('--token <jwt>', 'API token (default: $FLOWAPI_TOKEN)')
    .option('--token-file <file>', 'file holding the API token (takes precedence over --token)')
    .option('--cacert <file>', 'PEM certificate to trust (a self-signed deployment certificate)');
}

function withWaitOptions(cmd: Command): Command {
  return cmd
    .option('--timeout <seconds>', 'give up waiting after this long (0: never)', seconds, 0)
    .option('--poll-interval <seconds>', 'pause between polls', seconds, 1);
}

function withOutputOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--format <format>', 'result format').choices(['json', 'csv', 'geojson']).default('json'),
    )
    .option('--out <file>', 'write the result to FILE instead of stdout');
}

async function readSpec(source: string, stdin: Readable): Promise<Record<string, unknown>> {
  let text: string;
  if (source === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
    text = Buffer.concat(chunks).toString('utf8');
  } else {
    text = readFileSync(source, 'utf8');
  }
  let spec: unknown;
  try {
    spec = JSON.parse(text);
  } catch (err) {
    throw new Error(`${source === '-' ? 'stdin' : source} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new Error('a query spec must be a JSON object with a "query_kind"');
  }
  return spec as Record<string, unknown>;
}

/** Waits for the query with FlowClient's progress display on stderr. */
async function waitWithProgress(conn: Connection, queryId: string, flags: WaitFlags, io: QueryCliIo): Promise<void> {
  const reporter = createProgressReporter(io.stderr);
  let completed = false;
  try {
    await conn.waitForQuery(queryId, {
      timeoutMs: flags.timeout === 0 ? Infinity : flags.timeout * 1000,
      intervalMs: flags.pollInterval * 1000,
      onProgress: (s) => reporter.onProgress(s),
    });
    completed = true;
  } finally {
    reporter.stop({ completed });
  }
}

/**
 * Streams the result to `--out` (through `<file>.part`, renamed once complete, removed on failure, so a cut-off
 * download never looks like a result) or to stdout.
 */
async function writeResult(conn: Connection, queryId: string, flags: OutputFlags, io: QueryCliIo): Promise<void> {
  if (flags.out === undefined) {
    await conn.downloadResult(queryId, flags.format, io.stdout);
    return;
  }
  const partPath = `${flags.out}.part`;
  const file = createWriteStream(partPath);
  try {
    await once(file, 'open');
    await conn.downloadResult(queryId, flags.format, file);
    file.end();
    await once(file, 'finish');
    renameSync(partPath, flags.out);
  } catch (err) {
    file.destroy();
    rmSync(partPath, { force: true });
    throw err;
  }
}

function open(flags: ConnectionFlags, io: QueryCliIo): Connection {
  const settings = resolveConnectionSettings(flags, io.env);
  if (!settings.url.toLowerCase().startsWith('https://')) {
    io.stderr.write('flowdeck: warning: communications with this server are NOT SECURE (not https).\n');
  }
  return connect(settings);
}

/** Registers `query run|status|get|cancel`; `io` defaults to this process's environment and standard streams. */
export function registerQueryCommands(
  program: Command,
  io: QueryCliIo = { env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
): void {
  const query = program.command('query').description('run analytical queries against the API and fetch their results');
  const say = (text: string) => void io.stdout.write(`${text}\n`);

  withOutputOptions(
    withWaitOptions(
      withConnectionOptions(
        query
          .command('run')
          .description('submit a query spec (a JSON file, or - for stdin); prints its id, or with --wait its result')
          .argument('<spec>', 'spec file, or - to read stdin')
          .option('--wait', 'wait for the query (progress on stderr) and write its result'),
      ),
    ),
  ).action(async (source: string, flags: ConnectionFlags & WaitFlags & OutputFlags & { wait?: boolean }) => {
    const conn = open(flags, io);
    const queryId = await conn.runQuery(await readSpec(source, io.stdin));
    if (flags.wait !== true) {
      if (flags.out !== undefined) throw new Error('--out needs --wait (or use `flowdeck query get`)');
      say(queryId);
      return;
    }
    io.stderr.write(`query id: ${queryId}\n`);
    await waitWithProgress(conn, queryId, flags, io);
    await writeResult(conn, queryId, flags, io);
  });

  withConnectionOptions(
    query
      .command('status')
      .description("print a query's status: completed, queued, executing, errored, cancelled or not_running")
      .argument('<query-id>'),
  ).action(async (queryId: string, flags: ConnectionFlags) => {
    const status = await open(flags, io).pollStatus(queryId);
    say(status.status);
    if (status.progress !== undefined) io.stderr.write(`${progressLine(status)}\n`);
    if (status.msg) io.stderr.write(`${status.msg}\n`);
  });

  withOutputOptions(
    withWaitOptions(
      withConnectionOptions(
        query
          .command('get')
          .description("write a completed query's result (json, csv or geojson)")
          .argument('<query-id>')
          .option('--wait', 'wait for the query first (progress on stderr)'),
      ),
    ),
  ).action(async (queryId: string, flags: ConnectionFlags & WaitFlags & OutputFlags & { wait?: boolean }) => {
    const conn = open(flags, io);
    if (flags.wait === true) await waitWithProgress(conn, queryId, flags, io);
    await writeResult(conn, queryId, flags, io);
  });

  withConnectionOptions(
    query.command('cancel').description('cancel a queued or running query (Flowdeck extension)').argument('<query-id>'),
  ).action(async (queryId: string, flags: ConnectionFlags) => {
    const reply = await open(flags, io).cancel(queryId);
    say(reply.status);
    if (reply.msg) io.stderr.write(`${reply.msg}\n`);
  });
}
