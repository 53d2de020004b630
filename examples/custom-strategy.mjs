// An example search-strategy plug-in for spin-nas.
//
//   spin-nas search search-spaces/convmixer-fmnist.json --strategy ./examples/custom-strategy.mjs
//
// A plug-in is an ES module whose default export (or named export `createStrategy`) is a
// factory: it receives a context and returns an object with four methods.
//
//   context.ops        genome operators of the space: sample(rng), mutate(genome, rng),
//                      crossover(a, b, rng), validate(genome) -> null | problem, key(genome)
//   context.rng        the seeded random generator: () => number in [0, 1). Draw ALL
//                      randomness from it (never Math.random) so runs are reproducible
//                      and resume exactly; spin-nas stores its state for you.
//   context.objectives number of objective values per evaluation
//   context.options    free-form options
//
//   ask(n)        -> up to n proposals: [{ genome, meta? }]; meta (JSON) is stored with the trial
//   tell(evals)   <- finished evaluations: [{ genome, key, values, violation, meta }], where
//                    values are all MINIMISED and normalised (1 - accuracy, params / scale,
//                    ...) or null for a failed trial; violation is 0 when constraints hold
//                    compute (set by the search) is what the evaluation cost: { flops (training
//                    FLOPs), images, seconds, trainings }, its fusion parent's training included
//                    when this evaluation made the parent train
//   state()       -> a JSON value holding everything needed to continue
//   restore(s)    <- continue from a state() value (called on a fresh instance when resuming)
//
// Faults: if ask/tell/state throw, or ask proposes an invalid genome, spin-nas stops the run
// cleanly with an error naming this module (and the genome), keeps everything already
// stored, and exits with code 2; fix the plug-in and re-run the same command to resume.
// Proposals of a genome already evaluated are not trained again: the known evaluation is
// told back instead.
//
// This example is a Pareto local search: it keeps the non-dominated evaluations it has
// been told about and mutates a random one of them; until it has any, it samples.

function dominates(a, b) {
  let strictly = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] > b[i]) return false;
    if (a[i] < b[i]) strictly = true;
  }
  return strictly;
}

export default function createStrategy(context) {
  const { ops, rng } = context;
  let archive = []; // [{ genome, key, values }], mutually non-dominated, feasible only

  return {
    name: 'pareto-local-search',
    ask(n) {
      const proposals = [];
      for (let i = 0; i < n; i++) {
        if (archive.length === 0) {
          proposals.push({ genome: ops.sample(rng), meta: { origin: 'sample' } });
        } else {
          const parent = archive[Math.floor(rng() * archive.length)];
          proposals.push({ genome: ops.mutate(parent.genome, rng), meta: { origin: 'mutation', parent: parent.key } });
        }
      }
      return proposals;
    },
    tell(evaluations) {
      for (const e of evaluations) {
        if (e.values === null || e.violation > 0) continue;
        if (archive.some((a) => a.key === e.key || dominates(a.values, e.values))) continue;
        archive = archive.filter((a) => !dominates(e.values, a.values));
        archive.push({ genome: e.genome, key: e.key, values: e.values });
      }
    },
    state() {
      return { archive };
    },
    restore(state) {
      archive = state.archive;
    },
  };
}
