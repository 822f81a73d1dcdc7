import { describe, expect, it } from "vitest";
import { interpret } from "../../../../src/engine/plan/index.js";
import { parseNumber, rewriteNumberWords } from "../../../../src/engine/plan/numbers.js";

const plan = (brief: string) => interpret(brief).plan;

describe("numbers", () => {
  it.each([
    ["ninety seconds", "90 seconds"],
    ["one hundred and twenty BPM", "120 BPM"],
    ["a twenty-five second sting", "a 25 second sting"],
    ["two and a half minutes", "2 and a half minutes"],
    ["Forty five seconds", "45 seconds"],
    ["no numbers here", "no numbers here"],
  ])("rewrites %s", (input, output) => {
    expect(rewriteNumberWords(input)).toBe(output);
  });
  it.each([
    ["九十", 90],
    ["一百二十", 120],
    ["一百二", 120],
    ["一百零五", 105],
    ["两", 2],
    ["十五", 15],
    ["三十", 30],
    ["1.5", 1.5],
    ["abc", Number.NaN],
  ])("parses %s", (input, value) => {
    expect(parseNumber(input)).toBe(value);
  });
});

describe("durations", () => {
  it.each([
    ["a 90-second ambient piece", 90],
    ["ninety seconds of jazz", 90],
    ["1:30 of lo-fi", 90],
    ["2 minutes of rock", 120],
    ["a minute and a half of pop", 90],
    ["one and a half minutes, calm", 90],
    ["two and a half minutes, epic", 150],
    ["half a minute of funk", 30],
    ["a 45s clip", 45],
    ["3 min corporate", 180],
    ["2.5 minutes, ambient", 150],
    ["1 minute 15 seconds of house", 75],
    ["1m30s techno", 90],
    ["a minute-long jingle", 60],
    ["a 30s loop, 80s synthwave", 30],
    ["90秒的钢琴曲", 90],
    ["一分半的民谣", 90],
    ["两分钟的摇滚", 120],
    ["1分30秒的爵士", 90],
    ["半分钟的广告音乐", 30],
    ["三十秒的片头", 30],
    ["2分半的电子乐", 150],
    ["一分十五秒", 75],
    ["1.5分钟", 90],
    ["3'30\" of ambient", 210],
  ])("%s → %d s", (brief, seconds) => {
    expect(plan(brief).durationSeconds).toBe(seconds);
  });
  it("does not take a percentage or a hit time for a tempo", () => {
    expect(plan("a piece at 100% energy, 60 seconds").explicit).not.toContain("bpm");
  });
  it("tells a hit time from the length", () => {
    const p = plan("Dubstep, 40 seconds, the drop hits at 0:20, big hit at 0:35");
    expect(p.durationSeconds).toBe(40);
    expect(p.hits).toEqual([
      { at: 20, kind: "drop" },
      { at: 35, kind: "hit" },
    ]);
  });
  it("reads lists of hit points and names each by its nearest word", () => {
    expect(plan("trailer, 2:30, hits at 0:45 and 1:30").hits).toEqual([
      { at: 45, kind: "hit" },
      { at: 90, kind: "hit" },
    ]);
    expect(plan("drop at 0:30 and big hit at 0:50, 70 seconds").hits).toEqual([
      { at: 30, kind: "drop" },
      { at: 50, kind: "hit" },
    ]);
    expect(plan("60秒,在0:20和0:40有重音").hits.map((h) => h.at)).toEqual([20, 40]);
  });
  it("reads Chinese hit points", () => {
    expect(plan("60秒的电子乐,在0:30进入高潮").hits).toEqual([{ at: 30, kind: "drop" }]);
    expect(plan("45秒的预告片,第20秒爆发").hits).toEqual([{ at: 20, kind: "drop" }]);
  });
  it("reads an era as an era, not a length", () => {
    const p = plan("80s synth pop, 45 seconds");
    expect(p.durationSeconds).toBe(45);
    expect(p.style).toBe("synthwave");
  });
});

describe("tempo", () => {
  it.each([
    ["house at 124 BPM", 124],
    ["120bpm techno", 120],
    ["tempo 96, folk", 96],
    ["one hundred and ten beats per minute", 110],
    ["节奏100的流行", 100],
    ["110拍的摇滚", 110],
    ["每分钟120拍", 120],
    ["速度为90的爵士", 90],
    ["BPM: 132 trance", 132],
    ["house at 124, 30 seconds", 124],
    ["EDM banger, 128, drop at 0:32", 128],
  ])("%s → %d", (brief, bpm) => {
    expect(plan(brief).bpm).toBe(bpm);
  });
  it.each([
    ["very slow ambient", 40, 60],
    ["slow piano ballad", 60, 80],
    ["舒缓的钢琴曲", 60, 80],
    ["moderate tempo pop", 90, 110],
    ["driving rock", 120, 135],
    ["energetic house", 120, 135],
    ["fast punk rock", 135, 170],
    ["between 90 and 100 bpm, hip hop", 90, 100],
  ])("%s → %d–%d", (brief, lo, hi) => {
    const { bpm } = plan(brief);
    expect(bpm).toBeGreaterThanOrEqual(lo);
    expect(bpm).toBeLessThanOrEqual(hi);
  });
});

describe("keys and modes", () => {
  it.each([
    ["in D minor", "D", "minor"],
    ["Dm, dark", "D", "minor"],
    ["Bb major ballad", "Bb", "major"],
    ["F# dorian groove", "F#", "dorian"],
    ["A minor pentatonic blues", "A", "minor pentatonic"],
    ["E-flat major jazz", "Eb", "major"],
    ["C sharp minor, cinematic", "C#", "minor"],
    ["in the key of G", "G", "major"],
    ["D小调的配乐", "D", "minor"],
    ["G大调民谣", "G", "major"],
    ["降E大调", "Eb", "major"],
    ["升F小调", "F#", "minor"],
    ["a小调", "A", "minor"],
  ])("%s → %s %s", (brief, tonic, mode) => {
    expect(plan(brief).key).toEqual({ tonic, mode });
  });
  it.each([
    ["a happy uplifting pop song", "major"],
    ["a sad melancholic pop song", "minor"],
    ["tense suspense cue", "minor"],
    ["spooky halloween theme", "minor"],
    ["悬疑紧张的配乐", "minor"],
    ["欢快的流行歌", "major"],
  ])("%s implies %s", (brief, side) => {
    const minor = ["minor", "dorian", "phrygian", "harmonic minor", "minor pentatonic", "locrian"].includes(
      plan(brief).key.mode,
    );
    expect(minor ? "minor" : "major").toBe(side);
  });
  it("does not read 'a minor' in running text as A minor", () => {
    expect(plan("a pop song with a minor twist of jazz, in C major").key).toEqual({ tonic: "C", mode: "major" });
  });
  it("gives 中国风 a pentatonic mode", () => {
    expect(plan("中国风,古筝").key.mode).toMatch(/pentatonic/);
  });
});

describe("meter", () => {
  it.each([
    ["in 3/4", 3, 4],
    ["a waltz", 3, 4],
    ["华尔兹", 3, 4],
    ["圆舞曲", 3, 4],
    ["an Irish jig", 6, 8],
    ["6/8 ballad", 6, 8],
    ["12/8 blues", 12, 8],
    ["odd 5/4 groove", 5, 4],
    ["4/4 house", 4, 4],
    ["四三拍的民谣", 3, 4],
  ])("%s → %d/%d", (brief, beatsPerBar, beatUnit) => {
    expect(plan(brief).meter).toEqual({ beatsPerBar, beatUnit });
  });
});

describe("flags, use cases and loudness", () => {
  it.each([
    ["seamless loop", true],
    ["loopable game music", true],
    ["可循环的背景音乐", true],
    ["无缝循环", true],
    ["a game theme, not a loop", false],
  ])("%s → loop %s", (brief, loop) => {
    expect(plan(brief).loop).toBe(loop);
  });
  it.each([
    ["podcast bed", -16],
    ["broadcast promo", -23],
    ["a TV spot", -23],
    ["pop song", -14],
    ["podcast bed at -18 LUFS", -18],
    ["响度-20 LUFS", -20],
  ])("%s → %d LUFS", (brief, lufs) => {
    expect(plan(brief).lufs).toBe(lufs);
  });
  it.each([
    ["fade out at the end", "fade"],
    ["淡出结尾", "fade"],
    ["hard stop ending", "hard"],
    ["documentary outro", "cadence"],
  ])("%s → ending %s", (brief, ending) => {
    expect(plan(brief).ending).toBe(ending);
  });
  it("keeps a podcast bed sparse and the melody down", () => {
    const p = plan("podcast background bed, 2 minutes");
    expect(p.energy).toBeLessThanOrEqual(0.4);
    expect(p.mix.melodyDb).toBeLessThan(0);
  });
  it("reads a shape: quiet intro, building middle, explosive finale", () => {
    const c = plan("quiet intro, building middle, explosive finale, 60 seconds").energyCurve;
    expect(c[0]).toBeLessThan(0.3);
    expect(c.at(-1)).toBeGreaterThan(0.9);
    for (let i = 1; i < c.length; i++) expect(c[i]).toBeGreaterThanOrEqual(c[i - 1] ?? 0);
  });
  it("reads an explicit form and intro length", () => {
    const p = plan("structure: intro, verse, chorus, verse, chorus, outro with an 8-bar intro");
    expect(p.form).toEqual(["intro", "verse", "chorus", "verse", "chorus", "outro"]);
    expect(p.introBars).toBe(8);
  });
  it("reads instruments in and out, lists and 'only'", () => {
    const fam = (b: string) => new Set(plan(b).instruments.map((i) => i.family));
    expect(fam("drumless pop, piano").has("drums")).toBe(false);
    expect(fam("no drums or bass, piano and strings").has("bass")).toBe(false);
    expect(fam("no drums, warm pads").has("synth")).toBe(true);
    expect(fam("pop, no drums until the drop at 0:20, 40 seconds").has("drums")).toBe(true);
    expect([...fam("just piano, 60 seconds")]).toEqual(["piano"]);
    expect([...fam("acoustic guitar, no other instruments")]).toEqual(["guitar_family"]);
    expect(fam("没有鼓和贝斯,钢琴").has("bass")).toBe(false);
    expect(fam("把鼓去掉,钢琴曲").has("drums")).toBe(false);
  });
  it("says what it cannot do", () => {
    const r = interpret("pop song with female vocals and lyrics about summer, 60 seconds");
    expect(r.ignored.some((s) => /instrumental only/.test(s))).toBe(true);
    expect(r.plan.durationSeconds).toBe(60);
  });
  it("lists the explicit fields", () => {
    const p = plan("60 seconds, 100 BPM, D minor, 3/4, seamless loop, -16 LUFS, with piano, no drums");
    for (const f of ["durationSeconds", "bpm", "key", "meter", "loop", "lufs", "instruments", "excluded"]) {
      expect(p.explicit).toContain(f);
    }
    expect(plan("something nice").explicit).toEqual([]);
  });
});

describe("Traditional Chinese and typos", () => {
  it.each([
    ["一分半的鋼琴獨奏,溫柔浪漫,適合婚禮", { duration: 90, style: "piano_solo", mode: "major" }],
    ["生成一段緊張的懸疑配樂,60秒,低音弦樂,沒有鼓", { duration: 60, style: "cinematic", mode: "minor" }],
    ["做一段20秒可循環的賽博朋克電子音樂,130 BPM", { duration: 20, bpm: 130, loop: true }],
    ["兩分鐘的搖滾,140拍,E小調", { duration: 120, bpm: 140, key: "E minor" }],
  ] as const)("%s", (brief, want) => {
    const p = plan(brief);
    if ("duration" in want) expect(p.durationSeconds).toBe(want.duration);
    if ("bpm" in want) expect(p.bpm).toBe(want.bpm);
    if ("loop" in want) expect(p.loop).toBe(want.loop);
    if ("style" in want) expect(p.style).toBe(want.style);
    if ("key" in want) expect(`${p.key.tonic} ${p.key.mode}`).toBe(want.key);
    if ("mode" in want) expect(p.key.mode).toBe(want.mode);
    expect(p.language).toBe("zh");
  });
  it("reads 'bmp' as BPM", () => {
    expect(plan("120 bmp house").bpm).toBe(120);
  });
});
