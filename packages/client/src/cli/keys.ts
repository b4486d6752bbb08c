import type { Command } from 'commander';

// Placeholder: replaced by the module that implements `flowdeck keys`.
export function registerKeysCommands(_program: Command): void {}
