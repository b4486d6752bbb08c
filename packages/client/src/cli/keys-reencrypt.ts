// `flowdeck keys reencrypt`: re-encrypts auth's stored secrets under the first key of FLOWAUTH_FERNET_KEY
// (spec/deployment.md §5). Reads DB_URI, FLOWAUTH_DB_PASSWORD and FLOWAUTH_FERNET_KEY like auth does.
import { InvalidArgumentError, type Command } from 'commander';
import { reencryptFromSettings } from '@flowdeck/auth';

function positiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('must be a positive integer.');
  return Number(value);
}

/** Registers `keys reencrypt` on the existing `keys` command group (or the program when there is none). */
export function registerKeysReencryptCommand(program: Command): void {
  const keys = program.commands.find((c) => c.name() === 'keys') ?? program;
  keys
    .command('reencrypt')
    .description("Re-encrypt auth's stored tokens and TOTP secrets with the first key of FLOWAUTH_FERNET_KEY (batched, resumable, idempotent)")
    .option('--batch-size <n>', 'rows per transaction', positiveInt, 500)
    .action(async (opts: { batchSize: number }) => {
      const report = await reencryptFromSettings({ batchSize: opts.batchSize });
      const lines = [`primary key id: ${report.primaryKeyId}`];
      for (const [column, counts] of Object.entries(report.before)) {
        lines.push(`${column}: before ${JSON.stringify(counts)}; re-encrypted ${report.reencrypted[column] ?? 0}; after ${JSON.stringify(report.after[column] ?? {})}`);
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
