import type { Command } from 'commander';

/** Registers `spin-nas space ...` (validate, inspect). Filled in by the space area. */
export function registerSpaceCommands(program: Command): void {
  program.command('space').description('validate and inspect search-space files');
}
