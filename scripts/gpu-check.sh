#!/usr/bin/env bash
# The webgpu backend on a real GPU, in a few minutes: what the machine offers (GPU, Vulkan
# loader and driver), the adapter Dawn picks, `bench:train --backend webgpu` (images/s,
# ConvMixer-128/8 and ViT-64/6, x1 and x2 workers) next to wasm x1 on the same machine, and
# the webgpu tests on the machine's own Vulkan driver (SPIN_TEST_VULKAN=system).
#
# On a machine with network and the project installed (`npm ci && npm run build`), run it as
# is. For the `device` tool's machines (no network), first pack here:
#   npm run build && node scripts/gpu-bundle.mjs
# then run `bash scripts/gpu-check.sh` there with carry [".gpu-bundle"]: the bundle brings
# node_modules, dist/, a Node 20 binary and a Vulkan loader. Everything is printed; the last
# lines summarise. Exit status: 0 when the bench ran on a hardware adapter and the tests passed.
set -uo pipefail
cd "$(dirname "$0")/.."
say() { printf '\n== %s\n' "$*"; }

if [[ -f .gpu-bundle/bundle.tar.xz && ! -d node_modules ]]; then
  say "unpacking .gpu-bundle/bundle.tar.xz"
  mkdir -p .gpu-bundle/x && tar -C .gpu-bundle/x -xJf .gpu-bundle/bundle.tar.xz
  ln -sfn .gpu-bundle/x/node_modules node_modules
  [[ -d dist ]] || ln -sfn .gpu-bundle/x/dist dist
fi
NODE=node
if ! node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' 2>/dev/null; then
  NODE="$PWD/.gpu-bundle/x/bin/node"
fi
say "machine"
"$NODE" --version
nvidia-smi -L 2>/dev/null || echo "nvidia-smi: not found"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || true
echo "NVIDIA_DRIVER_CAPABILITIES=${NVIDIA_DRIVER_CAPABILITIES:-unset} (Vulkan in a container needs 'graphics' or 'all')"
nproc

say "Vulkan loader and drivers"
if ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1 '; then
  ldconfig -p | grep 'libvulkan.so.1 '
elif [[ -f .gpu-bundle/x/vulkan/libvulkan.so.1 ]]; then
  echo "no libvulkan.so.1 on the machine: using the bundled loader (Chromium's copy)"
  export LD_LIBRARY_PATH="$PWD/.gpu-bundle/x/vulkan${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
else
  echo "no libvulkan.so.1: install libvulkan1"
fi
icds=$(ls /usr/share/vulkan/icd.d/*.json /etc/vulkan/icd.d/*.json 2>/dev/null || true)
echo "ICD files: ${icds:-none}"
if [[ -z "${VK_ICD_FILENAMES:-}" && -z "$icds" ]]; then
  glx=$(ldconfig -p 2>/dev/null | awk '/libGLX_nvidia.so.0 /{print $NF; exit}')
  if [[ -n "$glx" ]]; then
    # The NVIDIA driver's Vulkan ICD is libGLX_nvidia; containers often lack its json.
    mkdir -p .gpu-bundle && printf '{"file_format_version":"1.0.0","ICD":{"library_path":"%s","api_version":"1.3.0"}}\n' "$glx" > .gpu-bundle/nvidia_icd.json
    export VK_ICD_FILENAMES="$PWD/.gpu-bundle/nvidia_icd.json"
    echo "wrote .gpu-bundle/nvidia_icd.json for $glx"
  else
    echo "no Vulkan driver found (no ICD json, no libGLX_nvidia.so.0)"
  fi
fi

say "the adapter Dawn finds"
"$NODE" --input-type=module -e '
const { probeWebgpu } = await import("./dist/src/backend/webgpu/index.js");
const { resolveBackend } = await import("./dist/src/backend/index.js");
console.log(JSON.stringify(probeWebgpu()));
console.log("auto picks:", resolveBackend("auto"));'
hardware=$("$NODE" --input-type=module -e '
const { probeWebgpu } = await import("./dist/src/backend/webgpu/index.js");
const p = probeWebgpu(); console.log(p.kind === "adapter" && !p.software ? "yes" : "no");')

say "bench:train --backend webgpu (then wasm x1 on the same machine)"
timeout 300 "$NODE" dist/bench/train.bench.js --backend webgpu --no-peer --reps 1 --steps 10 --warmup 2
bench=$?
# A file, not -e: the benchmark's worker threads inherit the parent's flags (--input-type too).
mkdir -p .gpu-bundle && cat > .gpu-bundle/wasm-x1.mjs <<'EOF'
const { timePool } = await import(new URL('../dist/bench/train-pool.js', import.meta.url).href);
const arch = { family: 'convmixer', inputShape: [28, 28, 1], classes: 10, width: 128, depth: 8, patch: 2, kernel: 5, pointwiseResidual: false,
  sharing: { assignment: {}, sets: {} }, init: 'scratch', hash: '', parentHash: '', label: 'ConvMixer-128/8 k5 p2' };
const t = await timePool({ backend: 'wasm', arch, batch: 64, warmupSteps: 2, steps: 10, timeBoxSeconds: 60 }, 1);
console.log(`wasm x1 ConvMixer-128/8 k5 p2: ${t.imagesPerSecond.toFixed(1)} images/s (${t.stepsPerWorker[0]} steps of 64)`);
EOF
timeout 150 "$NODE" .gpu-bundle/wasm-x1.mjs

say "webgpu tests on this machine's Vulkan driver"
SPIN_TEST_VULKAN=system timeout 420 "$NODE" scripts/run-tests.mjs webgpu
tests=$?

say "summary"
echo "hardware adapter: $hardware; bench exit $bench; webgpu tests exit $tests"
[[ $hardware == yes && $bench == 0 && $tests == 0 ]]
