import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { envValue, expandHome, loadConfig } from "../../src/config.js";

const HOME = "/home/ana";

describe("loadConfig", () => {
  it("defaults to the local backend and the documented folders", () => {
    const c = loadConfig({ HOME, COMPOSER_SOUNDFONT: "none" });
    expect(c.backend).toBe("local");
    expect(c.outputDir).toBe(join(HOME, "Music", "composer-mcp"));
    expect(c.dataDir).toBe(join(HOME, ".local", "share", "composer-mcp"));
    expect(c.soundfont).toBeUndefined();
    expect(c.ffmpeg).toBe("ffmpeg");
  });

  it("expands ~ and honours XDG_DATA_HOME", () => {
    const c = loadConfig({ HOME, COMPOSER_OUTPUT_DIR: "~/tracks", XDG_DATA_HOME: "/xdg" });
    expect(c.outputDir).toBe(join(HOME, "tracks"));
    expect(c.dataDir).toBe(join("/xdg", "composer-mcp"));
    expect(expandHome("~", HOME)).toBe(HOME);
    expect(expandHome("/abs/~x", HOME)).toBe("/abs/~x");
  });

  it("treats blank values and unfilled bundle placeholders as unset", () => {
    expect(envValue({ X: "  " }, "X")).toBeUndefined();
    expect(envValue({ X: "${user_config.output_dir}" }, "X")).toBeUndefined();
    const c = loadConfig({ HOME, COMPOSER_BACKEND: "${user_config.backend}", COMPOSER_OUTPUT_DIR: "" });
    expect(c.backend).toBe("local");
    expect(c.outputDir).toBe(join(HOME, "Music", "composer-mcp"));
  });

  it("selects nemovideo case-insensitively and rejects unknown backends with a hint", () => {
    expect(loadConfig({ HOME, COMPOSER_BACKEND: "NemoVideo" }).backend).toBe("nemovideo");
    expect(() => loadConfig({ HOME, COMPOSER_BACKEND: "suno" })).toThrow(/local' or 'nemovideo' \(got: suno\)/);
  });

  it("keeps an ffmpeg given by name for PATH lookup and resolves one given by path", () => {
    expect(loadConfig({ HOME, COMPOSER_FFMPEG: "ffmpeg7" }).ffmpeg).toBe("ffmpeg7");
    expect(loadConfig({ HOME, COMPOSER_FFMPEG: "~/bin/ffmpeg" }).ffmpeg).toBe(join(HOME, "bin", "ffmpeg"));
  });
});
