import { describe, expect, it } from "vitest";
import { createRng, type Rng } from "../../../../src/engine/dsp/random.js";
import { interpret } from "../../../../src/engine/plan/index.js";
import type { Plan, ReferenceAnalysis } from "../../../../src/engine/types.js";
import { isComposerError } from "../../../../src/errors.js";
import { planProblems } from "./valid.js";

/** Pieces that look like the things readers look for, so the fuzz reaches deep into every reader. */
const FRAGMENTS = [
  "no ",
  "without ",
  "drums",
  "bass",
  "piano",
  " and ",
  " or ",
  ", ",
  "1:30",
  "0:20",
  "at ",
  "drop",
  "hit",
  "90",
  "120",
  " bpm",
  "BPM",
  " seconds",
  "s",
  " minutes",
  "a minute and a half",
  "half a minute",
  "ninety",
  "one hundred",
  "-",
  "D minor",
  "Bb",
  "F#",
  "m",
  "dorian",
  "pentatonic",
  "3/4",
  "6/8",
  "12/8",
  "5/4",
  "7/8",
  "/",
  "loop",
  "fade",
  "lufs",
  "-16",
  "podcast",
  "broadcast",
  "80s",
  "lo-fi",
  "中国风",
  "古筝",
  "去掉",
  "鼓",
  "不要",
  "分钟",
  "秒",
  "一分半",
  "两",
  "九十",
  "百",
  "小调",
  "大调",
  "降",
  "升",
  "拍",
  "节奏",
  "在",
  "进入高潮",
  "可循环",
  "换成",
  "把",
  "稍微快一点",
  "more bass",
  "slightly slower",
  "much faster",
  "another variation",
  "intro",
  "verse",
  "chorus",
  "->",
  "only ",
  "just ",
  "from quiet to explosive",
  "until",
  "😀",
  "🎹",
  "\u0000",
  "\u0007",
  "\u200b",
  "\ufeff",
  "\ud800",
  "\udc00",
  "e\u0301",
  "Ω",
  "ß",
  "İ",
  "ﬁ",
  "١٢٣",
  "１２０ＢＰＭ",
  "\n",
  "\t",
  "  ",
  "'",
  '"',
  "\\",
  "(",
  ")",
  "[",
  "]",
  "$",
  "^",
  "*",
];

function randomString(rng: Rng, maxPieces: number): string {
  let out = "";
  const pieces = rng.int(0, maxPieces);
  for (let i = 0; i < pieces; i++) {
    const r = rng.next();
    if (r < 0.6) out += rng.pick(FRAGMENTS) ?? "";
    else if (r < 0.8) out += String.fromCharCode(rng.int(0x20, 0x7e));
    else if (r < 0.9) out += String.fromCharCode(rng.int(0x4e00, 0x9fff));
    else out += String.fromCharCode(rng.int(0, 0xffff));
  }
  return out;
}

describe("interpret never throws on any text", () => {
  it("survives 4000 seeded random briefs and keeps every plan valid", () => {
    const rng = createRng(20261124);
    for (let i = 0; i < 4000; i++) {
      const brief = randomString(rng, 40);
      const r = interpret(brief);
      const problems = planProblems(r.plan);
      // The reader's safety net must not be what kept it alive.
      if (r.ignored.some((s) => /could not be (read|edited)/.test(s))) problems.push("reader threw");
      if (problems.length) throw new Error(`${JSON.stringify(brief)}: ${problems.join("; ")}`);
    }
  });
  it("survives 1500 seeded random follow-ups chained on each other", () => {
    const rng = createRng(7);
    let plan = interpret("pop song, 60 seconds").plan;
    for (let i = 0; i < 1500; i++) {
      const brief = randomString(rng, 12);
      const r = interpret(brief, { previous: plan });
      const problems = planProblems(r.plan);
      if (r.ignored.some((s) => /could not be (read|edited)/.test(s))) problems.push("reader threw");
      if (problems.length) throw new Error(`${JSON.stringify(brief)}: ${problems.join("; ")}`);
      plan = r.plan;
    }
  });
  it.each([
    ["empty", ""],
    ["spaces", "   \n\t  "],
    ["control characters", "\u0000\u0001\u0002\u001b[31m\u007f"],
    ["emoji only", "🎵🎶🔥💯🥁🎸"],
    ["lone surrogates", "\ud800\udbff\udc00abc"],
    ["mixed scripts", "Пиано 钢琴 ピアノ piano بيانو 90秒 ninety seconds"],
    ["regex metacharacters", ".*+?^$" + "{}()|[]\\/ (((((((((("],
    ["huge numbers", "99999999999999999999 seconds at 1e308 bpm, -9999 LUFS, 99:99"],
    ["100 kB of text", "slow piano, no drums, 90 seconds. ".repeat(3200)],
    ["100 kB of one character", "a".repeat(100_000)],
    ["100 kB of CJK", "钢琴".repeat(50_000)],
  ])("%s", (_name, brief) => {
    const r = interpret(brief);
    expect(planProblems(r.plan)).toEqual([]);
    expect(r.ignored.filter((s) => /could not be (read|edited)/.test(s))).toEqual([]);
  });
  it("reads only the start of a very long brief and says so", () => {
    const r = interpret(`90 seconds of slow piano. ${"la ".repeat(40_000)}`);
    expect(r.plan.durationSeconds).toBe(90);
    expect(r.ignored.some((s) => /first 8000 characters/.test(s))).toBe(true);
  });
  it("survives a damaged previous plan and a damaged reference", () => {
    const broken = { ...interpret("pop").plan, explicit: undefined, mix: undefined } as unknown as Plan;
    const r = interpret("slower, 30 seconds", { previous: broken });
    expect(planProblems(r.plan)).toEqual([]);
    expect(r.plan.durationSeconds).toBe(30);
    const reference = {
      kind: "video",
      durationSeconds: Number.NaN,
      sceneCutsSeconds: "x",
    } as unknown as ReferenceAnalysis;
    expect(planProblems(interpret("pop", { reference }).plan)).toEqual([]);
  });
  it("accepts non-string input from loose callers without throwing", () => {
    expect(() => interpret(undefined as unknown as string)).not.toThrow();
    expect(() => interpret(42 as unknown as string)).not.toThrow();
  });
});

describe("unusable tool arguments are the only throw", () => {
  it.each([
    [{ key: "H major" }],
    [{ key: "" }],
    [{ bpm: 0 }],
    [{ bpm: Number.NaN }],
    [{ durationSeconds: -5 }],
    [{ durationSeconds: 5000 }],
    [{ timeSignature: "9/7" }],
    [{ lufs: 3 }],
  ])("%j → INVALID_ARGUMENT with a hint", (overrides) => {
    let caught: unknown;
    try {
      interpret("pop", { overrides });
    } catch (error) {
      caught = error;
    }
    expect(isComposerError(caught) && caught.code === "INVALID_ARGUMENT").toBe(true);
    expect(isComposerError(caught) && caught.hint.length > 10).toBe(true);
  });
});
