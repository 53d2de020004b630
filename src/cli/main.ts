/**
 * Entry point of the `spin-nas` command. Each area registers its own subcommands;
 * this file only wires them together and turns errors into messages and exit codes.
 */
import { Command, CommanderError } from 'commander';
import { SpinError } from '../errors.js';
import { asMachineFault } from '../util/machine-fault.js';
import { registerExportCommand } from './export-command.js';
import { registerReportCommands } from './report-commands.js';
import { registerSpaceCommands } from './space-commands.js';
import { registerSearchCommands } from './search-commands.js';
import { registerStatusCommand } from './status-command.js';
import { registerStudyCommand } from './study-command.js';
import { registerWorkerCommand } from './worker-command.js';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('spin-nas')
    .description('Neural architecture search over the weight-sharing space of isotropic networks')
    .option('--debug', 'print stack traces of errors')
    // Usage errors (unknown option, a value outside .choices()) print as one line, like ours.
    .configureOutput({ outputError: (text, write) => write(`spin-nas: ${text.replace(/^error: /, '').replace(/\n(?=.)/g, ' ')}`) })
    .exitOverride();
  registerSpaceCommands(program);
  registerReportCommands(program);
  registerExportCommand(program);
  registerSearchCommands(program);
  registerStatusCommand(program);
  registerStudyCommand(program);
  registerWorkerCommand(program);
  return program;
}

/** Runs the CLI on `argv` (as process.argv) and resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    return reportError(error, debug);
  }
}

export function reportError(error: unknown, debug: boolean): number {
  if (error instanceof CommanderError) {
    // Commander already printed its message (usage errors, --help, --version).
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
    if (error.code === 'commander.help') return 0;
    return 2;
  }
  if (error instanceof SpinError) {
    process.stderr.write(`spin-nas: ${error.message}\n`);
    if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  // Disk full, I/O error, too many open files: one line and the documented exit code.
  const fault = asMachineFault(error, 'while running the command');
  if (fault !== null) {
    process.stderr.write(`spin-nas: ${fault.message}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return fault.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`spin-nas: internal error: ${message}\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  else process.stderr.write('(run again with --debug for the stack trace, and please report it)\n');
  return 1;
}
