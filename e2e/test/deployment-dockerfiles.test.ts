// Dockerfiles cannot be built here (no Docker engine): check their structure instead, and that the FlowDB image's
// tuning entry point derives the same Postgres parameters as services/flowdb (computeTuning).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { computeTuning } from '../../services/flowdb/src/tuning.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NODE_IMAGES: Record<string, string> = {
  'services/api/Dockerfile': '@flowdeck/api',
  'services/auth/Dockerfile': '@flowdeck/auth',
  'services/query-engine/Dockerfile': '@flowdeck/query-engine',
  'services/etl/Dockerfile': '@flowdeck/etl',
  'services/gateway/Dockerfile': '@flowdeck/gateway',
  'services/flowdb/Dockerfile': '@flowdeck/flowdb',
};

interface Instruction { op: string; args: string }
/** Dockerfile instructions with line continuations joined and comments dropped. */
function parseDockerfile(text: string): Instruction[] {
  const joined = text.split('\n').filter((l) => !/^\s*#/.test(l)).join('\n').replace(/\\\n/g, ' ');
  return joined.split('\n').map((l) => l.trim()).filter((l) => l !== '').map((l) => {
    const m = /^(\w+)\s+(.*)$/.exec(l)!;
    return { op: m[1]!.toUpperCase(), args: m[2]! };
  });
}
/** Instructions of each stage, by stage name. */
function stages(ins: Instruction[]): { from: string; name: string; body: Instruction[] }[] {
  const out: { from: string; name: string; body: Instruction[] }[] = [];
  for (const i of ins) {
    if (i.op === 'FROM') {
      const [from, , name] = i.args.split(/\s+/);
      out.push({ from: from!, name: name ?? String(out.length), body: [] });
    } else out.at(-1)?.body.push(i);
  }
  return out;
}

describe('service Dockerfiles', () => {
  it.each(Object.entries(NODE_IMAGES))('%s: multi-stage, pnpm build, production dependencies only, non-root, health check', (file, pkg) => {
    const all = stages(parseDockerfile(readFileSync(`${ROOT}${file}`, 'utf8')));
    expect(all.map((s) => s.from)).toEqual(['node:20-slim', 'node:20-slim']);
    const [build, runtime] = all as [(typeof all)[0], (typeof all)[0]];
    const runs = build.body.filter((i) => i.op === 'RUN').map((i) => i.args).join('\n');
    expect(runs).toContain('pnpm install --frozen-lockfile');
    expect(runs).toContain('pnpm build');
    expect(runs).toContain(`pnpm install --frozen-lockfile --prod --filter "${pkg}..."`);
    expect(runs).toMatch(/rm -rf node_modules/); // dev tools dropped before the production install
    // The runtime stage only copies the pruned tree from the build stage, never the build context.
    const copies = runtime.body.filter((i) => i.op === 'COPY');
    expect(copies.map((c) => c.args)).toEqual(['--from=build /out /app']);
    const users = runtime.body.filter((i) => i.op === 'USER').map((i) => i.args);
    expect(users).toHaveLength(1);
    expect(users[0]).not.toMatch(/^(root|0)(:|$)/);
    const env = runtime.body.filter((i) => i.op === 'ENV').map((i) => i.args).join(' ');
    expect(env).toContain('NODE_ENV=production');
    const health = runtime.body.filter((i) => i.op === 'HEALTHCHECK').map((i) => i.args);
    expect(health).toHaveLength(1);
    if (pkg === '@flowdeck/flowdb') expect(health[0]).toBe('NONE'); // one-shot migration job
    else {
      expect(health[0]).toMatch(/CMD \["node", "-e", /);
      expect(health[0]).toMatch(/\/health"\]$/);
      expect(health[0]).not.toMatch(/curl|wget/);
    }
    const cmd = runtime.body.find((i) => i.op === 'CMD')!.args;
    expect(JSON.parse(cmd)).toEqual(['node', `services/${file.split('/')[1]}/dist/main.js`]);
  });

  it('the health-check snippet exits 1 when nothing answers', () => {
    const health = parseDockerfile(readFileSync(`${ROOT}services/api/Dockerfile`, 'utf8')).find((i) => i.op === 'HEALTHCHECK')!.args;
    const argv = JSON.parse(health.slice(health.indexOf('CMD') + 3).trim()) as string[];
    expect(() => execFileSync(process.execPath, [...argv.slice(1, -1), 'http://127.0.0.1:1/health'], { stdio: 'pipe' })).toThrow();
  });

  it('the FlowDB image is Postgres 15 + PostGIS, non-root, with the tuning entry point and a health check', () => {
    const ins = parseDockerfile(readFileSync(`${ROOT}stacks/flowdb/Dockerfile`, 'utf8'));
    expect(ins.filter((i) => i.op === 'FROM').map((i) => i.args)).toEqual(['postgis/postgis:15-3.4 AS runtime']);
    expect(ins.find((i) => i.op === 'USER')?.args).toBe('postgres');
    expect(ins.find((i) => i.op === 'ENTRYPOINT')?.args).toBe('["flowdb-tuning.sh"]');
    expect(ins.find((i) => i.op === 'HEALTHCHECK')?.args).toContain('pg_isready');
  });
});

describe('stacks/flowdb/flowdb-tuning.sh', () => {
  const script = `${ROOT}stacks/flowdb/flowdb-tuning.sh`;
  const run = (env: Record<string, string>): Record<string, string> =>
    Object.fromEntries(
      execFileSync('bash', [script, '--print'], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' })
        .trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );

  it.each<[Record<string, string>]>([
    [{ MAX_CPUS: '7', SHARED_BUFFERS_SIZE: '2GB', EFFECTIVE_CACHE_SIZE: '6GB' }],
    [{ MAX_CPUS: '1', SHARED_BUFFERS_SIZE: '512MB', EFFECTIVE_CACHE_SIZE: '1GB', MAX_WORKERS: '3', MAX_WORKERS_PER_GATHER: '2', JIT: 'TRUE', STATS_TARGET: '100', MAX_LOCKS_PER_TRANSACTION: '64' }],
  ])('derives the same parameters as computeTuning for %j', (env) => {
    const expected = computeTuning(
      {
        MAX_CPUS: Number(env.MAX_CPUS),
        SHARED_BUFFERS_SIZE: env.SHARED_BUFFERS_SIZE!,
        EFFECTIVE_CACHE_SIZE: env.EFFECTIVE_CACHE_SIZE,
        MAX_WORKERS: 'MAX_WORKERS' in env ? Number(env.MAX_WORKERS) : undefined,
        MAX_WORKERS_PER_GATHER: 'MAX_WORKERS_PER_GATHER' in env ? Number(env.MAX_WORKERS_PER_GATHER) : undefined,
        MAX_LOCKS_PER_TRANSACTION: Number(env.MAX_LOCKS_PER_TRANSACTION ?? 36500),
        JIT: env.JIT === 'TRUE',
        STATS_TARGET: Number(env.STATS_TARGET ?? 10000),
      },
      { totalMemoryBytes: 0 },
    );
    expect(run(env)).toEqual(expected);
  });

  it('refuses an invalid size with exit 78', () => {
    let status: number | undefined;
    try {
      execFileSync('bash', [script, '--print'], { env: { PATH: process.env.PATH, SHARED_BUFFERS_SIZE: '16 gigs' }, stdio: 'pipe' });
    } catch (err) {
      status = (err as { status: number }).status;
    }
    expect(status).toBe(78);
  });
});
