import type { Command } from 'commander';

// Placeholder: replaced by the module that implements `flowdeck synth`.
export function registerSynthCommand(_program: Command): void {}
