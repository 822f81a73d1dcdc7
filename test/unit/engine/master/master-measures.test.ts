/**
 * What masterTrack reports is what a full measure of its output reads: the loudness it derives from the
 * analysis pass and the true peak it measures on only the steps that could hold it — on rendered stems, on a
 * mix-only render, with a DC offset, and on worst-case bright material.
 */
import { describe, expect, it } from "vitest";
import { integratedLoudness } from "../../../../src/engine/dsp/loudness.js";
import { truePeak } from "../../../../src/engine/dsp/true-peak.js";
import { masterTrack } from "../../../../src/engine/master/index.js";
import { renderStems } from "../../../../src/engine/synthesize/index.js";
import { ROLES, type StereoBuffer } from "../../../../src/engine/types.js";
import { fixtureScore } from "../synthesize/score-fixture.js";

const SR = 44100;

function expectHonest(m: ReturnType<typeof masterTrack>): void {
  expect(Math.abs(m.integratedLufs - integratedLoudness(m.mix))).toBeLessThan(0.01);
  expect(Math.abs(m.truePeakDbtp - truePeak(m.mix))).toBeLessThan(0.001);
}

describe("masterTrack measures", () => {
  it("house with stems: reported loudness and true peak equal a full re-measure", async () => {
    const score = fixtureScore({ style: "house", durationSeconds: 10, lufs: -12 });
    const m = masterTrack(await renderStems(score, { sampleRate: SR }), score, { lufs: -12 });
    expectHonest(m);
    expect(Math.abs(m.integratedLufs + 12)).toBeLessThan(0.5);
  });

  it("a render leaving roles out: their stems stay zeros, and the stems it measured sum to the mastered mix", async () => {
    const score = fixtureScore({
      style: "ambient",
      durationSeconds: 12,
      voices: { drums: [], bass: [], harmony: ["warm_pad"], melody: ["bells"], fx: [] },
    });
    const rendered = await renderStems(score, { sampleRate: SR });
    expect(rendered.analysis?.stemRoles).toEqual(["harmony", "melody"]);
    const m = masterTrack(rendered, score, { lufs: -16 });
    expectHonest(m);
    for (const role of ["drums", "bass", "fx"] as const) {
      expect(m.stems[role].left.every((v) => v === 0) && m.stems[role].right.every((v) => v === 0), role).toBe(true);
    }
    let residual = 0;
    let energy = 0;
    for (let i = 0; i < m.mix.left.length; i++) {
      const d = m.mix.left[i]! - m.stems.harmony.left[i]! - m.stems.melody.left[i]!;
      residual += d * d;
      energy += m.mix.left[i]! ** 2;
    }
    expect(energy).toBeGreaterThan(0);
    // mastered alike (the same gains), the two stems still null against the mix
    expect(10 * Math.log10(residual / energy)).toBeLessThan(-30);
  });

  it("quiet orchestral mix-only render (true peak well under the ceiling) still reports the exact peak", async () => {
    const score = fixtureScore({
      style: "orchestral",
      durationSeconds: 10,
      lufs: -23,
      voices: { drums: ["kit_orchestral"], bass: ["low_strings"], harmony: ["strings"], melody: ["flute"] },
    });
    const m = masterTrack(await renderStems(score, { sampleRate: SR, stems: false }), score, { lufs: -23 });
    expectHonest(m);
    expect(m.truePeakDbtp).toBeLessThan(-3);
  });

  it("bright noise and a DC-carrying stem: exact measures, DC gone, stems still sum to the mix", () => {
    const n = SR * 5;
    let seed = 9;
    const noise = new Float32Array(n);
    const tone = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      noise[i] = (i % 2 ? 0.5 : -0.5) * (seed / 2 ** 32); // energy near Nyquist: large inter-sample peaks
      tone[i] = 0.4 * Math.sin((2 * Math.PI * 55 * i) / SR) + 0.05;
    }
    const empty = (): StereoBuffer => ({ sampleRate: SR, left: new Float32Array(n), right: new Float32Array(n) });
    const stems = {
      drums: { sampleRate: SR, left: noise, right: Float32Array.from(noise).reverse() },
      bass: { sampleRate: SR, left: tone, right: Float32Array.from(tone) },
      harmony: empty(),
      melody: empty(),
      fx: empty(),
    };
    const m = masterTrack({ sampleRate: SR, stems, engine: "builtin" }, fixtureScore({ durationSeconds: 5 }), {
      lufs: -10,
    });
    expectHonest(m);
    expect(m.truePeakDbtp).toBeLessThanOrEqual(-1);
    let mean = 0;
    let residual = 0;
    let energy = 0;
    for (let i = 0; i < n; i++) {
      mean += m.mix.left[i]!;
      let sum = 0;
      for (const r of ROLES) sum += m.stems[r].left[i]!;
      residual += (sum - m.mix.left[i]!) ** 2;
      energy += m.mix.left[i]! ** 2;
    }
    expect(Math.abs(mean / n)).toBeLessThan(1e-3);
    expect(10 * Math.log10(residual / energy)).toBeLessThan(-60);
  });
});
