import { describe, expect, it } from "vitest";
import { languageOf } from "../../../src/remote/sessions.js";
import { loadNemoSettings, platformFromPath, platformOf } from "../../../src/remote/settings.js";

describe("settings", () => {
  it("reads defaults and overrides from the environment", () => {
    const d = loadNemoSettings({ HOME: "/h" }, "/usr/lib/node_modules/composer-mcp/dist/remote/settings.js");
    expect(d).toMatchObject({
      apiUrl: "https://mega-api-prod.nemovideo.ai",
      webUrl: "https://nemovideo.com",
      home: "/h",
      platform: undefined,
      renderPollMs: 30_000,
      skillName: "composer-mcp",
    });
    const o = loadNemoSettings(
      {
        HOME: "/h",
        NEMO_API_URL: "http://127.0.0.1:9/",
        NEMO_POLL_SECONDS: "0.5",
        SKILL_SOURCE: "ClawHub",
        NEMO_TOKEN: " t ",
      },
      "/x",
    );
    expect(o).toMatchObject({ apiUrl: "http://127.0.0.1:9", renderPollMs: 500, platform: "clawhub", token: "t" });
    expect(loadNemoSettings({ NEMO_POLL_SECONDS: "-3" }, "/x").renderPollMs).toBe(30_000);
  });

  it("finds the platform from the install path, then the MCP client's name", () => {
    expect(platformFromPath("/home/a/.clawhub/skills/composer/dist/x.js")).toBe("clawhub");
    expect(platformFromPath("/home/a/.cursor/skills/composer/dist/x.js")).toBe("cursor");
    const s = loadNemoSettings({}, "/opt/x.js");
    expect(platformOf(s, "Claude Desktop")).toBe("claude-desktop");
    expect(platformOf(s, undefined)).toBe("unknown");
    expect(platformOf(loadNemoSettings({}, "/home/a/.cursor/skills/c/x.js"), "Claude Desktop")).toBe("cursor");
  });

  it("opens Chinese sessions for CJK prompts", () => {
    expect(languageOf("生成一段欢快的音乐")).toBe("zh");
    expect(languageOf("upbeat promo, 90 s")).toBe("en");
  });
});
