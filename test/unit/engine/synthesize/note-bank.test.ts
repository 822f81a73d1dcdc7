/**
 * Stored notes and the note bank: every distinct note is synthesised once, by exactly one worker's share,
 * and the bank gives back the same samples a window would have synthesised itself.
 */
import { describe, expect, it } from "vitest";
import { BlockArena, wasmKernels } from "../../../../src/engine/dsp/kernels.js";
import { claimOrder, NoteClaims } from "../../../../src/engine/synthesize/render/claims.js";
import {
  bankInArena,
  bankOf,
  distinctNotes,
  groupOf,
  SampledNoteError,
  sampledGroups,
  shareIndices,
  synthesizeShare,
  withoutSampled,
} from "../../../../src/engine/synthesize/render/note-bank.js";
import {
  NoteStore,
  notePeak,
  quantiseGate,
  quantiseVelocity,
  renderNote,
  storeNote,
} from "../../../../src/engine/synthesize/render/rendered-notes.js";
import type { Voice } from "../../../../src/engine/synthesize/voices/voice.js";
import { ROLES } from "../../../../src/engine/types.js";
import { fixtureScore } from "./score-fixture.js";

const SR = 44100;
const scope = { score: fixtureScore({ durationSeconds: 16, style: "house" }), sampleRate: SR, roles: [...ROLES] };

/** A decaying tone that reports silence after `length` samples. */
function tone(length: number): Voice {
  let t = 0;
  return {
    render(out, from, to) {
      for (let i = from; i < to && t < length; i++, t++) out[i]! += Math.sin(t * 0.05) * Math.exp(-t / 2000);
      return t < length;
    },
  };
}

/** A constant `level` for `length` samples, then silence for good. */
function held(length: number, level: number): Voice {
  let t = 0;
  return {
    render(out, from, to) {
      for (let i = from; i < to && t < length; i++, t++) out[i]! += level;
      return t < length;
    },
  };
}

describe("rendering a note", () => {
  it("keeps notes longer than the scratch buffer whole, and the next note its own", () => {
    // 400 000 samples outgrow the first scratch buffer; 1.5 M outgrow the size kept between notes
    for (const [length, level] of [
      [400_000, 0.5],
      [1_500_000, 0.25],
      [10_000, 0.9],
    ] as const) {
      const note = renderNote(held(length, level), 2_000_000, []);
      expect(note.length).toBe(length);
      expect(note[0]).toBeCloseTo(level, 6);
      expect(note[length - 1]).toBeCloseTo(level, 6);
    }
  });
});

describe("stored notes", () => {
  it("quantise gates within 6 ms (and 1.5 % beyond the shortest), and velocities to their steps", () => {
    for (const g of [10, 500, 4000, 9000, 30000, 200000]) {
      const q = quantiseGate(g);
      expect(Math.abs(q - g)).toBeLessThanOrEqual(Math.max(0.015 * g, 32));
      expect(Math.abs(q - g)).toBeLessThanOrEqual(0.006 * SR);
    }
    expect(quantiseVelocity(0.5)).toBe(0.5);
    expect(quantiseVelocity(0.52, 8)).toBe(0.5);
    expect(quantiseVelocity(0)).toBeGreaterThan(0);
  });

  it("renders a voice to silence and trims what stays 60 dB under its peak", () => {
    const samples = renderNote(tone(30000), 1e6, []).slice();
    let peak = 0;
    for (const x of samples) peak = Math.max(peak, Math.abs(x));
    expect(samples.length).toBeLessThan(30000);
    expect(Math.abs(samples.at(-1)!)).toBeGreaterThan(peak * 1e-3);
    // the scratch is reused: the next render does not change a copy already taken
    const again = renderNote(tone(100), 1e6, []);
    expect(again.length).toBeLessThan(200);
    expect(samples[50]).toBeCloseTo(Math.sin(50 * 0.05) * Math.exp(-50 / 2000), 6);
  });

  it("stores a note in 16 bits scaled to its peak: within half a step, ~96 dB under the peak", () => {
    const samples = renderNote(tone(30000), 1e6, []).slice();
    const { samples: stored, scale } = storeNote(samples);
    let peak = 0;
    let err = 0;
    let errEnergy = 0;
    let energy = 0;
    for (let i = 0; i < samples.length; i++) {
      const e = stored[i]! * scale - samples[i]!;
      peak = Math.max(peak, Math.abs(samples[i]!));
      err = Math.max(err, Math.abs(e));
      errEnergy += e * e;
      energy += samples[i]! ** 2;
    }
    expect(Math.max(...stored.map(Math.abs))).toBe(32767);
    expect(err).toBeLessThanOrEqual(scale / 2 + 1e-9);
    expect(10 * Math.log10(errEnergy / energy)).toBeLessThan(-85);
    // silence stores as silence (no division by a zero peak)
    const silent = storeNote(new Float32Array(64));
    expect(silent.samples.every((x) => x === 0)).toBe(true);
    expect(Number.isFinite(silent.scale)).toBe(true);
  });

  it("rounds every sample as floor(x / scale + 0.5), through the kernel where it runs (chunks, tail, ties)", () => {
    const n = 2 * 4096 + 13; // two staged chunks and a tail that is not a group of eight
    const samples = Float32Array.from({ length: n }, (_, i) =>
      i % 17 === 0 ? ((i % 3) - 1) * 0.4 : Math.sin(i * 0.021) * Math.exp(-i / 5000) * 0.9,
    );
    samples[n - 1] = -0.9; // the peak, in the scalar tail
    const wasm = wasmKernels();
    wasm?.staging.pcm16.fill(12345);
    const { samples: stored, scale } = storeNote(samples);
    if (wasm) expect(wasm.staging.pcm16[0]).not.toBe(12345);
    const k = 1 / scale;
    let wrong = 0;
    for (let i = 0; i < n; i++) if (stored[i] !== Math.floor(samples[i]! * k + 0.5)) wrong++;
    expect(wrong).toBe(0);
    expect(stored[n - 1]).toBe(-32767);
  });

  it("finds a note's peak as a scan of |x| does, in every chunk and tail (a NaN passed over)", () => {
    const wasm = wasmKernels();
    for (const n of [0, 5, 4096 + 3, 3 * 4096 + 7]) {
      const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * (1 + (i % 5)) * 0.1);
      if (n > 4) x[n - 2] = -0.95; // the peak, negative, in the last tail
      if (n > 100) x[100] = Number.NaN;
      wasm?.staging.samples.fill(7);
      let expected = 0;
      for (const v of x) if (Math.abs(v) > expected) expected = Math.abs(v);
      expect(notePeak(x)).toBe(expected);
      if (wasm && n > 0) expect(wasm.staging.samples[0]).toBe(x[Math.floor((n - 1) / 4096) * 4096]);
    }
  });

  it("keeps a note only while another use is still to come", () => {
    const store = new NoteStore();
    let renders = 0;
    const make = () => {
      renders++;
      return renderNote(tone(1000), 1e6, []);
    };
    for (let i = 0; i < 3; i++) store.expect("a");
    store.expect("b");
    const first = store.take("a", make);
    expect(store.take("a", make)).toBe(first);
    store.take("b", make);
    store.take("a", make);
    expect(renders).toBe(2);
    // a fourth, unannounced use renders again (it was dropped after its last announced use)
    store.take("a", make);
    expect(renders).toBe(3);
    expect(store.played).toBe(5);
  });

  it("a use passed over as silent (a window seeking past it) does not silence the key's later uses", () => {
    const store = new NoteStore();
    store.expect("a");
    store.expect("a");
    expect(store.take("a", () => new Float32Array(0)).samples.length).toBe(0);
    expect(store.take("a", () => renderNote(tone(1000), 1e6, [])).samples.length).toBeGreaterThan(500);
  });

  it("a zero byte budget keeps nothing, so every use renders", () => {
    const store = new NoteStore(0);
    let renders = 0;
    store.expect("a");
    store.expect("a");
    const make = () => {
      renders++;
      return renderNote(tone(1000), 1e6, []);
    };
    store.take("a", make);
    store.take("a", make);
    expect(renders).toBe(2);
  });
});

describe("note bank", () => {
  const notes = distinctNotes(scope);

  it("names each distinct note once, and fewer than the notes played", () => {
    expect(new Set(notes.map((n) => n.key)).size).toBe(notes.length);
    const played = scope.score.parts.reduce((s, p) => s + p.notes.length, 0);
    expect(notes.length).toBeLessThan(played / 2);
  });

  it("shares every note to exactly one worker, with loads within the largest note of each other", () => {
    const a = shareIndices(notes, 0, 2);
    const b = shareIndices(notes, 1, 2);
    expect([...a, ...b].sort((x, y) => x - y)).toEqual(notes.map((_, i) => i));
    const load = (ix: number[]) => ix.reduce((s, i) => s + notes[i]!.cost, 0);
    const largest = Math.max(...notes.map((n) => n.cost));
    expect(Math.abs(load(a) - load(b))).toBeLessThanOrEqual(largest);
  });

  it("two shares hold the same samples as one worker synthesising everything", () => {
    const whole = bankOf([synthesizeShare(scope, 0, 1)!]);
    const split = bankOf([synthesizeShare(scope, 0, 2)!, synthesizeShare(scope, 1, 2)!]);
    expect(split.size).toBe(whole.size);
    for (const [key, note] of whole) {
      const other = split.get(key);
      expect(other, key).toBeDefined();
      expect(other!.scale).toBe(note.scale);
      expect(other!.samples.length).toBe(note.samples.length);
      expect(other!.samples.every((x, i) => x === note.samples[i])).toBe(true);
    }
  });

  it("orders the notes for two ends: each end one short note of each voice, then costliest first, the engines split at about half the cost", () => {
    const order = claimOrder(notes);
    expect(order.map((n) => n.key).sort()).toEqual(notes.map((n) => n.key).sort());
    const voice = (n: (typeof order)[number]) => (n.engine === "drum" ? `${n.partId}|${n.pitch}` : n.partId);
    // from one end: a note of each of its voices (the cheapest, cheapest first), then the rest costliest first
    const leadThenCostliest = (list: typeof order) => {
      const voices = new Set(list.map(voice));
      const lead = list.slice(0, voices.size);
      const rest = list.slice(voices.size);
      const cheapest = (v: string) => Math.min(...list.filter((n) => voice(n) === v).map((n) => n.cost));
      return (
        new Set(lead.map(voice)).size === voices.size &&
        lead.every((n, i) => n.cost === cheapest(voice(n)) && (i === 0 || n.cost >= lead[i - 1]!.cost)) &&
        rest.every((n, i) => i === 0 || n.cost <= rest[i - 1]!.cost)
      );
    };
    // somewhere the order splits into a front and a back whose engines do not mix, each so ordered from its end
    const engines = (list: typeof order) => new Set(list.map((n) => n.engine));
    const splits = [...Array(order.length).keys()].slice(1).filter((k) => {
      const front = order.slice(0, k);
      const back = order.slice(k).reverse();
      const shared = [...engines(front)].filter((e) => engines(back).has(e));
      return shared.length === 0 && leadThenCostliest(front) && leadThenCostliest(back);
    });
    const cost = (list: typeof order) => list.reduce((sum, n) => sum + n.cost, 0);
    // and near half the cost on each side (whole engines move, so not exactly)
    const fractions = splits.map((k) => cost(order.slice(0, k)) / cost(order));
    expect(fractions.some((f) => f > 0.2 && f < 0.8)).toBe(true);
    // more shares than two: so ordered from one end
    expect(leadThenCostliest(claimOrder(notes, 3))).toBe(true);
    // the lead is short: every voice has a longer note in this piece, which comes after it
    expect(new Set(notes.map(voice)).size).toBeLessThan(notes.length);
  });

  it("two shares drawing from the two ends take every note exactly once, a prefix and a suffix", () => {
    const counter = new Int32Array(new SharedArrayBuffer(8));
    const count = 37;
    const ends = [new NoteClaims(counter, 0, 2, count), new NoteClaims(counter, 1, 2, count)];
    const taken: number[][] = [[], []];
    // an uneven interleaving, as two workers at different speeds would draw
    for (let step = 0; ; step++) {
      const share = step % 3 === 0 ? 1 : 0;
      const i = ends[share]!.next();
      if (i < 0) {
        expect(ends[1 - share]!.next()).toBe(-1);
        break;
      }
      taken[share]!.push(i);
    }
    expect([...taken[0]!, ...taken[1]!].sort((a, b) => a - b)).toEqual([...Array(count).keys()]);
    expect(taken[0]).toEqual([...Array(taken[0]!.length).keys()]);
    expect(taken[1]).toEqual([...Array(taken[1]!.length).keys()].map((k) => count - 1 - k));
  });

  it("a share drawing from its end takes what the other left, and the bank holds what one worker's would", () => {
    const order = claimOrder(notes);
    // the front share has claimed the first three: the back share takes the rest, from the back
    const claims = new Int32Array(new SharedArrayBuffer(8));
    // the front's count is the word's low half (as a 64-bit value, whatever the byte order)
    new BigInt64Array(claims.buffer)[0] = 3n;
    const rest = synthesizeShare(scope, 1, 2, () => false, undefined, false, claims)!;
    expect(rest.keys).toEqual(
      order
        .slice(3)
        .reverse()
        .map((n) => n.key),
    );
    expect(synthesizeShare(scope, 0, 2, () => false, undefined, false, claims)!.keys).toEqual([]);
    const fresh = new Int32Array(new SharedArrayBuffer(8));
    const drawn = bankOf([synthesizeShare(scope, 1, 2, () => false, undefined, false, fresh)!]);
    const whole = bankOf([synthesizeShare(scope, 0, 1)!]);
    expect(drawn.size).toBe(whole.size);
    for (const [key, note] of whole) {
      expect(
        drawn.get(key)!.samples.every((x, i) => x === note.samples[i]),
        key,
      ).toBe(true);
    }
  });

  it("shares the SoundFont's notes by whole (part, key) groups, each group to one share, loads within the largest group", () => {
    const sampledScope = {
      ...scope,
      soundfontParts: scope.score.parts.filter((p) => p.role !== "fx").map((p) => p.id),
    };
    const all = distinctNotes(sampledScope);
    const sampled = all.filter((n) => n.sampled);
    expect(sampled.length).toBeGreaterThan(10);
    const a = sampledGroups(all, 0, 2);
    const b = sampledGroups(all, 1, 2);
    const groups = new Set(sampled.map((n) => groupOf(n.partId, n.pitch)));
    expect([...a].filter((g) => b.has(g))).toEqual([]);
    expect(new Set([...a, ...b])).toEqual(groups);
    const load = (mine: Set<string>) =>
      sampled.filter((n) => mine.has(groupOf(n.partId, n.pitch))).reduce((s, n) => s + n.cost, 0);
    const largest = Math.max(
      ...[...groups].map((g) =>
        sampled.filter((n) => groupOf(n.partId, n.pitch) === g).reduce((s, n) => s + n.cost, 0),
      ),
    );
    expect(Math.abs(load(a) - load(b))).toBeLessThanOrEqual(largest);
  });

  it("with sampled voices, a share holds its groups of sampled notes too, or only those when asked", () => {
    const pitched = scope.score.parts.filter((p) => p.role === "harmony" || p.role === "melody");
    const sampledScope = { ...scope, soundfontParts: pitched.map((p) => p.id) };
    const voices = { voice: () => tone(400) };
    const all = distinctNotes(sampledScope);
    const mine = sampledGroups(all, 0, 2);
    const withBoth = synthesizeShare(sampledScope, 0, 2, () => false, voices)!;
    const onlySampled = synthesizeShare(sampledScope, 0, 2, () => false, voices, true)!;
    const sampledKeys = all.filter((n) => n.sampled && mine.has(groupOf(n.partId, n.pitch))).map((n) => n.key);
    expect(onlySampled.keys).toEqual(sampledKeys);
    expect(withBoth.keys.filter((k) => k.startsWith("sf:"))).toEqual(sampledKeys);
    expect(withBoth.keys.length).toBeGreaterThan(sampledKeys.length);
    // without voices the sampled notes are left out (a worker that could not load the SoundFont)
    expect(synthesizeShare(sampledScope, 0, 2)!.keys.some((k) => k.startsWith("sf:"))).toBe(false);
  });

  it("a SoundFont note that fails is reported as such, before any built-in note is claimed", () => {
    const pitched = scope.score.parts.filter((p) => p.role === "harmony" || p.role === "melody");
    const sampledScope = { ...scope, soundfontParts: pitched.map((p) => p.id) };
    const broken = {
      voice: () => {
        throw new Error("samples unreadable");
      },
    };
    const claims = new Int32Array(new SharedArrayBuffer(4));
    expect(() => synthesizeShare(sampledScope, 0, 1, () => false, broken, false, claims)).toThrow(SampledNoteError);
    // nothing was drawn: a redo built-in takes every built-in note
    expect(claims[0]).toBe(0);
    const redo = synthesizeShare(sampledScope, 0, 1, () => false, undefined, false, claims)!;
    expect(redo.keys.length).toBe(distinctNotes(sampledScope).filter((n) => !n.sampled).length);
  });

  it("a share without its SoundFont notes keeps every built-in note and its samples", () => {
    const share = synthesizeShare(scope, 0, 1)!;
    const tagged = { ...share, keys: share.keys.map((k, i) => (i % 2 ? `sf:${k}` : k)) };
    const kept = withoutSampled(tagged);
    expect(kept.keys).toEqual(share.keys.filter((_, i) => i % 2 === 0));
    expect(kept.offsets).toEqual(share.offsets.filter((_, i) => i % 2 === 0));
    expect(kept.scales).toEqual(share.scales.filter((_, i) => i % 2 === 0));
    expect(kept.chunks).toBe(share.chunks);
  });

  it("stops when asked", () => {
    expect(synthesizeShare(scope, 0, 1, () => true)).toBeUndefined();
  });
});

describe("the bank in a thread's arena", () => {
  it("copies each shared chunk once and gives every note the same samples from the copy; a bank too large stays put", () => {
    const scope = { score: fixtureScore(), sampleRate: 44100, roles: ROLES };
    const shares = [synthesizeShare(scope, 0, 2)!, synthesizeShare(scope, 1, 2)!];
    const bank = bankOf(shares);
    // what the copy takes: each chunk up to its last note
    const ends = new Map<SharedArrayBuffer, number>();
    for (const s of shares) {
      s.keys.forEach((_, i) => {
        const chunk = s.chunks[s.chunkOf[i]!]!;
        ends.set(chunk, Math.max(ends.get(chunk) ?? 0, 2 * (s.offsets[i]! + s.lengths[i]!)));
      });
    }
    const bytes = [...ends.values()].reduce((a, b) => a + b, 0);
    const arena = new BlockArena(new ArrayBuffer(bytes + 4096));
    const copied = bankInArena(bank, arena, bytes)!;
    expect(copied.size).toBe(bank.size);
    for (const [key, note] of bank) {
      const copy = copied.get(key)!;
      expect(copy.samples.buffer).toBe(arena.memory);
      expect(copy.scale).toBe(note.scale);
      expect(copy.samples).toEqual(note.samples);
    }
    // one copy per chunk, up to its last note
    expect(arena.mark()).toBeLessThanOrEqual(1024 + bytes + 16 * ends.size);
    expect(bankInArena(bank, new BlockArena(new ArrayBuffer(bytes + 4096)), bytes - 2)).toBeUndefined();
    // an arena without room: the bank stays where it is
    expect(bankInArena(bank, new BlockArena(new ArrayBuffer(2048)), bytes)).toBeUndefined();
  });
});
