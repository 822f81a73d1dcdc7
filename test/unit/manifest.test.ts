import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { TOOLS } from "../../src/tools/index.js";

const root = new URL("../../", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("manifest.json", root), "utf8"));
const pkg = JSON.parse(readFileSync(new URL("package.json", root), "utf8"));

describe("manifest.json", () => {
  it("matches the package version and entry point", () => {
    expect(manifest.version).toBe(pkg.version);
    expect(manifest.server.entry_point).toBe("dist/index.js");
    expect(pkg.bin["composer-mcp"]).toBe("dist/index.js");
  });

  it("lists exactly the registered tools", () => {
    expect(manifest.tools.map((t: { name: string }) => t.name).sort()).toEqual(TOOLS.map((t) => t.name).sort());
  });

  it("passes every user_config value to the server through env, and marks the token sensitive", () => {
    const env = JSON.stringify(manifest.server.mcp_config.env);
    for (const key of Object.keys(manifest.user_config)) expect(env).toContain(`\${user_config.${key}}`);
    expect(manifest.user_config.nemo_token.sensitive).toBe(true);
  });
});
