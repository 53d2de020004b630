# The project's native training kernels (issue 26): an N-API addon over oneDNN
# (Debian libdnnl-dev). Built by scripts/build-native.mjs (npm run build, and the install
# script, which tolerates failure). No -march: oneDNN picks its ISA at run time (JIT), and
# the elementwise loops are compiled per ISA with target_clones (elementwise.cc).
{
  "targets": [
    {
      "target_name": "spin_native",
      "sources": ["src/addon.cc", "src/args.cc", "src/gemm.cc", "src/depthwise.cc", "src/elementwise.cc", "src/fused.cc"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++17"],
      "cflags_cc": ["-std=c++17", "-O3", "-fexceptions", "-Wall", "-Wextra", "-fno-math-errno", "-ffp-contract=off", "-fno-trapping-math"],
      "libraries": ["-ldnnl", "-lgomp"]
    }
  ]
}
