// Builds the native training kernels (native/: an N-API addon over oneDNN, issue 26) with
// node-gyp against this Node's own headers (nothing is downloaded). Never fails the
// install or the build: where the addon cannot build (no compiler, no libdnnl-dev, another
// OS) it says so in one line and exits 0; `--backend auto` then trains on wasm and
// `--backend native` names the missing package. `--quiet` (the install script) prints the
// compiler's output only on failure, in native/build-error.log.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'native');
const log = join(dir, 'build-error.log');
// A project that installed spin-nas as a dependency rebuilds it with npm, its checkout with npm run build.
const HINT = `apt-get install -y libdnnl-dev g++ make python3, then ${/[\\/]node_modules[\\/]/.test(root) ? 'npm install-scripts approve spin-nas && npm rebuild spin-nas' : 'npm run build'}`;

function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    process.env.npm_execpath && join(dirname(process.env.npm_execpath), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((c) => c && existsSync(c));
}

function skip(reason) {
  console.log(`spin-nas: native kernels not built (${reason}); training uses wasm. For --backend native: ${HINT}`);
  process.exit(0);
}

if (process.platform !== 'linux' || process.arch !== 'x64') skip(`${process.platform}-${process.arch} is not supported, only linux-x64`);
const gyp = nodeGyp();
if (!gyp) skip('node-gyp was not found beside npm');
// Node's own headers: a distribution's Node ships them in <prefix>/include/node.
const nodedir = process.env.npm_config_nodedir ?? resolve(dirname(process.execPath), '..');
if (!existsSync(join(nodedir, 'include', 'node', 'node_api.h'))) skip(`Node's headers are not in ${nodedir}/include/node`);
const run = spawnSync(process.execPath, [gyp, 'rebuild', `--nodedir=${nodedir}`, '--jobs=max'], {
  cwd: dir, encoding: 'utf8', env: { ...process.env, npm_config_nodedir: nodedir },
});
if (run.status !== 0) {
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
  writeFileSync(log, output);
  const first = output.split('\n').find((l) => /error|fatal|not found|No such file/i.test(l) && !/gyp (info|ERR! (stack|System|command|cwd|node|not ok))/.test(l))
    ?? `node-gyp exit ${run.status ?? run.signal}`;
  skip(`${first.trim().slice(0, 200)}; full output in native/build-error.log`);
}
rmSync(log, { force: true });
// What it was built for, read by the loader before it loads anything (src/backend/onednn/addon.ts).
writeFileSync(join(dir, 'build', 'Release', 'spin_native.json'), `${JSON.stringify({
  nodeModuleVersion: Number(process.versions.modules), node: process.version, platform: process.platform, arch: process.arch,
})}\n`);
if (!process.argv.includes('--quiet')) console.log('spin-nas: native kernels built (native/build/Release/spin_native.node)');
