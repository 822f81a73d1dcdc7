/**
 * `npm run bench`: every benchmark, each printing its figures. Stage benchmarks run as their own
 * processes (so peak memory figures are their own); ones not written yet are skipped with a line.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { benchColdStart } from "./cold-start.js";

console.log("composer-mcp benchmarks\n");
await benchColdStart();

for (const name of ["compose", "render", "master", "encode", "command-line"]) {
  const file = join(import.meta.dirname, `${name}.ts`);
  console.log(`\n── ${name} ──`);
  if (!existsSync(file)) {
    console.log("no benchmark yet");
    continue;
  }
  const run = spawnSync(process.execPath, ["--import", "tsx", file], { stdio: "inherit" });
  if (run.status !== 0) console.log(`${name} benchmark exited with ${run.status}`);
}
