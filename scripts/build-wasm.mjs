// Compiles the AssemblyScript kernels (src/backend/wasm/assembly) into two modules next to
// the compiled JS: plain SIMD and relaxed SIMD (fused multiply-add). Each module must
// import the tfjs wasm heap as env.memory and own nothing in it: no data segments, no
// globals, no start function, no memory of its own. That is checked here, on the binary.
import { mkdirSync, readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import asc from 'assemblyscript/asc';

// Node 20 validates relaxed SIMD only behind this flag (Node >= 22 by default).
setFlagsFromString('--experimental-wasm-relaxed-simd');

const ENTRY = 'src/backend/wasm/assembly/index.ts';
const OUT_DIR = 'dist/src/backend/wasm';
const VARIANTS = { simd: 'simd', relaxed: 'simd,relaxed-simd' };
// Section ids (WebAssembly core spec 5.5.2): custom, type, import, function, export, code.
const ALLOWED_SECTIONS = new Set([0, 1, 2, 3, 7, 10]);

function readLeb(bytes, at) {
  let value = 0, shift = 0, byte;
  do {
    byte = bytes[at++];
    value |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  return [value >>> 0, at];
}

function checkSelfContained(file) {
  const bytes = readFileSync(file);
  for (let at = 8; at < bytes.length;) {
    const id = bytes[at];
    const [size, body] = readLeb(bytes, at + 1);
    if (!ALLOWED_SECTIONS.has(id)) throw new Error(`${file}: section ${id} would write to or add state beside the shared heap`);
    at = body + size;
  }
  const imports = WebAssembly.Module.imports(new WebAssembly.Module(bytes, {}));
  if (imports.length !== 1 || imports[0].module !== 'env' || imports[0].name !== 'memory' || imports[0].kind !== 'memory') {
    throw new Error(`${file}: must import env.memory and nothing else, imports ${JSON.stringify(imports)}`);
  }
}

mkdirSync(OUT_DIR, { recursive: true });
for (const [name, features] of Object.entries(VARIANTS)) {
  const out = `${OUT_DIR}/spin-kernels.${name}.wasm`;
  const { error, stderr } = await asc.main([
    ENTRY, '-O3', '--noAssert', '--runtime', 'stub', '--importMemory', '--noExportMemory',
    '--enable', features, '--use', 'abort=', '-o', out,
  ]);
  if (error) {
    console.error(stderr.toString());
    process.exit(1);
  }
  checkSelfContained(out);
}
