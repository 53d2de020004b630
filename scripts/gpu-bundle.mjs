// Packs what scripts/gpu-check.sh needs on a GPU machine that reaches no network (the
// `device` tool's machines): the built dist/, the production node_modules without source
// maps, minified browser bundles or other platforms' Dawn binaries, this Node binary (in
// case the machine has none, or not 20), and a Vulkan loader (Chromium's copy, for a machine
// without libvulkan1). One xz tarball under .gpu-bundle/ (git-ignored), well under the
// device tool's 64 MiB carry limit. Run after `npm run build`:
//
//   node scripts/gpu-bundle.mjs      then carry .gpu-bundle and run `bash scripts/gpu-check.sh`
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';

const root = process.cwd();
const out = join(root, '.gpu-bundle');
const stage = join(out, 'stage');
if (!existsSync(join(root, 'dist', 'bench', 'train.bench.js'))) {
  console.error('gpu-bundle: dist/ is not built; run `npm run build` first');
  process.exit(2);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(join(stage, 'bin'), { recursive: true });

// Production packages only (npm's own list), each copied without its nested node_modules
// (those are listed, and copied, on their own).
const listed = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { encoding: 'utf8' })
  .split('\n').filter((p) => p.includes(`${join(root, 'node_modules')}`));
const DROP = /\.(map|d\.ts|md|html|ts)$|\.min\.js$|\.es2017\.js$|\.fesm\.js$/;
const OTHER_PLATFORMS = /[\\/]webgpu[\\/]dist[\\/](?!linux-x64)/;
const keep = (src) => {
  const name = basename(src);
  if (OTHER_PLATFORMS.test(src)) return false;
  if (name === 'node_modules' && statSync(src).isDirectory()) return false;
  if (name === 'miniprogram' || name === 'tools' && src.includes('@tensorflow')) return false;
  return !DROP.test(name) || name === 'package.json';
};
for (const pkg of listed) {
  const target = join(stage, relative(root, pkg));
  cpSync(pkg, target, { recursive: true, filter: (src) => src === pkg || keep(src) });
}
cpSync(join(root, 'dist'), join(stage, 'dist'), { recursive: true, filter: (src) => !src.endsWith('.map') });
cpSync(process.execPath, join(stage, 'bin', 'node'));
if (existsSync('/usr/lib/chromium/libvulkan.so.1')) {
  mkdirSync(join(stage, 'vulkan'));
  cpSync('/usr/lib/chromium/libvulkan.so.1', join(stage, 'vulkan', 'libvulkan.so.1'));
}
execFileSync('tar', ['-C', stage, '-cJf', join(out, 'bundle.tar.xz'), '.'], { stdio: 'inherit', env: { ...process.env, XZ_OPT: '-6 -T2' } });
rmSync(stage, { recursive: true, force: true });
const mb = statSync(join(out, 'bundle.tar.xz')).size / 2 ** 20;
console.log(`gpu-bundle: .gpu-bundle/bundle.tar.xz, ${mb.toFixed(1)} MiB (${listed.length} packages, dist/, node ${process.version}, Vulkan loader)`);
if (mb > 60) process.exit(1);
