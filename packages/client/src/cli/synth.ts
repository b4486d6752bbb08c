import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { generateSynthetic } from '../synth/generate.js';
import { parseSynthValue, resolveSynthParams, SYNTH_PARAMETERS, synthParamsFromEnv, type SynthParams } from '../synth/params.js';

interface SynthFlags {
  out: string;
  quiet?: boolean;
  [flag: string]: string | boolean | undefined;
}

/** commander's camelCase attribute name of a `--kebab-case` flag. */
const attributeOf = (flag: string): string => flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * Generator parameters from flags, falling back to the environment variables of spec/flowdb.md §9. These are
 * inputs of this command (like its flags), not service settings, which is why this CLI module reads the
 * environment itself instead of going through packages/config.
 */
export function synthParamsFromFlags(flags: SynthFlags, env: Record<string, string | undefined>): SynthParams {
  const fromEnv = synthParamsFromEnv(env);
  const fromFlags: Record<string, unknown> = {};
  for (const p of SYNTH_PARAMETERS) {
    const raw = flags[attributeOf(p.flag)];
    if (typeof raw === 'string') fromFlags[p.key] = parseSynthValue(p, raw);
  }
  return resolveSynthParams({ ...fromEnv, ...(fromFlags as Partial<SynthParams>) });
}

/** `flowdeck synth --out DIR [--days N --subscribers N ...]`: writes the synthetic dataset (spec/flowdb.md §9). */
export function registerSynthCommand(program: Command): void {
  const cmd = program
    .command('synth')
    .description('Generate a deterministic synthetic dataset (ETL input files) into a directory')
    .requiredOption('--out <dir>', 'output directory (created if missing)')
    .option('--quiet', 'no progress output on stderr');
  for (const p of SYNTH_PARAMETERS) cmd.option(`--${p.flag} <value>`, `${p.doc} (env ${p.env})`);
  cmd.action(async (flags: SynthFlags) => {
    const params = synthParamsFromFlags(flags, process.env);
    const outDir = resolve(flags.out);
    const bar = flags.quiet
      ? undefined
      : new cliProgress.SingleBar(
          { stream: process.stderr, format: 'synth [{bar}] {percentage}% | {value}/{total} rows | {duration}s', noTTYOutput: true, notTTYSchedule: 5000 },
          cliProgress.Presets.shades_classic,
        );
    let started = false;
    const summary = await generateSynthetic(params, outDir, {
      onProgress(done, total) {
        if (!bar) return;
        if (!started) {
          bar.start(total, 0);
          started = true;
        }
        bar.update(done);
      },
    });
    bar?.stop();
    const rows = Object.entries(summary.eventRows).map(([t, n]) => `${t}=${n}`).join(' ');
    process.stdout.write(
      `Wrote ${summary.files.length} files to ${outDir}: ${summary.dates.length} days (${summary.dates[0]} .. ${summary.dates.at(-1)}), ` +
        `${summary.subscribers} subscribers, ${summary.sites} sites, ${summary.cells} cells, ${summary.tacs} TACs, ` +
        `${summary.admin3Zones} admin3 zones; event rows ${rows}\n`,
    );
  });
}
