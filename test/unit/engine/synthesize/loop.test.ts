/**
 * Loops: the file played twice in a row must join without a click, gap or level jump — the tail past the
 * loop end is folded into the head, and the master's gain curves run circularly.
 */
import { describe, expect, it } from "vitest";
import { masterTrack } from "../../../../src/engine/master/index.js";
import { renderStems } from "../../../../src/engine/synthesize/index.js";
import { fixtureScore } from "./score-fixture.js";

const SR = 44100;

describe("seamless loops", () => {
  it("the file concatenated with itself has no discontinuity at the join", async () => {
    const score = fixtureScore({
      durationSeconds: 8,
      loop: true,
      // no drum hit exactly on sample 0: a kick's own attack there would be a (legitimate) step
      voices: { drums: [], bass: ["sub_bass"], harmony: ["warm_pad"], melody: ["saw_lead"], fx: ["rain"] },
    });
    const m = masterTrack(await renderStems(score, { sampleRate: SR }), score, { lufs: -14 });
    const x = m.mix.left;
    const n = x.length;
    expect(n).toBe(8 * SR);
    // sample-to-sample steps inside the file: the join may not be an outlier
    const steps: number[] = [];
    for (let i = 1; i < n; i++) steps.push(Math.abs(x[i]! - x[i - 1]!));
    steps.sort((a, b) => a - b);
    const p999 = steps[Math.floor(steps.length * 0.999)]!;
    for (const ch of [m.mix.left, m.mix.right]) expect(Math.abs(ch[0]! - ch[n - 1]!)).toBeLessThanOrEqual(p999);
    // level continuity: the last and first 250 ms are within 3 dB
    const rms = (from: number, to: number) => {
      let e = 0;
      for (let i = from; i < to; i++) e += x[i]! ** 2;
      return 10 * Math.log10(e / (to - from) + 1e-20);
    };
    const q = Math.round(0.25 * SR);
    expect(Math.abs(rms(n - q, n) - rms(0, q))).toBeLessThan(3);
  });

  it("the looped head has the level envelope of the second pass of the same music played twice", async () => {
    // voices whose oscillators start in phase (free-running detuned pads would beat differently each pass)
    const score = fixtureScore({
      durationSeconds: 8,
      loop: true,
      voices: { drums: ["kit_909"], bass: ["synth_bass"], harmony: ["piano"], melody: ["marimba"] },
    });
    const twice = {
      ...score,
      duration: 16,
      loop: null,
      parts: score.parts.map((p) => ({
        ...p,
        notes: [...p.notes, ...p.notes.map((n) => ({ ...n, start: n.start + 8 }))],
      })),
    };
    const a = await renderStems(score, { sampleRate: SR, stems: false });
    const b = await renderStems(twice, { sampleRate: SR, stems: false });
    // oscillator phases and noise differ per note, so compare 50 ms level envelopes, not samples
    const win = Math.round(0.05 * SR);
    const level = (x: Float32Array, from: number) => {
      let e = 0;
      for (let i = from; i < from + win; i++) e += x[i]! ** 2;
      return 10 * Math.log10(e / win + 1e-12);
    };
    let worst = 0;
    let mean = 0;
    const windows = 30;
    for (let w = 0; w < windows; w++) {
      const d = Math.abs(level(a.mix!.left, w * win) - level(b.mix!.left, 8 * SR + w * win));
      worst = Math.max(worst, d);
      mean += d / windows;
    }
    expect(mean).toBeLessThan(1);
    expect(worst).toBeLessThan(3);
  });

  it("folds the reverb tail into the head (the start is not silent before the first note decays in)", async () => {
    const score = fixtureScore({
      durationSeconds: 8,
      loop: true,
      voices: { drums: [], bass: [], harmony: ["warm_pad"], melody: [] },
    });
    // a pad that only plays in the second half: its tail must reach the head
    score.parts[0]!.notes = [{ pitch: 60, start: 5, duration: 2.9, velocity: 0.8 }];
    const stems = await renderStems(score, { sampleRate: SR });
    let head = 0;
    for (let i = 0; i < SR * 0.2; i++) head += stems.stems.harmony.left[i]! ** 2;
    expect(head).toBeGreaterThan(0);
  });
});
