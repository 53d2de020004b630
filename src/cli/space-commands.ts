/** `spin-nas space validate <file>` and `spin-nas space inspect <file>`. */
import type { Command } from 'commander';
import { geneNames, loadSpace, spaceSize } from '../space/index.js';
import { formatCount } from './format-numbers.js';
import { inspectSpace, renderSpaceView } from './format-space.js';
import { integerOption } from './options.js';

export function registerSpaceCommands(program: Command): void {
  const space = program.command('space').description('validate and inspect search-space files');

  space
    .command('validate')
    .description('check a search-space file against the schema and its consistency rules')
    .argument('<file>', 'search-space JSON file, e.g. search-spaces/convmixer-fmnist.json')
    .action((file: string) => {
      const s = loadSpace(file);
      process.stdout.write(`ok: ${s.name}, ${geneNames(s).length} genes, size ${formatCount(spaceSize(s))} architectures\n`);
    });

  space
    .command('inspect')
    .description('print the size of a space and seeded sample architectures with their sharing plan, params and FLOPs')
    .argument('<file>', 'search-space JSON file, e.g. search-spaces/convmixer-fmnist.json')
    .addOption(integerOption('--samples <n>', 'number of sample architectures (a positive integer)', 1, 5))
    .addOption(integerOption('--seed <s>', 'random seed of the samples (a non-negative integer)', 0, 1))
    .option('--json', 'print JSON instead of a table')
    .action((file: string, options: { samples: number; seed: number; json?: boolean }) => {
      const view = inspectSpace(loadSpace(file), options.samples, options.seed);
      process.stdout.write(options.json ? `${JSON.stringify(view, null, 2)}\n` : renderSpaceView(view));
    });
}
