// The TypeScript twin of custom-strategy.mjs: the same Pareto local search, typed against
// spin-nas's plug-in contract, so the compiler checks the four methods and the proposals.
//
//   import { search } from 'spin-nas';
//   import paretoLocalSearch from './custom-strategy.js';
//   await search({ space: 'search-spaces/convmixer-fmnist.json', strategy: paretoLocalSearch, strategyName: 'pareto-local-search' });
//
// or compile it (tsc) and pass the .js file to the CLI: spin-nas search <space> --strategy ./custom-strategy.js
// The contract (ask/tell/state/restore, the seeded generator, faults) is described in
// custom-strategy.mjs and in API.md.
import { defineStrategy, type Evaluation, type Genome, type Proposal } from 'spin-nas';

interface Member {
  genome: Genome;
  key: string;
  values: number[];
}

interface State {
  archive: Member[];
}

function dominates(a: readonly number[], b: readonly number[]): boolean {
  let strictly = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]! > b[i]!) return false;
    if (a[i]! < b[i]!) strictly = true;
  }
  return strictly;
}

export default defineStrategy((context) => {
  const { ops, rng } = context;
  let archive: Member[] = []; // mutually non-dominated, feasible only

  return {
    name: 'pareto-local-search',
    ask(n: number): Proposal[] {
      const proposals: Proposal[] = [];
      for (let i = 0; i < n; i++) {
        const parent = archive.length === 0 ? undefined : archive[Math.floor(rng() * archive.length)];
        proposals.push(
          parent === undefined
            ? { genome: ops.sample(rng), meta: { origin: 'sample' } }
            : { genome: ops.mutate(parent.genome, rng), meta: { origin: 'mutation', parent: parent.key } },
        );
      }
      return proposals;
    },
    tell(evaluations: Evaluation[]): void {
      for (const e of evaluations) {
        const values = e.values;
        if (values === null || e.violation > 0) continue;
        if (archive.some((a) => a.key === e.key || dominates(a.values, values))) continue;
        archive = archive.filter((a) => !dominates(values, a.values));
        archive.push({ genome: e.genome, key: e.key, values });
      }
    },
    state(): State {
      return { archive };
    },
    restore(state: unknown): void {
      archive = (state as State).archive;
    },
  };
});
