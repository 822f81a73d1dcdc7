import { describe, expect, it } from "vitest";
import { interpret } from "../../../../src/engine/plan/index.js";
import { STYLES } from "../../../../src/engine/plan/styles.js";
import { STYLE_IDS, VOICES } from "../../../../src/engine/theory/voices.js";

describe("determinism", () => {
  it("gives the same plan for the same brief", () => {
    const brief = "Moody lo-fi study beat, 75 BPM, 90 seconds, dusty drums";
    expect(interpret(brief)).toEqual(interpret(brief));
    expect(interpret(brief).plan.seed).toBe(interpret(`  ${brief.toUpperCase()} `).plan.seed);
  });
  it("gives different briefs different seeds, and the seed argument wins", () => {
    const a = interpret("calm piano").plan.seed;
    const b = interpret("calm piano, 60 seconds").plan.seed;
    expect(a).not.toBe(b);
    const seeded = interpret("calm piano", { overrides: { seed: 12345 } }).plan;
    expect(seeded.seed).toBe(12345);
    expect(seeded.explicit).toContain("seed");
  });
  it("names the language", () => {
    expect(interpret("calm piano").plan.language).toBe("en");
    expect(interpret("平静的钢琴").plan.language).toBe("zh");
    expect(interpret("lofi 钢琴").plan.language).toBe("zh");
  });
  it("titles in plain ASCII", () => {
    for (const brief of ["赛博朋克", "sad piano", "中国风古筝", ""]) {
      expect(interpret(brief).plan.title).toMatch(/^[A-Za-z][A-Za-z '-]*$/);
    }
  });
});

describe("style table", () => {
  it("covers every style id with a usable palette", () => {
    for (const id of STYLE_IDS) {
      const s = STYLES[id];
      expect(s.bpm[0]).toBeLessThanOrEqual(s.bpm[1]);
      expect(s.en.length + s.zh.length).toBeGreaterThan(0);
      for (const v of [s.palette.drums, s.palette.bass, ...s.palette.harmony, ...s.palette.melody, ...s.palette.fx]) {
        if (v !== null) expect(Object.hasOwn(VOICES, v), `${id}: ${v}`).toBe(true);
      }
      if (s.palette.drums) expect(VOICES[s.palette.drums].family).toBe("drums");
    }
  });
  it("is reachable from its own words", () => {
    for (const id of STYLE_IDS) {
      const word = STYLES[id].en[0] ?? STYLES[id].zh[0] ?? "";
      expect(interpret(`${word} piece`).plan.style, word).toBe(id);
    }
  });
});

describe("tool arguments win over the prompt", () => {
  it("overrides every explicit field", () => {
    const { plan, understood } = interpret("90 seconds, 120 BPM, D minor, 6/8, -20 LUFS", {
      overrides: { durationSeconds: 30, bpm: 100, key: "F# dorian", timeSignature: "3/4", loop: true, lufs: -16 },
    });
    expect(plan.durationSeconds).toBe(30);
    expect(plan.bpm).toBe(100);
    expect(plan.key).toEqual({ tonic: "F#", mode: "dorian" });
    expect(plan.meter).toEqual({ beatsPerBar: 3, beatUnit: 4 });
    expect(plan.loop).toBe(true);
    expect(plan.lufs).toBe(-16);
    expect(understood).toContain("tempo 100 BPM (argument)");
  });
  it.each([
    ["Bb", "Bb", "major"],
    ["D minor", "D", "minor"],
    ["F#m", "F#", "minor"],
    ["A minor pentatonic", "A", "minor pentatonic"],
    ["D小调", "D", "minor"],
    ["e flat major", "Eb", "major"],
  ])("reads the key argument %s", (key, tonic, mode) => {
    expect(interpret("pop", { overrides: { key } }).plan.key).toEqual({ tonic, mode });
  });
  it("applies arguments on refinements too", () => {
    const previous = interpret("house, 30 seconds, 124 BPM").plan;
    const r = interpret("add strings", { previous, overrides: { bpm: 126 } });
    expect(r.plan.bpm).toBe(126);
    expect(r.changes).toContain("tempo 124 → 126 BPM");
  });
});

describe("references", () => {
  it("takes a video's length and cuts", () => {
    const r = interpret("upbeat travel music", {
      reference: { kind: "video", durationSeconds: 37.5, sceneCutsSeconds: [0.2, 4.1, 9.8, 9.9, 22, 37.4] },
    });
    expect(r.plan.durationSeconds).toBe(37.5);
    expect(r.plan.hits).toEqual([
      { at: 4.1, kind: "cut" },
      { at: 9.8, kind: "cut" },
      { at: 22, kind: "cut" },
    ]);
    expect(r.understood.some((s) => /from the video/.test(s))).toBe(true);
  });
  it("lets the prompt's own length win over the video", () => {
    expect(interpret("30 seconds", { reference: { kind: "video", durationSeconds: 50 } }).plan.durationSeconds).toBe(
      30,
    );
  });
  it("takes an audio reference's tempo, key, loudness and energy unless the prompt says otherwise", () => {
    const reference = {
      kind: "audio" as const,
      bpm: 97,
      key: { tonic: "E", mode: "minor" as const },
      loudnessLufs: -11,
      energyCurve: [0.2, 0.4, 0.9, 0.5],
    };
    const r = interpret("something like this", { reference });
    expect(r.plan.bpm).toBe(97);
    expect(r.plan.explicit).toContain("bpm");
    expect(r.plan.key).toEqual({ tonic: "E", mode: "minor" });
    expect(r.plan.lufs).toBe(-11);
    expect(r.plan.energyCurve.length).toBeGreaterThanOrEqual(8);
    const own = interpret("like this but 120 BPM in G major", { reference }).plan;
    expect(own.bpm).toBe(120);
    expect(own.key).toEqual({ tonic: "G", mode: "major" });
  });
  it("lets an image's mood set mode and energy", () => {
    const dark = interpret("music for this picture", {
      reference: { kind: "image", moodHints: ["dark", "mysterious"], brightness: 0.2 },
    });
    expect(["minor", "dorian", "minor pentatonic", "phrygian", "harmonic minor"]).toContain(dark.plan.key.mode);
    const happy = interpret("music for this picture", {
      reference: { kind: "image", moodHints: ["happy"], brightness: 0.9 },
    });
    expect(["major", "major pentatonic", "mixolydian", "lydian"]).toContain(happy.plan.key.mode);
    expect(happy.understood.some((s) => /image/.test(s))).toBe(true);
  });
});
