/**
 * Layers point one way: tools never import engine stages; the engine never imports the MCP SDK or undici;
 * each engine stage imports only the shared types, theory/ and dsp/.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(import.meta.dirname, "../../src");
const STAGES = ["plan", "compose", "synthesize", "master", "encode", "analyze", "theory", "dsp"];
const STAGE_ALLOWED = ["engine/types.ts", "engine/theory/", "engine/dsp/", "errors.ts"];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith(".ts") ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [
    ...text.matchAll(/(?:import|export)\s[^"';]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g),
  ];
  return specs.map((m) => m[1] ?? m[2] ?? "");
}

/** A relative import resolved to a path under src/ (".js" → ".ts"). */
function target(file: string, spec: string): string | undefined {
  if (!spec.startsWith(".")) return undefined;
  return relative(SRC, resolve(dirname(file), spec))
    .replace(/\.js$/, ".ts")
    .split("\\")
    .join("/");
}

const files = filesUnder(SRC).map((f) => ({ file: f, rel: relative(SRC, f).split("\\").join("/") }));

describe("layer boundaries", () => {
  it("finds the source tree and reads its imports", () => {
    expect(files.length).toBeGreaterThan(20);
    const server = files.find((f) => f.rel === "server/create-server.ts");
    expect(server && importsOf(server.file)).toContain("@modelcontextprotocol/sdk/server/mcp.js");
    expect(server && importsOf(server.file).map((s) => target(server.file, s))).toContain("tools/index.ts");
  });

  it("the engine never imports the MCP SDK, undici or the server", () => {
    const offenders = files
      .filter((f) => f.rel.startsWith("engine/"))
      .flatMap((f) =>
        importsOf(f.file)
          .filter(
            (s) =>
              s.startsWith("@modelcontextprotocol/") ||
              s === "undici" ||
              s.startsWith("undici/") ||
              /(^|\/)(server|tools|remote)\//.test(target(f.file, s) ?? ""),
          )
          .map((s) => `${f.rel} → ${s}`),
      );
    expect(offenders).toEqual([]);
  });

  it("tools never import the engine or the remote client", () => {
    const offenders = files
      .filter((f) => f.rel.startsWith("tools/") || f.rel.startsWith("server/"))
      .flatMap((f) =>
        importsOf(f.file)
          .map((s) => ({ s, t: target(f.file, s) }))
          .filter(({ t }) => t !== undefined && (t.startsWith("engine/") || t.startsWith("remote/")))
          .map(({ s }) => `${f.rel} → ${s}`),
      );
    expect(offenders).toEqual([]);
  });

  it("each engine stage imports only types, theory/, dsp/ and itself", () => {
    const offenders = files
      .filter((f) => STAGES.some((stage) => f.rel.startsWith(`engine/${stage}/`)))
      .flatMap((f) => {
        const stage = f.rel.split("/")[1];
        return importsOf(f.file)
          .map((s) => ({ s, t: target(f.file, s) }))
          .filter(({ t }) => t !== undefined)
          .filter(({ t }) => !(t!.startsWith(`engine/${stage}/`) || STAGE_ALLOWED.some((a) => t!.startsWith(a))))
          .map(({ s }) => `${f.rel} → ${s}`);
      });
    expect(offenders).toEqual([]);
  });

  it("the remote client never imports the engine", () => {
    const offenders = files
      .filter((f) => f.rel.startsWith("remote/"))
      .flatMap((f) =>
        importsOf(f.file)
          .filter((s) => target(f.file, s)?.startsWith("engine/"))
          .map((s) => `${f.rel} → ${s}`),
      );
    expect(offenders).toEqual([]);
  });

  it("nothing writes to stdout except the CLI", () => {
    const offenders = files
      .filter((f) => !f.rel.startsWith("cli/"))
      .filter((f) => /console\.(log|info)|process\.stdout\.write/.test(readFileSync(f.file, "utf8")))
      .map((f) => f.rel);
    expect(offenders).toEqual([]);
  });
});
