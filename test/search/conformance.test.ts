/**
 * The shared conformance suite: every strategy (built-ins and the example plug-in) must
 * propose valid genomes, repeat itself under the same seed, and continue exactly after its
 * state and generator went through the run store.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunStore } from '../../src/store/index.js';
import { makeRng } from '../../src/util/random.js';
import { vectorOps } from '../../src/search/vector-ops.js';
import {
  BUILT_IN_STRATEGIES,
  checkStrategy,
  resolveStrategy,
  type Evaluation,
  type GenomeOps,
  type Proposal,
  type Strategy,
  type StrategyFactory,
} from '../../src/search/strategies/index.js';
import { openOptions } from '../store/helpers.js';
import { tempDir } from '../helpers.js';
import { spaceProblem } from '../../src/search/problem.js';
import { loadSpace } from '../../src/space/index.js';

const sharing = spaceProblem(loadSpace('search-spaces/convmixer-fmnist.json'));

const ops = vectorOps([5, 7, 3, 9, 4, 6]);

/** Two conflicting objectives; genomes whose first gene is 4 violate a constraint. */
function evaluate(ops: GenomeOps, genome: number[]): Evaluation {
  const sum = genome.reduce((a, b) => a + b, 0);
  const values = [sum / 28, 1 - sum / 28 + ((genome[1]! * 7919) % 11) / 50];
  return { genome, key: ops.key(genome), values, violation: genome[0] === 4 ? 0.5 : 0, meta: {} };
}

async function factories(): Promise<[string, StrategyFactory][]> {
  const plugin = await resolveStrategy('./examples/custom-strategy.mjs');
  return [...Object.entries(BUILT_IN_STRATEGIES), ['examples/custom-strategy.mjs', plugin]];
}

function make(factory: StrategyFactory, seed: number, rngState?: unknown) {
  const rng = makeRng(seed, rngState);
  const strategy = checkStrategy('test', factory({ ops, rng, objectives: 2, options: { population: 6 } }));
  return { strategy, rng };
}

/**
 * The batch contract: ask(n) gives at most n proposals, and on a space far from exhausted
 * at least one (a strategy that returns nothing forever would stall the run).
 */
function askChecked(s: Pick<Strategy, 'ask'>, n: number): Proposal[] {
  const batch = s.ask(n);
  assert.ok(Array.isArray(batch), `ask(${n}) returned ${JSON.stringify(batch)}, not a list`);
  assert.ok(batch.length >= 1 && batch.length <= n, `ask(${n}) returned ${batch.length} proposals; the contract is 1..${n} here`);
  return batch;
}

/** Batch sizes cycle 1, 2, 3, 4 so that a strategy ignoring n is caught. */
const batchSize = (round: number): number => 1 + (round % 4);

/** Asks/tells `rounds` batches and returns every proposed genome. */
function drive(s: ReturnType<typeof make>['strategy'], rounds: number): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < rounds; r++) {
    const batch = askChecked(s, batchSize(r));
    out.push(...batch.map((p) => p.genome));
    s.tell(batch.map((p) => evaluate(ops, p.genome)));
  }
  return out;
}

for (const [name, factory] of await factories()) {
  test(`${name}: every proposal is a valid genome`, () => {
    const { strategy } = make(factory, 1);
    const genomes = drive(strategy, 20);
    assert.equal(genomes.length, 50, 'ask(n) filled every batch (1+2+3+4, five times)');
    for (const g of genomes) assert.equal(ops.validate(g), null, `invalid ${JSON.stringify(g)}`);
  });

  test(`${name}: every proposal on the sharing space is a valid genome`, () => {
    const rng = makeRng(2);
    const strategy = checkStrategy('test', factory({ ops: sharing.ops, rng, objectives: 3, options: { population: 6 } }));
    for (let round = 0; round < 8; round++) {
      const batch = askChecked(strategy, batchSize(round));
      for (const p of batch) assert.equal(sharing.ops.validate(p.genome), null, `invalid ${JSON.stringify(p.genome)}`);
      strategy.tell(
        batch.map((p) => {
          const c = sharing.describe(p.genome);
          return { genome: c.genome, key: c.hash, values: [0.3 + (c.cost.params % 7) / 100, c.cost.params / 4e4, c.cost.flops / 1.8e7], violation: c.violation };
        }),
      );
    }
  });

  test(`${name}: the same seed gives the same proposals, another seed different ones`, () => {
    const a = drive(make(factory, 7).strategy, 12);
    const b = drive(make(factory, 7).strategy, 12);
    const c = drive(make(factory, 8).strategy, 12);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  test(`${name}: state and generator round-trip through the run store`, async () => {
    const reference = make(factory, 3);
    drive(reference.strategy, 8);
    const expected = drive(reference.strategy, 6);

    const first = make(factory, 3);
    drive(first.strategy, 8);
    const dir = tempDir();
    const store = await RunStore.open(openOptions(dir));
    store.data.strategy = { name, state: first.strategy.state(), rng: first.rng.state() };
    await store.close();

    const reopened = await RunStore.open(openOptions(dir));
    const saved = reopened.data.strategy!;
    await reopened.close();
    const second = make(factory, 3, saved.rng);
    second.strategy.restore(saved.state);
    assert.deepEqual(drive(second.strategy, 6), expected);
  });
}

test('the batch check rejects a strategy that returns more proposals than asked, or none', () => {
  const ignoresN = { ask: (n: number): Proposal[] => Array.from({ length: n + 1 }, () => ({ genome: [0, 0, 0, 0, 0, 0] })) };
  assert.throws(() => askChecked(ignoresN, 3), /ask\(3\) returned 4 proposals/);
  const empty = { ask: (): Proposal[] => [] };
  assert.throws(() => askChecked(empty, 2), /ask\(2\) returned 0 proposals/);
  const exact = { ask: (n: number): Proposal[] => Array.from({ length: n }, () => ({ genome: [0, 0, 0, 0, 0, 0] })) };
  assert.equal(askChecked(exact, 3).length, 3);
});
