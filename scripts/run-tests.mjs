// Runs every compiled test file (dist/test/**/*.test.js) with Node's built-in runner.
// Node 20's --test does not expand globs, so the list is collected here.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function collect(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...collect(path));
    else if (name.endsWith('.test.js')) out.push(path);
  }
  return out;
}

const filter = process.argv.slice(2);
let files = collect('dist/test').sort();
if (filter.length > 0) files = files.filter((f) => filter.some((p) => f.includes(p)));
if (files.length === 0) {
  console.error('no test files found under dist/test (did the build run?)');
  process.exit(1);
}
// The webgpu tests run on Chromium's SwiftShader (a Vulkan driver on the CPU; Debian's
// chromium ships it with a Vulkan loader), so they run on every machine alike. A Vulkan
// driver set in the environment, or SPIN_TEST_VULKAN=system (scripts/gpu-check.sh on a GPU
// machine), keeps the machine's own.
const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json';
const env = { ...process.env };
if (env.SPIN_TEST_VULKAN !== 'system' && !env.VK_ICD_FILENAMES && !env.VK_DRIVER_FILES && existsSync(SWIFTSHADER)) {
  env.VK_ICD_FILENAMES = SWIFTSHADER;
  env.LD_LIBRARY_PATH = ['/usr/lib/chromium', env.LD_LIBRARY_PATH].filter(Boolean).join(':');
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
