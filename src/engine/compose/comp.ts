/**
 * Harmony parts: comping patterns (block, pulses, off-beat skanks, strums, ballad arpeggios, waltz, bossa,
 * Charleston, stabs), sustained pads, arpeggios and a guide-tone counter-line — all from voice-led voicings.
 */
import { mod12, stepInScale } from "../theory/scales.js";
import type { MidiNote } from "../types.js";
import { chordAt, type Harmony } from "./harmony.js";
import type { BeatNote, ChordSlot } from "./model.js";
import type { CompPattern } from "./styles.js";
import { voiceChord } from "./voicing.js";

type Hit = readonly [onset: number, length: number, accent: number];

/** Hits per 4/4 bar. */
const COMP: Record<CompPattern, readonly Hit[]> = {
  block: [[0, 4, 0.05]],
  pulse8: [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5].map((o) => [o, 0.45, o % 1 === 0 ? 0.06 : -0.04] as const),
  offbeat: [0.5, 1.5, 2.5, 3.5].map((o) => [o, 0.3, 0] as const),
  strum: [
    [0, 1, 0.08],
    [1, 0.5, -0.02],
    [1.5, 1, 0],
    [2.5, 0.5, -0.04],
    [3, 0.5, 0.02],
    [3.5, 0.5, -0.04],
  ],
  ballad: [],
  waltz: [
    [1, 0.8, 0],
    [2, 0.8, -0.03],
  ],
  jig: [
    [0, 1, 0.05],
    [1.5, 1, 0],
  ],
  bossa: [
    [0, 0.75, 0.04],
    [1.5, 0.5, 0],
    [2.5, 1, 0],
  ],
  charleston: [
    [0, 0.75, 0.04],
    [1.5, 0.5, 0],
  ],
  stabs: [
    [0, 0.4, 0.06],
    [0.75, 0.4, 0],
    [2.5, 0.4, 0.02],
  ],
  gospel: [
    [0, 1, 0.05],
    [1, 0.9, -0.02],
    [2, 1, 0.03],
    [3, 0.9, -0.02],
  ],
};

/** Patterns written for a 3-beat bar (the rest are written for four). */
const THREE_BEAT: ReadonlySet<CompPattern> = new Set<CompPattern>(["waltz", "jig"]);

/** Hits fitted to a bar: tiled when the bar is longer (12/8, 5/4), cut when shorter. */
function fitHits(hits: readonly Hit[], bar: number, natural: number): readonly Hit[] {
  if (bar === natural) return hits;
  if (hits.length === 1 && hits[0]?.[1] === natural) return [[0, bar, hits[0][2]]];
  const tiled: Hit[] = [];
  for (let offset = 0; offset < bar - 1e-9; offset += natural) {
    for (const [o, l, a] of hits)
      if (o + offset < bar - 1e-9) tiled.push([o + offset, Math.min(l, bar - o - offset), a]);
  }
  return tiled;
}

export class ChordWriter {
  private previous: MidiNote[] | undefined;
  private lastSlot: ChordSlot | undefined;
  private voicing: MidiNote[] = [];

  constructor(
    private readonly harmony: Harmony,
    private readonly range: readonly [MidiNote, MidiNote],
    private readonly size = 4,
  ) {}

  /** The voicing for the chord at `pos` (re-voiced only when the chord changes). */
  voicingAt(pos: number): MidiNote[] {
    const slot = chordAt(this.harmony.slots, pos);
    if (slot && slot !== this.lastSlot) {
      this.voicing = voiceChord(slot.pcs, this.previous, this.range, this.size);
      this.previous = this.voicing;
      this.lastSlot = slot;
    }
    return this.voicing;
  }

  finalVoicing(): MidiNote[] {
    const final = this.harmony.final;
    return final ? voiceChord(final.pcs, this.previous, this.range, this.size) : this.voicing;
  }

  private chord(pos: number, length: number, velocity: number): BeatNote[] {
    return this.voicingAt(pos).map((pitch) => ({ pitch, pos, length, velocity }));
  }

  /** One bar of a comping pattern. `sustained` instruments hold whole chords instead. */
  comp(pattern: CompPattern, barPos: number, barBeats: number, velocity: number, sparse: boolean): BeatNote[] {
    if (pattern === "ballad") return this.arpeggio(barPos, barBeats, velocity, sparse ? 1 : 0.5, true);
    const hits = sparse
      ? fitHits(COMP.block, barBeats, 4)
      : fitHits(COMP[pattern], barBeats, THREE_BEAT.has(pattern) ? 3 : 4);
    const notes: BeatNote[] = [];
    for (const [onset, length, accent] of hits) {
      const pos = barPos + onset;
      // A chord change inside a long hit splits it so the harmony is never stale.
      const next = this.harmony.slots.find((s) => s.pos > pos + 1e-9 && s.pos < pos + length - 1e-9);
      const first = next ? next.pos - pos : length;
      notes.push(...this.chord(pos, first, velocity + accent));
      if (next) notes.push(...this.chord(next.pos, length - first, velocity + accent - 0.03));
    }
    return notes;
  }

  /** Held chords for every chord starting in the bar; `entering` also holds the chord already sounding. */
  pad(barPos: number, barBeats: number, velocity: number, entering: boolean): BeatNote[] {
    const notes: BeatNote[] = [];
    const current = chordAt(this.harmony.slots, barPos);
    if (entering && current && current.pos < barPos - 1e-9) {
      notes.push(...this.chord(barPos, current.pos + current.length - barPos, velocity));
    }
    for (const slot of this.harmony.slots) {
      if (slot.pos >= barPos - 1e-9 && slot.pos < barPos + barBeats - 1e-9) {
        notes.push(...this.chord(slot.pos, slot.length, velocity));
      }
    }
    return notes;
  }

  /** Broken chords: bass-to-top ascending then turning, `unit` beats per note. */
  arpeggio(barPos: number, barBeats: number, velocity: number, unit: number, withRoot = false): BeatNote[] {
    const notes: BeatNote[] = [];
    const steps = Math.max(1, Math.round(barBeats / unit));
    for (let i = 0; i < steps; i++) {
      const pos = barPos + i * unit;
      const voicing = this.voicingAt(pos);
      const slot = chordAt(this.harmony.slots, pos);
      const tones = [...voicing];
      if (withRoot && slot) {
        const low = Math.max(this.range[0], 36);
        tones.unshift(low + mod12(slot.bassPc - low));
      }
      const cycle = [...tones, ...tones.slice(1, -1).reverse()];
      const pitch = cycle[i % Math.max(1, cycle.length)] ?? 60;
      notes.push({ pitch, pos, length: unit * (i === 0 ? 2 : 1.5), velocity: velocity + (i === 0 ? 0.06 : 0) });
    }
    return notes;
  }
}

/** The chord tone of the chord at `pos` nearest to `from` (staying put costs a little: lines should move). */
function nearestChordTone(
  harmony: Harmony,
  pos: number,
  from: MidiNote,
  range: readonly [MidiNote, MidiNote],
  scale: readonly number[],
): MidiNote {
  const slot = chordAt(harmony.slots, pos);
  const pcs = (slot?.pcs ?? []).filter((pc) => scale.includes(pc));
  let best = from;
  let distance = Number.POSITIVE_INFINITY;
  for (let p = range[0]; p <= range[1]; p++) {
    const d = Math.abs(p - from) + (p === from ? 0.5 : 0);
    if (pcs.includes(mod12(p)) && d < distance) {
      best = p;
      distance = d;
    }
  }
  return best;
}

/**
 * The counter-line: soft guide tones (a chord tone per bar, moving to the nearest tone of the next chord) under
 * a busy lead; where the lead holds or rests, it answers with a stepwise run into the next bar's guide tone.
 */
export function counterLine(
  harmony: Harmony,
  range: readonly [MidiNote, MidiNote],
  scale: readonly number[],
  bars: readonly { pos: number; beats: number }[],
  leadOnsets: (from: number, to: number) => number,
  velocity: number,
): BeatNote[] {
  const [lo, hi] = range;
  let last = Math.round(Math.min(Math.max(lo + 0.35 * (hi - lo), 55), 67));
  const notes: BeatNote[] = [];
  for (const bar of bars) {
    const guide = nearestChordTone(harmony, bar.pos, last, range, scale);
    const half = bar.beats / 2;
    const answering = leadOnsets(bar.pos + half, bar.pos + bar.beats) === 0;
    notes.push({ pitch: guide, pos: bar.pos, length: answering ? half : bar.beats, velocity: velocity * 0.85 });
    last = guide;
    if (!answering) continue;
    const next = nearestChordTone(harmony, bar.pos + bar.beats, guide, range, scale);
    const direction = next >= guide ? 1 : -1;
    const unit = half >= 1.5 ? 0.5 : half / 3;
    for (let k = 1; k <= 3; k++) {
      const pitch = Math.min(hi, Math.max(lo, stepInScale(guide, direction * k, scale)));
      notes.push({ pitch, pos: bar.pos + half + (k - 1) * unit, length: unit, velocity: velocity * (0.9 + 0.05 * k) });
      last = pitch;
    }
  }
  return notes;
}
