/**
 * Mastering on rendered fixture scores: loudness on target, true peak under −1 dBTP, no clipped samples,
 * exact length, stems that null against the mix, and the endings.
 */
import { describe, expect, it } from "vitest";
import { integratedLoudness } from "../../../../src/engine/dsp/loudness.js";
import { truePeak } from "../../../../src/engine/dsp/true-peak.js";
import { masterTrack } from "../../../../src/engine/master/index.js";
import { renderStems } from "../../../../src/engine/synthesize/index.js";
import { ROLES, type StereoBuffer } from "../../../../src/engine/types.js";
import { fixtureScore } from "../synthesize/score-fixture.js";

const SR = 44100;

function energy(b: StereoBuffer): number {
  let e = 0;
  for (let i = 0; i < b.left.length; i++) e += b.left[i]! ** 2 + b.right[i]! ** 2;
  return e;
}

function rmsDb(x: Float32Array, from: number, to: number): number {
  let e = 0;
  for (let i = from; i < to; i++) e += x[i]! ** 2;
  return 10 * Math.log10(e / (to - from) + 1e-20);
}

describe("masterTrack", () => {
  for (const [style, lufs] of [
    ["house", -14],
    ["orchestral", -18],
    ["lofi", -10],
  ] as const) {
    it(`${style} at ${lufs} LUFS: loudness ±0.5 LU, ≤ −1 dBTP, no clipping, stems null ≤ −30 dB`, async () => {
      const score = fixtureScore({
        style,
        durationSeconds: 9,
        lufs,
        voices:
          style === "orchestral"
            ? { drums: ["kit_orchestral"], bass: ["low_strings"], harmony: ["strings", "harp"], melody: ["flute"] }
            : style === "lofi"
              ? {
                  drums: ["kit_lofi"],
                  bass: ["finger_bass"],
                  harmony: ["fm_epiano"],
                  melody: ["vibraphone"],
                  fx: ["vinyl"],
                }
              : undefined,
      });
      const stems = await renderStems(score, { sampleRate: SR });
      const m = masterTrack(stems, score, { lufs });
      expect(m.mix.left.length).toBe(Math.round(score.duration * SR));
      expect(Math.abs(integratedLoudness(m.mix) - lufs)).toBeLessThan(0.5);
      expect(Math.abs(m.integratedLufs - lufs)).toBeLessThan(0.5);
      expect(truePeak(m.mix)).toBeLessThanOrEqual(-1);
      expect(m.truePeakDbtp).toBeLessThanOrEqual(-1);
      let clipped = 0;
      for (const ch of [m.mix.left, m.mix.right]) for (const v of ch) if (Math.abs(v) >= 1) clipped++;
      expect(clipped).toBe(0);
      const sum: StereoBuffer = {
        sampleRate: SR,
        left: new Float32Array(m.mix.left.length),
        right: new Float32Array(m.mix.left.length),
      };
      for (const r of ROLES) {
        expect(m.stems[r].left.length).toBe(m.mix.left.length);
        for (let i = 0; i < sum.left.length; i++) {
          sum.left[i]! += m.stems[r].left[i]!;
          sum.right[i]! += m.stems[r].right[i]!;
        }
      }
      for (let i = 0; i < sum.left.length; i++) {
        sum.left[i]! -= m.mix.left[i]!;
        sum.right[i]! -= m.mix.right[i]!;
      }
      const residualDb = 10 * Math.log10(energy(sum) / energy(m.mix));
      expect(residualDb).toBeLessThan(-30);
    });
  }

  it("fade ending: the last second is far quieter than the body and the file ends in silence", async () => {
    const score = fixtureScore({ durationSeconds: 10, ending: "fade" });
    const m = masterTrack(await renderStems(score, { sampleRate: SR }), score, { lufs: -14 });
    const n = m.mix.left.length;
    expect(rmsDb(m.mix.left, n - SR, n)).toBeLessThan(rmsDb(m.mix.left, SR * 2, SR * 6) - 12);
    expect(Math.abs(m.mix.left[n - 1]!)).toBeLessThan(1e-3);
  });

  it("hard ending keeps full level until a short release", async () => {
    const score = fixtureScore({ durationSeconds: 10, ending: "hard" });
    score.parts.forEach((p) => {
      p.notes = p.notes.map((note) => ({ ...note })); // notes run to the end in a hard ending
    });
    const m = masterTrack(await renderStems(score, { sampleRate: SR }), score, { lufs: -14 });
    const n = m.mix.left.length;
    expect(Math.abs(m.mix.left[n - 1]!)).toBeLessThan(1e-3);
    expect(rmsDb(m.mix.left, n - Math.round(0.3 * SR), n - Math.round(0.1 * SR))).toBeGreaterThan(-50);
  });

  it("mix-only renders (stems: false) master to the same loudness with empty stems", async () => {
    const score = fixtureScore({ durationSeconds: 8 });
    const rendered = await renderStems(score, { sampleRate: SR, stems: false });
    expect(rendered.mix?.left.length).toBe(8 * SR);
    expect(rendered.stems.bass.left.length).toBe(0);
    const m = masterTrack(rendered, score, { lufs: -16 });
    expect(Math.abs(m.integratedLufs + 16)).toBeLessThan(0.5);
    expect(m.truePeakDbtp).toBeLessThanOrEqual(-1);
  });

  it("holds −1 dBTP on worst-case stems (hard-clipped square at fs/4 with 45° phase, clipped noise)", () => {
    const n = SR * 6;
    const square = new Float32Array(n);
    const noise = new Float32Array(n);
    let seed = 1;
    for (let i = 0; i < n; i++) {
      // samples at ±0.707 of a full-scale fs/4 sine: every inter-sample peak is 3 dB over the samples
      square[i] = Math.sin((Math.PI / 2) * i + Math.PI / 4) > 0 ? 0.99 : -0.99;
      seed = (seed * 1664525 + 1013904223) >>> 0;
      noise[i] = Math.max(-1, Math.min(1, 3 * (seed / 2 ** 32 - 0.5)));
    }
    const empty = (): StereoBuffer => ({ sampleRate: SR, left: new Float32Array(n), right: new Float32Array(n) });
    const stems = {
      drums: { sampleRate: SR, left: noise, right: Float32Array.from(noise).reverse() },
      bass: empty(),
      harmony: { sampleRate: SR, left: square, right: Float32Array.from(square) },
      melody: empty(),
      fx: empty(),
    };
    const m = masterTrack({ sampleRate: SR, stems, engine: "builtin" }, fixtureScore({ durationSeconds: 6 }), {
      lufs: -8,
    });
    expect(truePeak(m.mix)).toBeLessThanOrEqual(-1);
    expect(m.truePeakDbtp).toBeLessThanOrEqual(-1);
  });

  it("removes a DC offset carried by a stem", () => {
    const n = SR * 4;
    const make = (dc: number): StereoBuffer => {
      const left = new Float32Array(n);
      for (let i = 0; i < n; i++) left[i] = 0.3 * Math.sin((2 * Math.PI * 220 * i) / SR) + dc;
      return { sampleRate: SR, left, right: Float32Array.from(left) };
    };
    const empty = (): StereoBuffer => ({ sampleRate: SR, left: new Float32Array(n), right: new Float32Array(n) });
    const stems = { drums: empty(), bass: make(0.2), harmony: empty(), melody: empty(), fx: empty() };
    const m = masterTrack({ sampleRate: SR, stems, engine: "builtin" }, fixtureScore({ durationSeconds: 4 }), {
      lufs: -14,
    });
    let mean = 0;
    for (let i = 0; i < n; i++) mean += m.mix.left[i]!;
    expect(Math.abs(mean / n)).toBeLessThan(1e-3);
  });
});
