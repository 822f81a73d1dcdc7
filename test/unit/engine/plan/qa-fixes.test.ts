import { describe, expect, it } from "vitest";
import { interpret } from "../../../../src/engine/plan/index.js";

const sounding = (brief: string) => interpret(brief).plan.instruments.filter((c) => c.role !== "fx");

describe("the style word's instrument counts as named with 'no other instruments'", () => {
  it.each([
    ["钢琴曲,降A大调,节奏76,1分钟,不要其他乐器", "piano"],
    ["Piano piece in Ab major, 76 BPM, 1 minute, no other instruments", "piano"],
    ["钢琴独奏,不要其他乐器,1分钟", "piano"],
    ["solo piano, nothing else, 40 seconds", "piano"],
    ["guitar solo, no other instruments", "guitar_family"],
    ["古筝曲,不要其他乐器", "ethnic"],
  ])("%s → only %s", (brief, family) => {
    const parts = sounding(brief);
    expect(parts.length).toBeGreaterThan(0);
    expect(parts.every((c) => c.family === family)).toBe(true);
    expect(parts.some((c) => c.role === "drums" || c.role === "bass")).toBe(false);
  });

  it.each([
    "no piano, no other instruments, piano solo",
    "no other instruments",
    "只要其他乐器都不要,不要其他乐器",
    "不要钢琴,不要其他乐器,钢琴曲",
  ])("never plans silence: %s", (brief) => {
    const result = interpret(brief);
    expect(result.plan.instruments.filter((c) => c.role !== "fx").length).toBeGreaterThan(0);
  });

  it("says so when it had to fall back", () => {
    const result = interpret("no piano, no other instruments, piano solo");
    expect(result.ignored.join(" ")).toMatch(/no instrument playing/);
    expect(result.plan.instruments.map((c) => c.voice)).toContain("piano");
  });
});

describe("climax wording is a drop hit point", () => {
  it.each([
    ["0:20进入高潮,60秒", 20],
    ["高潮在0:20,流行,1分钟", 20],
    ["流行,1分钟,在第20秒爆发", 20],
    ["20秒进入高潮,一分钟", 20],
    ["1:10迎来高潮,2分钟", 70],
    ["climax at 0:20, 1 minute", 20],
    ["0:25 climax, 1 minute", 25],
    ["pop, 1 minute, the climax hits at 0:40", 40],
  ])("%s → drop at %s s", (brief, at) => {
    const { hits } = interpret(brief).plan;
    expect(hits).toContainEqual({ at, kind: "drop" });
    expect(hits.filter((h) => h.kind !== "drop")).toEqual([]);
  });

  it("a bare time before a cut word stays a cut", () => {
    expect(interpret("0:30 cut, 1 minute").plan.hits).toEqual([{ at: 30, kind: "cut" }]);
  });
});

describe("style words, use cases and named instruments agree", () => {
  const electronicDrums = ["kit_909", "kit_808", "kit_chiptune"];
  it.each([
    "Wedding first dance, romantic piano and strings, 72 BPM",
    "婚礼第一支舞,浪漫的钢琴和弦乐,72拍",
    "our wedding dance: piano and strings, tender",
    "游戏,钢琴和弦乐",
    "game level music with piano and strings",
  ])("%s keeps the named acoustic instruments and no electronic kit", (brief) => {
    const { plan } = interpret(brief);
    const voices = plan.instruments.map((c) => c.voice);
    expect(voices).toContain("piano");
    expect(voices).toContain("strings");
    expect(voices.some((v) => electronicDrums.includes(v))).toBe(false);
    expect(["electronic", "chiptune"]).not.toContain(plan.style);
  });

  it.each([
    "陷阱说唱伴奏,808贝斯",
    "陷阱说唱伴奏",
    "说唱伴奏,陷阱风格",
    "hip hop trap beat",
    "rap beat, trap, 808 bass",
  ])("%s is trap", (brief) => {
    expect(interpret(brief).plan.style).toBe("trap");
  });

  it("an umbrella word alone still picks the umbrella style", () => {
    expect(interpret("说唱伴奏").plan.style).toBe("boom_bap");
    expect(interpret("game music").plan.style).toBe("chiptune");
  });
});

describe("metronome marks set the tempo", () => {
  it.each([
    ["quarter note = 96", 96],
    ["Piano piece, quarter-note = 84, 1 minute", 84],
    ["crotchet = 100, string quartet", 100],
    ["♩=96", 96],
    ["pop, ♩ = 132, 1 minute", 132],
    ["tempo 96", 96],
    ["四分音符=96,钢琴曲", 96],
    ["流行,四分音符 = 108,一分钟", 108],
  ])("%s → %s BPM", (brief, bpm) => {
    const result = interpret(brief);
    expect(result.plan.bpm).toBe(bpm);
    expect(result.ignored.join(" ")).not.toMatch(/quarter|crotchet|四分/);
  });
});

describe("the never-silent safety net", () => {
  const audible = (plan: ReturnType<typeof interpret>["plan"]) =>
    plan.instruments.filter(
      (c) => c.role !== "fx" && !plan.mutedRoles.includes(c.role) && !plan.excluded.includes(c.family),
    );
  it.each(["no drums, no bass, no melody, no chords", "不要鼓,不要贝斯,不要旋律,不要和弦", "只要鼓,不要鼓"])(
    "first brief: %s",
    (brief) => {
      const result = interpret(brief);
      expect(audible(result.plan).length).toBeGreaterThan(0);
      expect(result.ignored.join(" ")).toMatch(/no instrument playing/);
    },
  );

  it.each([
    ["pop, 1 minute", "no drums, no bass, no melody, no chords"],
    ["流行,一分钟", "不要鼓,不要贝斯,不要旋律,不要和弦"],
  ])("follow-up edit: %s then %s", (first, edit) => {
    const result = interpret(edit, { previous: interpret(first).plan });
    expect(audible(result.plan).length).toBeGreaterThan(0);
    expect(result.ignored.join(" ")).toMatch(/no instrument playing/);
  });
});
