import { describe, expect, it } from "vitest";
import type { Draft } from "../../../../src/backend/schemas.js";
import { diffDrafts, draftsEqual } from "../../../../src/remote/translate/state-diff.js";

const bgm = (m: Record<string, unknown>, d = 90_000, st = 0) => ({ tt: 1, sg: [{ st, d, m }] });

describe("state diff", () => {
  it("names what was added, in the summary format", () => {
    const after: Draft = { t: [bgm({ name: "Energetic promo", volume: 0.35 })] };
    expect(diffDrafts({ t: [] }, after)).toEqual(["Added BGM 'Energetic promo' 0–90 s at 35 %"]);
  });

  it("names changes of volume, span and name, and removals", () => {
    const before: Draft = {
      t: [
        { tt: 0, sg: [{ st: 0, d: 42_000, m: { src: "/u/beach.mp4" } }] },
        bgm({ id: "a1", name: "Upbeat house", volume: 0.35 }, 42_000),
        { tt: 7, sg: [{ st: 0, d: 3000, m: { text: "Hello" } }] },
      ],
    };
    const after: Draft = {
      t: [
        { tt: 0, sg: [{ st: 0, d: 42_000, m: { src: "/u/beach.mp4" } }] },
        bgm({ id: "a1", name: "Upbeat house (slower)", volume: 50 }, 30_000, 2000),
      ],
    };
    expect(diffDrafts(before, after)).toEqual([
      "Changed BGM 'Upbeat house (slower)': renamed 'Upbeat house' → 'Upbeat house (slower)', 0–42 s → 2–32 s, volume 35 % → 50 %",
      "Removed Title 'Hello' 0–3 s",
    ]);
  });

  it("a regenerated segment with the same name is a new version; identical drafts differ in nothing", () => {
    const a: Draft = { t: [bgm({ name: "Calm", url: "https://x/1.mp3" })] };
    const b: Draft = { t: [bgm({ name: "Calm", url: "https://x/2.mp3" })] };
    expect(diffDrafts(a, b)).toEqual(["Changed BGM 'Calm': new version"]);
    expect(diffDrafts(a, structuredClone(a))).toEqual([]);
    expect(draftsEqual(a, { t: [bgm({ url: "https://x/1.mp3", name: "Calm" })] })).toBe(true);
  });
});
