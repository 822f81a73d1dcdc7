import { describe, expect, it } from "vitest";
import { chromaProfile } from "../../../../src/engine/analyze/audio/chroma.js";
import { energyCurve } from "../../../../src/engine/analyze/audio/energy.js";
import { analyzePcm } from "../../../../src/engine/analyze/audio/index.js";
import { estimateKey } from "../../../../src/engine/analyze/audio/key.js";
import { integratedLoudness } from "../../../../src/engine/analyze/audio/loudness.js";
import { chordProgression, clickTrack, lcg } from "../../../support/media.js";

const RATE = 44100;
const PC = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "G#", "A", "Bb", "B"];
const ENHARMONIC: Record<string, string> = { Db: "C#", "C#": "C#", "G#": "G#", Ab: "G#", Gb: "F#", "D#": "Eb" };
const pc = (name: string) => PC.indexOf(ENHARMONIC[name] ?? name);

/** Same key, or its relative (C major ~ A minor). */
function sameOrRelative(found: { tonic: string; mode: string }, tonic: string, mode: "major" | "minor"): boolean {
  if (found.mode === mode) return pc(found.tonic) === pc(tonic);
  const relative = mode === "major" ? (pc(tonic) + 9) % 12 : (pc(tonic) + 3) % 12;
  return pc(found.tonic) === relative;
}

function withinTempo(found: number, truth: number): boolean {
  return [truth, truth * 2, truth / 2].some((t) => Math.abs(found - t) / t <= 0.04);
}

function sine(freq: number, amplitude: number, seconds: number, rate = 48000): Float32Array {
  return Float32Array.from(
    { length: Math.round(seconds * rate) },
    (_, i) => amplitude * Math.sin((2 * Math.PI * freq * i) / rate),
  );
}

describe("tempo", () => {
  it.each([72, 95, 120, 128, 140, 174])("finds %i BPM in a click track within 4 % (or double/half)", (bpm) => {
    const found = analyzePcm({ sampleRate: RATE, channels: [clickTrack(bpm, 20, RATE)] });
    expect(found.analysis.bpm).toBeDefined();
    expect(withinTempo(found.analysis.bpm!, bpm)).toBe(true);
    expect(found.analysis.bpm!).toBeGreaterThanOrEqual(70);
    expect(found.analysis.bpm!).toBeLessThanOrEqual(180);
  });

  it("prefers the reading inside 70–180 and names the other as an alternative", () => {
    const found = analyzePcm({ sampleRate: RATE, channels: [clickTrack(60, 20, RATE)] });
    expect(Math.abs(found.analysis.bpm! - 120) / 120).toBeLessThan(0.04);
    expect(found.details.bpmAlternatives?.some((b) => Math.abs(b - 60) < 2.5)).toBe(true);
  });

  it("reports no tempo for noise or a steady tone, which have no beat", () => {
    const rand = lcg(3);
    const noise = Float32Array.from({ length: RATE * 10 }, () => 0.3 * (rand() * 2 - 1));
    const fromNoise = analyzePcm({ sampleRate: RATE, channels: [noise] });
    expect(fromNoise.analysis.bpm).toBeUndefined();
    const tone = analyzePcm({ sampleRate: 48000, channels: [sine(220, 0.3, 10)] });
    expect(tone.analysis.bpm).toBeUndefined();
    expect(tone.analysis.loudnessLufs).toBeDefined();
  });
});

describe("key", () => {
  it.each([
    ["C", "major"],
    ["A", "minor"],
    ["Eb", "major"],
    ["F#", "minor"],
    ["G", "major"],
    ["D", "minor"],
    ["Bb", "major"],
    ["G#", "minor"],
  ] as const)("finds %s %s (exact or relative) in a chord progression", (tonic, mode) => {
    const found = analyzePcm({ sampleRate: RATE, channels: [chordProgression(tonic, mode, 12, RATE)] });
    expect(found.analysis.key).toBeDefined();
    expect(sameOrRelative(found.analysis.key!, tonic, mode)).toBe(true);
  });

  it("gets the tonic exactly for a plain cadence", () => {
    const key = estimateKey(chromaProfile(chordProgression("E", "major", 12, RATE), RATE));
    expect(key?.key).toEqual({ tonic: "E", mode: "major" });
  });

  it("reports nothing for silence", () => {
    expect(estimateKey(chromaProfile(new Float32Array(RATE * 2), RATE))).toBeUndefined();
  });
});

describe("integrated loudness (ITU-R BS.1770-4)", () => {
  it("reads a 1 kHz sine at −20 dBFS in both channels as about −20 LUFS, and in one channel 3 dB lower", () => {
    const tone = sine(1000, 0.1, 5);
    const stereo = integratedLoudness({ sampleRate: 48000, channels: [tone, tone] });
    const mono = integratedLoudness({ sampleRate: 48000, channels: [tone] });
    expect(stereo).toBeDefined();
    expect(Math.abs(stereo! - -20)).toBeLessThan(0.3);
    expect(Math.abs(mono! - (stereo! - 3.01))).toBeLessThan(0.15);
  });

  it("gives the same answer at 44.1 kHz and 22.05 kHz for a low tone (coefficients follow the rate)", () => {
    const at44 = integratedLoudness({ sampleRate: 44100, channels: [sine(440, 0.2, 4, 44100)] });
    const at22 = integratedLoudness({ sampleRate: 22050, channels: [sine(440, 0.2, 4, 22050)] });
    expect(Math.abs(at44! - at22!)).toBeLessThan(0.1);
  });

  it("gates silence out: a tone with long silences measures like the tone alone", () => {
    const tone = sine(1000, 0.1, 3);
    const gapped = new Float32Array(tone.length * 3);
    gapped.set(tone, tone.length);
    const alone = integratedLoudness({ sampleRate: 48000, channels: [tone] })!;
    const withGaps = integratedLoudness({ sampleRate: 48000, channels: [gapped] })!;
    expect(Math.abs(alone - withGaps)).toBeLessThan(0.5);
    expect(integratedLoudness({ sampleRate: 48000, channels: [new Float32Array(48000)] })).toBeUndefined();
  });
});

describe("energy curve", () => {
  it("follows a crescendo and peaks at 1", () => {
    const n = RATE * 8;
    const swell = Float32Array.from({ length: n }, (_, i) => (i / n) * Math.sin((2 * Math.PI * 220 * i) / RATE));
    const curve = energyCurve(swell);
    expect(curve).toHaveLength(16);
    expect(Math.max(...curve)).toBe(1);
    for (let i = 1; i < curve.length; i++) expect(curve[i]!).toBeGreaterThan(curve[i - 1]!);
    expect(curve[0]!).toBeLessThan(0.1);
  });
});
