/** Malformed study files derived from the study schema, plus the rules it cannot state. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { InputFileError } from '../../src/errors.js';
import { parseStudy } from '../../src/study/parse.js';
import { studySchema } from '../../src/study/schema.js';
import { casesFor, refusalProblem, type Case, type Doc, type Schema } from '../space/schema-walk.js';

const budget = { epochs: 1, trainSubset: 1000, validationSize: 200, batchSize: 32, learningRate: 0.01, schedule: 'cosine', maxSteps: 100 };
const point = { width: 32, depth: 4, patch: 2, kernel: 5, heads: 2, mlpRatio: 2, components: ['pointwise'], shareRate: 2, distribution: 'uniform', mapping: 'sequential', init: 'scratch', mappingSeed: 0 };

/** A valid study stating every optional field. */
function fullStudy(): Doc {
  return structuredClone({
    $schema: 'study.schema.json',
    name: 'full',
    description: 'every field',
    space: '../search-spaces/convmixer-fmnist-study.json',
    seeds: [0, 1],
    budget: { ...budget },
    margin: 0.5,
    alpha: 0.05,
    analysis: 3,
    departures: ['the convergence arm ran on 6 seeds, not 8'],
    experiments: [
      { name: 'grid', type: 'grid', description: 'g', base: { ...point }, vary: Object.fromEntries(Object.entries(point).map(([k, v]) => [k, [structuredClone(v)]])), evaluateTest: true },
      { name: 'search', type: 'search', description: 's', strategy: 'nsga2', budgetOf: 'grid', trials: 8, maxCompute: 0.5, budget: { ...budget } },
      { name: 'fidelity', type: 'fidelity', description: 'f', from: ['grid'], count: 3, budget: { ...budget } },
      { name: 'equal', type: 'equal-compute', description: 'e', of: ['grid'], baselines: ['grid'], evaluateTest: false },
      { name: 'test', type: 'test', description: 't', from: 'equal', seeds: [0] },
    ],
  });
}

function derivedCases(): Case[] {
  const schema = studySchema as unknown as Schema;
  const out: Case[] = [];
  casesFor(schema, fullStudy(), [], out);
  const branches = ((schema.properties!['experiments'] as Schema).items as Schema)['oneOf'] as Schema[];
  branches.forEach((branch, i) => casesFor(branch, fullStudy(), ['experiments', i], out));
  return out;
}

test('the full test study is valid', () => {
  parseStudy(fullStudy(), 'study.json');
});

const cases = derivedCases();

test(`every study schema field's violations (${cases.length} cases) are one-line errors naming that field`, () => {
  assert.ok(cases.length > 150, `only ${cases.length} cases`);
  const failures: string[] = [];
  for (const c of cases) {
    const problem = refusalProblem(c, fullStudy(), 'study.json', parseStudy);
    if (problem !== null) failures.push(problem);
  }
  assert.deepEqual(failures, []);
});

const rules: [string, (d: Doc) => void, string, RegExp][] = [
  ['two experiments with one name', (d) => ((d['experiments'] as Doc[])[1]!['name'] = 'grid'), 'experiments[1].name', /give every experiment a different name/],
  ['a search measured against a fidelity experiment', (d) => ((d['experiments'] as Doc[])[1]!['budgetOf'] = 'fidelity'), 'experiments[1].budgetOf', /name a grid experiment of this study \(grid\)/],
  ['a fidelity sampling a missing experiment', (d) => ((d['experiments'] as Doc[])[2]!['from'] = ['nope']), 'experiments[2].from', /name a grid experiment/],
  ['a grid of more than 10000 points', (d) => ((d['experiments'] as Doc[])[0]!['vary'] = { width: Array.from({ length: 64 }, (_, i) => i + 1), depth: Array.from({ length: 64 }, (_, i) => i + 1), patch: [1, 2, 4] }), 'experiments[0].vary', /is too large: got "12288 points"; a grid may have at most 10000 points/],
  ['an experiment without a type', (d) => delete (d['experiments'] as Doc[])[0]!['type'], 'experiments[0].type', /is required/],
];
for (const [what, edit, field, says] of rules) {
  test(`a study with ${what} is refused at ${field}`, () => {
    const doc = fullStudy();
    edit(doc);
    assert.throws(() => parseStudy(doc, 'study.json'), (e: unknown) => e instanceof InputFileError && e.field === field && says.test(e.message));
  });
}

test('study files that are binary, huge, deeply nested or cut short are one-line errors naming the file', async () => {
  const { mkdtempSync, readFileSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { loadStudy } = await import('../../src/study/load.js');
  const { MAX_INPUT_BYTES } = await import('../../src/space/index.js');
  const dir = mkdtempSync(join(tmpdir(), 'spin-study-bad-'));
  try {
    const shipped = readFileSync('studies/spin-fmnist.json', 'utf8');
    const files: [string, string | Buffer, RegExp][] = [
      ['binary.json', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00]), /is not a text file/],
      ['huge.json', ' '.repeat(MAX_INPUT_BYTES + 1), /is too large/],
      ['deep.json', '['.repeat(100_000), /nests more than 64 levels deep/],
      ...Array.from({ length: 40 }, (_, i): [string, string, RegExp] => [`cut-${i}.json`, shipped.slice(0, Math.floor(((i + 1) * (shipped.trimEnd().length - 1)) / 41)), /not valid JSON at line \d+, column \d+|is empty/]),
    ];
    for (const [name, content, says] of files) {
      const file = join(dir, name);
      writeFileSync(file, content);
      assert.throws(() => loadStudy(file), (e: unknown) => e instanceof InputFileError && e.message.startsWith(`${file}: field (top level) `) && says.test(e.message) && !e.message.includes('\n'), name);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('study budgets larger than the space dataset are refused at the study field', async () => {
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { loadStudy } = await import('../../src/study/load.js');
  const dir = mkdtempSync(join(tmpdir(), 'spin-study-budget-'));
  try {
    const space = resolve('search-spaces/convmixer-fmnist-study.json');
    const cases: [Doc, string, RegExp][] = [
      [{ budget: { trainSubset: 59_000, validationSize: 2000 } }, 'budget.trainSubset', /is larger than the dataset: got 59000; fashion-mnist has 60000 training images/],
      [{ budget: { validationSize: 60_000 } }, 'budget.validationSize', /is larger than the dataset/],
    ];
    for (const [edit, field, says] of cases) {
      const doc = { ...fullStudy(), ...edit, space };
      const file = join(dir, 'study.json');
      writeFileSync(file, JSON.stringify(doc));
      assert.throws(() => loadStudy(file), (e: unknown) => e instanceof InputFileError && e.field === field && says.test(e.message), field);
    }
    const fidelity = fullStudy();
    ((fidelity['experiments'] as Doc[])[2]!['budget'] as Doc)['trainSubset'] = 70_000;
    writeFileSync(join(dir, 'f.json'), JSON.stringify({ ...fidelity, space, budget: { trainSubset: 1000, validationSize: 200 } }));
    assert.throws(() => loadStudy(join(dir, 'f.json')), (e: unknown) => e instanceof InputFileError && e.field === 'experiments[2].budget.trainSubset');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
