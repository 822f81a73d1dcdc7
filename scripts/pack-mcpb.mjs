// Builds composer-mcp.mcpb: the compiled server, its manifest and production dependencies only.
// Usage: npm run pack:mcpb [-- out.mcpb]
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(new URL("..", import.meta.url).pathname);
const out = resolve(process.argv[2] ?? join(root, "composer-mcp.mcpb"));
const stage = mkdtempSync(join(tmpdir(), "composer-mcpb-"));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ["ignore", "inherit", "inherit"] });

try {
  run(npm, ["run", "build"], root);
  for (const entry of ["dist", "manifest.json", "package.json", "package-lock.json", "README.md"]) {
    cpSync(join(root, entry), join(stage, entry), { recursive: true });
  }
  run(npm, ["ci", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund"], stage);
  run(join(root, "node_modules", ".bin", "mcpb"), ["pack", stage, out], root);
  console.log(`wrote ${out}`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
