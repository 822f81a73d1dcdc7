// After tsc: makes the bin entry executable (npm does this on install, not on a local build) and copies the
// WebAssembly that tsc does not (the kernels, committed as built by `npm run build:wasm`).
import { chmodSync, copyFileSync, existsSync } from "node:fs";

const entry = new URL("../dist/index.js", import.meta.url);
if (existsSync(entry)) chmodSync(entry, 0o755);
for (const file of ["engine/dsp/kernels.wasm"]) {
  copyFileSync(new URL(`../src/${file}`, import.meta.url), new URL(`../dist/${file}`, import.meta.url));
}
