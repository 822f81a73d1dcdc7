/**
 * The SoundFont path: acoustic parts through spessasynth_core when a GM bank loads, built-in synthesis for
 * synths and effects, and a clean fallback to built-in when the bank is missing.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { closeRenderWorkers, idleRenderWorkers, renderStems } from "../../../../src/engine/synthesize/index.js";
import {
  bankOf,
  energiesOf,
  soundfontShare,
  synthesizeShare,
} from "../../../../src/engine/synthesize/render/note-bank.js";
import { scopeOf } from "../../../../src/engine/synthesize/render/protocol.js";
import { sampledShareInProcess } from "../../../../src/engine/synthesize/render/sampler-process.js";
import { renderWindow } from "../../../../src/engine/synthesize/render/window.js";
import { narrowSelection, soundfontParts, usesSoundfont } from "../../../../src/engine/synthesize/soundfont/render.js";
import { ROLES } from "../../../../src/engine/types.js";
import { fixtureScore } from "./score-fixture.js";

const GM = "/usr/share/sounds/sf2/FluidR3_GM.sf2";
const SR = 44100;

function energy(x: Float32Array): number {
  let e = 0;
  for (const v of x) e += v * v;
  return e;
}

describe("SoundFont rendering", () => {
  const score = fixtureScore({
    durationSeconds: 4,
    style: "orchestral",
    voices: { drums: ["kit_acoustic"], bass: ["synth_bass"], harmony: ["strings"], melody: ["flute"], fx: ["riser"] },
  });

  it("a thread's narrowed selection holds its keys and each part's reference key, nothing else", () => {
    const parts = score.parts.filter(usesSoundfont);
    const whole = { file: GM, parts, presets: [] };
    const strings = parts.find((p) => p.voice === "strings")!;
    const narrowed = narrowSelection(whole, (part, pitch) => part === strings && pitch < 60);
    const request = narrowed.presets.find((r) => !r.kit && r.program === strings.program)!;
    const played = new Set(strings.notes.map((n) => n.pitch));
    const below = [...played].filter((k) => k < 60);
    expect(below.length).toBeGreaterThan(0);
    for (const k of below) expect(request.keys).toContain(k);
    // at most one key from the upper half: the part's reference (its median pitch), kept for the level match
    expect(request.keys!.filter((k) => k >= 60).length).toBeLessThanOrEqual(1);
    const none = narrowSelection(whole, () => false);
    for (const r of none.presets) expect(r.keys!.length).toBe(1);
  });

  it("takes acoustic parts and leaves synths, effects and electronic kits built-in", () => {
    const by = Object.fromEntries(score.parts.map((p) => [p.voice, usesSoundfont(p)]));
    expect(by).toMatchObject({ kit_acoustic: true, synth_bass: false, strings: true, flute: true, riser: false });
  });

  it("falls back to built-in synthesis when the bank cannot be loaded", async () => {
    const r = await renderStems(score, { sampleRate: SR, soundfont: "/nonexistent/bank.sf2" });
    expect(r.engine).toBe("builtin");
    expect(r.soundfont).toBeUndefined();
    expect(energy(r.stems.harmony.left)).toBeGreaterThan(0);
  });

  it.skipIf(!existsSync(GM))(
    "renders through the GM bank and says so (skipped without FluidR3_GM)",
    { timeout: 180_000 },
    async () => {
      const r = await renderStems(score, { sampleRate: SR, soundfont: GM });
      expect(r.engine).toBe("soundfont");
      expect(r.soundfont).toBe(GM);
      for (const role of ["drums", "bass", "harmony", "melody", "fx"] as const) {
        expect(energy(r.stems[role].left), role).toBeGreaterThan(0);
        for (const v of r.stems[role].left) expect(Number.isFinite(v)).toBe(true);
      }
      const builtin = await renderStems(score, { sampleRate: SR });
      // the sampled strings are a different sound from the built-in ones
      let diff = 0;
      for (let i = 0; i < SR * 3; i++) diff += (r.stems.harmony.left[i]! - builtin.stems.harmony.left[i]!) ** 2;
      expect(diff).toBeGreaterThan(0.01 * energy(builtin.stems.harmony.left));
      // switching engines keeps the arrangement's balance: sampled stems sit near the built-in ones
      for (const role of ["harmony", "melody"] as const) {
        const db = 10 * Math.log10(energy(r.stems[role].left) / energy(builtin.stems[role].left));
        expect(Math.abs(db), role).toBeLessThan(8);
      }
    },
  );

  it.skipIf(!existsSync(GM))(
    "the sampler process gives back the notes this thread synthesises, and stops when the render is stopped",
    { timeout: 180_000 },
    async () => {
      const selection = (await soundfontParts(score, GM))!;
      const request = {
        score,
        sampleRate: SR,
        roles: ROLES.filter((r) => score.parts.some((p) => p.role === r)),
        skipParts: [],
        soundfontParts: selection.parts.map((p) => p.id),
        selection,
      };
      const here = (await soundfontShare(request, scopeOf(request), () => false))!;
      const outcome = await sampledShareInProcess(request, new SharedArrayBuffer(4));
      expect(outcome.started).toBe(true);
      const there = outcome.share!;
      expect(there).toBeDefined();
      expect(there.keys).toEqual(here.keys);
      expect(there.scales).toEqual(here.scales);
      expect(there.energies).toEqual(here.energies);
      const a = bankOf([here]);
      for (const [key, note] of bankOf([there])) {
        expect(note.samples.length, key).toBe(a.get(key)!.samples.length);
        expect(
          note.samples.every((x, i) => x === a.get(key)!.samples[i]),
          key,
        ).toBe(true);
      }
      const stopped = new SharedArrayBuffer(4);
      new Int32Array(stopped)[0] = 1;
      expect((await sampledShareInProcess(request, stopped)).share).toBeUndefined();
      // a runtime that cannot start a process says so (the caller then synthesises the notes itself) ...
      const noRuntime = await sampledShareInProcess(request, new SharedArrayBuffer(4), {
        execPath: "/nonexistent/node",
      });
      expect(noRuntime).toEqual({ started: false });
      // ... as does a desktop app's own (Electron) process, whose executable would start another app
      const saved = process.env.ELECTRON_RUN_AS_NODE;
      delete process.env.ELECTRON_RUN_AS_NODE;
      Object.defineProperty(process.versions, "electron", { value: "30.0.0", configurable: true });
      try {
        expect(await sampledShareInProcess(request, new SharedArrayBuffer(4))).toEqual({ started: false });
      } finally {
        delete (process.versions as Record<string, string | undefined>).electron;
        if (saved !== undefined) process.env.ELECTRON_RUN_AS_NODE = saved;
      }
      // ... and a child that dies without a reply gives nothing, without hanging
      const dies = await sampledShareInProcess(request, new SharedArrayBuffer(4), {
        entry: new URL("file:///nonexistent/sampler-child.js"),
      });
      expect(dies).toEqual({ started: true });
    },
  );

  it.skipIf(!existsSync(GM))(
    "two workers, each loading only its keys' samples, render what one thread renders from the whole selection",
    { timeout: 180_000 },
    async () => {
      const long = fixtureScore({
        durationSeconds: 14,
        style: "orchestral",
        voices: { drums: ["kit_acoustic"], bass: ["synth_bass"], harmony: ["strings"], melody: ["flute"] },
      });
      const n = Math.round(long.duration * SR);
      const split = await renderStems(long, { sampleRate: SR, stems: false, soundfont: GM });
      // both workers ran (they wait warm for the next render)
      expect(idleRenderWorkers()).toBe(Math.min(2, availableParallelism()));
      closeRenderWorkers();
      expect(split.engine).toBe("soundfont");
      const selection = (await soundfontParts(long, GM))!;
      const scope = {
        score: long,
        sampleRate: SR,
        roles: ROLES.filter((r) => long.parts.some((p) => p.role === r)),
        skipParts: [],
        soundfontParts: selection.parts.map((p) => p.id),
      };
      const shares = [
        synthesizeShare(scope, 0, 1)!,
        (await soundfontShare({ selection, sampleRate: SR }, scope, () => false))!,
      ];
      const whole = { left: new Float32Array(n), right: new Float32Array(n) };
      renderWindow(
        { ...scope, start: 0, end: n, bank: bankOf(shares), energies: energiesOf(shares) },
        { outputs: {}, mix: whole },
      );
      let d = 0;
      let e = 0;
      for (let i = 0; i < n; i++) {
        d += (split.mix!.left[i]! - whole.left[i]!) ** 2;
        e += whole.left[i]! ** 2;
      }
      expect(e).toBeGreaterThan(0);
      expect(10 * Math.log10(d / e + 1e-30)).toBeLessThan(-60);
    },
  );
});
