/**
 * The package as a user gets it: `npm pack`, the tarball unpacked into a fresh project's
 * node_modules (its dependencies linked from this checkout's node_modules, so no network is
 * needed), a consumer program (consumer/main.ts) plus the shipped TypeScript strategy example
 * compiled with `tsc --strict` against the packed types only, then run: a synthetic search
 * with the typed strategy, events counted, aborted and resumed, the frontier read back.
 * It fails when an export, a type or a packaged file is missing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { repoRoot, tempDir } from '../helpers.js';

interface PackageJson {
  dependencies: Record<string, string>;
  files: string[];
}

/** Files a user's program or the CLI needs at run time, which `files` in package.json must ship. */
const NEEDED = [
  'bin/spin-nas.js',
  'dist/src/index.js',
  'dist/src/index.d.ts',
  'dist/src/cli/main.js',
  'dist/src/train/worker.js',
  'dist/src/train/model/layers.d.ts',
  'dist/src/backend/wasm/spin-kernels.simd.wasm',
  'dist/src/backend/wasm/spin-kernels.relaxed.wasm',
  'schema/search-space.schema.json',
  'search-spaces/convmixer-fmnist.json',
  'examples/custom-strategy.mjs',
  'examples/custom-strategy.ts',
  'examples/own-images/fmnist-folder.json',
  'scripts/make-image-folder.mjs',
  'API.md',
  'README.md',
];

function pack(into: string): string {
  const out = execFileSync('npm', ['pack', '--pack-destination', into, '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8' });
  const [info] = JSON.parse(out) as { filename: string }[];
  return join(into, info!.filename);
}

/** A fresh project with the tarball installed and the package's dependencies (only those) linked. */
function installInto(project: string, tarball: string): string {
  const modules = join(project, 'node_modules');
  const installed = join(modules, 'spin-nas');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
  const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as PackageJson;
  // The consumer compiles with the checkout's TypeScript and Node types (a user's devDependencies).
  for (const name of [...Object.keys(manifest.dependencies), '@types/node']) {
    const target = join(repoRoot, 'node_modules', name);
    assert.ok(existsSync(target), `dependency ${name} is not installed in the checkout`);
    mkdirSync(dirname(join(modules, name)), { recursive: true });
    symlinkSync(target, join(modules, name), 'dir');
  }
  return installed;
}

test('the packed package installs, type-checks under tsc --strict and runs a consumer', { timeout: 120_000 }, () => {
  const root = tempDir('spin-consumer-');
  const project = join(root, 'project');
  const installed = installInto(project, pack(root));

  const missing = NEEDED.filter((file) => !existsSync(join(installed, file)));
  assert.deepEqual(missing, [], 'files the package must ship');
  assert.ok(!existsSync(join(installed, 'dist', 'test')), 'the tests are not shipped');
  assert.ok(!existsSync(join(installed, 'examples', 'own-images', 'fmnist-folder')), 'images generated for the example are not shipped');

  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noUncheckedIndexedAccess: true,
        // As `tsc --init` sets it: TensorFlow.js's own declarations do not pass --strict (checked apart below).
        skipLibCheck: true,
        types: ['node'],
        outDir: 'out',
        rootDir: 'src',
      },
      include: ['src'],
    }),
  );
  mkdirSync(join(project, 'src'));
  copyFileSync(join(repoRoot, 'test', 'package', 'consumer', 'main.ts'), join(project, 'src', 'main.ts'));
  // The shipped TypeScript plug-in example, compiled as a user would.
  copyFileSync(join(installed, 'examples', 'custom-strategy.ts'), join(project, 'src', 'custom-strategy.ts'));

  // The README's "Use it from code" script compiles too (it is not run: it would train).
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const script = /## Use it from code[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(script, 'README.md has a ts block under "Use it from code"');
  writeFileSync(join(project, 'src', 'readme-example.ts'), script);

  const tsc = createRequire(join(repoRoot, 'package.json')).resolve('typescript/bin/tsc');
  const compiled = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project, encoding: 'utf8' });
  assert.equal(compiled.status, 0, `tsc --strict on the consumer:\n${compiled.stdout}${compiled.stderr}`);
  // spin-nas's own declarations type-check too; errors inside other packages' (TensorFlow.js) are theirs.
  const libs = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--noEmit', '--skipLibCheck', 'false'], { cwd: project, encoding: 'utf8' });
  const ours = libs.stdout.split('\n').filter((line) => /^\S+\(\d+,\d+\): error/.test(line) && (line.includes('node_modules/spin-nas/') || line.startsWith('src/')));
  assert.deepEqual(ours, [], 'errors in spin-nas\'s declarations');

  const ran = spawnSync(process.execPath, ['out/main.js', join(root, 'runs')], { cwd: project, encoding: 'utf8' });
  assert.equal(ran.status, 0, `the consumer failed:\n${ran.stdout}${ran.stderr}`);
  const seen = JSON.parse(ran.stdout.trim().split('\n').pop()!) as {
    counts: { started: number; finished: number; promoted: number; frontier: number; progress: number };
    first: { interrupted: boolean; done: number };
    second: { done: number; total: number; frontierSize: number };
    frontier: string[];
    strategy: string;
    eta: number | null;
    synthetic: boolean;
  };
  assert.equal(seen.first.interrupted, true);
  assert.ok(seen.first.done >= 4 && seen.first.done < seen.second.done, 'the abort came after the 4th finished trial, before the end');
  assert.equal(seen.counts.progress, seen.second.done, 'one progress event per finished trial, over both calls');
  assert.ok(seen.counts.started >= 4 && seen.counts.frontier >= 1, JSON.stringify(seen.counts));
  assert.equal(seen.counts.finished, seen.second.done, 'every finished trial was reported once');
  assert.ok(seen.counts.promoted >= 1, 'rungs of the shipped space promote');
  assert.ok(seen.second.frontierSize >= 1 && seen.frontier.length === seen.second.frontierSize);
  assert.equal(seen.strategy, 'pareto-local-search');
  assert.equal(typeof seen.eta, 'number');
  assert.equal(seen.synthetic, true);

  // The packaged CLI runs from the install too.
  const cli = spawnSync(process.execPath, [join(installed, 'bin', 'spin-nas.js'), 'space', 'validate', join(installed, 'search-spaces', 'convmixer-fmnist.json')], {
    cwd: project,
    encoding: 'utf8',
  });
  assert.equal(cli.status, 0, cli.stderr);
  assert.match(cli.stdout, /^ok: /);
});
