// Makes the bin entry executable after tsc (npm does this on install, not on a local build).
import { chmodSync, existsSync } from "node:fs";

const entry = new URL("../dist/index.js", import.meta.url);
if (existsSync(entry)) chmodSync(entry, 0o755);
