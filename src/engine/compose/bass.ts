/**
 * Bass lines per style: roots on strong beats, fifths, octaves and walking/approach tones between chords.
 * Each pattern is a list of [onset, length, interval-from-root] per bar; "approach" leads into the next chord.
 */
import type { Rng } from "../dsp/random.js";
import { mod12, snapToScale } from "../theory/scales.js";
import type { MidiNote } from "../types.js";
import { chordAt, type Harmony } from "./harmony.js";
import type { BeatNote, Grid } from "./model.js";
import type { BassPattern } from "./styles.js";

/** Interval tokens: a number of semitones above the root, "5" the chord's fifth, "approach" a step into the next root. */
type Degree = number | "fifth" | "third" | "approach";
type Step = readonly [onset: number, length: number, degree: Degree];

/** Patterns for a 4/4 bar (scaled for other bar lengths by the caller when needed). */
const PATTERNS: Record<BassPattern, readonly Step[]> = {
  whole: [[0, 4, 0]],
  half: [
    [0, 2, 0],
    [2, 2, "fifth"],
  ],
  root_fifth: [
    [0, 1, 0],
    [1, 1, "fifth"],
    [2, 1, 0],
    [3, 1, "fifth"],
  ],
  eighths: [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5].map((o) => [o, 0.45, o === 3.5 ? "approach" : 0] as const),
  offbeat: [0.5, 1.5, 2.5, 3.5].map((o) => [o, 0.4, 0] as const),
  walking: [
    [0, 1, 0],
    [1, 1, "third"],
    [2, 1, "fifth"],
    [3, 1, "approach"],
  ],
  octaves: [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5].map((o, i) => [o, 0.4, i % 2 === 0 ? 0 : 12] as const),
  reggae: [
    [0.5, 0.5, 0],
    [1, 1, 0],
    [2, 0.75, "fifth"],
    [3, 0.5, "third"],
    [3.5, 0.5, 0],
  ],
  slide808: [
    [0, 1.75, 0],
    [1.75, 0.75, 0],
    [2.5, 1.5, 0],
  ],
  sub: [
    [0, 1.5, 0],
    [1.5, 1, 0],
    [2.5, 1.5, 0],
  ],
  bossa: [
    [0, 1.5, 0],
    [1.5, 0.5, "fifth"],
    [2, 1.5, "fifth"],
    [3.5, 0.5, 0],
  ],
  tumbao: [
    [0, 1.5, 0],
    [1.5, 1.5, "fifth"],
    [3, 1, 0],
  ],
  boogie: [0, 4, 7, 9, 10, 9, 7, 4].map((d, i) => [i * 0.5, 0.45, d] as const),
  waltz: [[0, 1, 0]],
  jig: [
    [0, 1, 0],
    [1.5, 1, "fifth"],
  ],
  pulse: [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5].map((o) => [o, 0.35, 0] as const),
};

/** Quiet sections play only the downbeats of busy patterns. */
function thinned(pattern: readonly Step[], bar: number): readonly Step[] {
  const kept = pattern.filter(([onset]) => onset === 0 || onset === bar / 2);
  return kept.length > 0 ? kept.map(([o, , d]) => [o, bar / kept.length, d] as const) : pattern;
}

/** Patterns written for a 3-beat bar (the rest are written for four). */
const THREE_BEAT: ReadonlySet<BassPattern> = new Set<BassPattern>(["waltz", "jig"]);

/** A pattern fitted to a bar: tiled when the bar is longer (12/8, 5/4), cut when shorter. */
function fitToBar(pattern: readonly Step[], bar: number, natural: number): readonly Step[] {
  if (bar === natural) return pattern;
  if (pattern.length === 1 && pattern[0]?.[1] === natural) return [[0, bar, pattern[0][2]]];
  const tiled: Step[] = [];
  for (let offset = 0; offset < bar - 1e-9; offset += natural) {
    for (const [o, l, d] of pattern)
      if (o + offset < bar - 1e-9) tiled.push([o + offset, Math.min(l, bar - o - offset), d]);
  }
  return tiled;
}

export interface BassContext {
  grid: Grid;
  harmony: Harmony;
  range: readonly [MidiNote, MidiNote];
  pattern: BassPattern;
  scale: readonly number[];
  rng: Rng;
}

export class BassWriter {
  private last: MidiNote;
  private readonly low: MidiNote;
  private readonly high: MidiNote;

  constructor(private readonly ctx: BassContext) {
    this.low = ctx.range[0] + 3;
    this.high = Math.min(ctx.range[1], this.low + 16);
    this.last = this.low + 7;
  }

  /** The pitch with class `pc` nearest the previous bass note inside the bass window. */
  private place(pc: number): MidiNote {
    let best = this.low + mod12(pc - this.low);
    for (let p = best; p <= this.high; p += 12) if (Math.abs(p - this.last) < Math.abs(best - this.last)) best = p;
    return best;
  }

  private pitchOf(degree: Degree, rootPitch: MidiNote, pos: number, length: number): MidiNote {
    const slot = chordAt(this.ctx.harmony.slots, pos);
    const pcs = slot?.pcs ?? [];
    const root = slot?.rootPc ?? 0;
    if (typeof degree === "number") {
      const pitch = rootPitch + (degree === 12 && rootPitch + 12 > this.ctx.range[1] ? 0 : degree);
      // Pattern intervals (a boogie's major sixth, say) bend to the key unless the chord itself has them.
      const fits = this.ctx.scale.includes(mod12(pitch)) || pcs.includes(mod12(pitch));
      return fits ? pitch : snapToScale(pitch, this.ctx.scale);
    }
    if (degree === "fifth") {
      const fifth = pcs.find((pc) => mod12(pc - root) === 7 || mod12(pc - root) === 6) ?? mod12(root + 7);
      return rootPitch + mod12(fifth - root) - (rootPitch + mod12(fifth - root) > this.high ? 12 : 0);
    }
    if (degree === "third") {
      const third = pcs.find((pc) => [3, 4].includes(mod12(pc - root))) ?? pcs[1] ?? mod12(root + 4);
      return rootPitch + mod12(third - root);
    }
    // Approach: a scale step (or semitone) toward the next chord's bass note.
    const next = chordAt(this.ctx.harmony.slots, pos + length + 1e-6);
    const target = this.place(next?.bassPc ?? root);
    const below = target - 1;
    const scaleStep = [target - 2, target - 1, target + 1, target + 2].find((p) => this.ctx.scale.includes(mod12(p)));
    return scaleStep ?? below;
  }

  /** One bar of bass starting at `barPos`; `sparse` keeps only strong-beat notes. */
  bar(barPos: number, barBeats: number, velocity: number, sparse: boolean): BeatNote[] {
    const natural = THREE_BEAT.has(this.ctx.pattern) ? 3 : 4;
    let pattern = fitToBar(PATTERNS[this.ctx.pattern], barBeats, natural);
    if (sparse) pattern = thinned(pattern, barBeats);
    const notes: BeatNote[] = [];
    for (const [onset, length, degree] of pattern) {
      const pos = barPos + onset;
      const slot = chordAt(this.ctx.harmony.slots, pos);
      const rootPitch = this.place(onset === 0 || degree !== 0 ? (slot?.bassPc ?? 0) : (slot?.rootPc ?? 0));
      const pitch = Math.min(
        this.ctx.range[1],
        Math.max(this.ctx.range[0], this.pitchOf(degree, rootPitch, pos, length)),
      );
      notes.push({ pitch, pos, length, velocity: velocity + (onset === 0 ? 0.06 : 0) });
      if (degree === 0 || onset === 0) this.last = rootPitch;
    }
    return notes;
  }

  /** The final tonic, held to the end. */
  final(pos: number, length: number, velocity: number): BeatNote {
    return { pitch: this.place(this.ctx.harmony.tonicPc), pos, length, velocity };
  }
}
