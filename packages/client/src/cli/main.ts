#!/usr/bin/env node
// The `flowdeck` command line: wiring only; each command group lives in its own module.
import { Command } from 'commander';
import { registerHealthCommand } from './health.js';
import { registerCacheCommands } from './cache.js';
import { registerEtlCommands } from './etl.js';
import { registerKeysCommands } from './keys.js';
import { registerQueryCommands } from './query.js';
import { registerQuickstartCommand } from './quickstart.js';
import { registerSynthCommand } from './synth.js';

const program = new Command('flowdeck').description('Flowdeck command line').showHelpAfterError();
registerKeysCommands(program);
registerSynthCommand(program);
registerQuickstartCommand(program);
registerQueryCommands(program);
registerEtlCommands(program);
(await import('./keys-reencrypt.js')).registerKeysReencryptCommand(program);
registerCacheCommands(program);
registerHealthCommand(program);
(await import('./upgrade.js')).registerUpgradeCommand(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`flowdeck: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
