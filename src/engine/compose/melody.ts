/**
 * Melody from motifs. A motif is a one-bar rhythm cell plus a contour (scale steps). A four-bar phrase states it,
 * sequences it, lifts it toward the peak (about two-thirds through) and closes on a long stable note and a breath;
 * the answering phrase repeats the opening and inverts the lift before closing on the tonic. Sections of the
 * same role reuse their melody, so choruses come back as choruses. Notes stay in the scale and the range;
 * strong beats sit on chord tones; a leap is followed by a step back.
 */
import type { Rng } from "../dsp/random.js";
import { mod12 } from "../theory/scales.js";
import type { MidiNote, SectionKind } from "../types.js";
import { chordAt, type Harmony } from "./harmony.js";
import type { BeatNote, Grid, SectionPlan } from "./model.js";
import { type Cell, cadenceCell, cellsFor } from "./rhythms.js";
import type { MelodyRhythm } from "./styles.js";

export interface MelodyContext {
  grid: Grid;
  sections: readonly SectionPlan[];
  harmony: Harmony;
  range: readonly [MidiNote, MidiNote];
  /** Pitch classes the melody may use. */
  scale: readonly number[];
  rhythm: MelodyRhythm;
  rng: Rng;
}

interface Motif {
  cell: Cell;
  /** Scale-step moves between the cell's notes (length = notes − 1). */
  contour: number[];
}

type Role = "A" | "B" | "C";

const ROLE_OF: Partial<Record<SectionKind, Role>> = {
  verse: "A",
  loop: "A",
  solo: "C",
  intro: "A",
  outro: "A",
  chorus: "B",
  drop: "B",
  bridge: "C",
  breakdown: "C",
  pre: "C",
  build: "C",
};

/** Register lift per role, in scale steps: choruses sit higher. */
const LIFT: Record<Role, number> = { A: 0, B: 2, C: 1 };

/** Scale-step weights for contours: wide scales (pentatonic) repeat more and leap less, staying singable. */
const STEP_CHOICES = [0, 1, -1, 2, -2, 3];
const STEP_WEIGHTS = { diatonic: [0.18, 0.32, 0.32, 0.08, 0.06, 0.04], pentatonic: [0.34, 0.3, 0.3, 0.03, 0.02, 0.01] };

function makeContour(notes: number, rng: Rng, pentatonic: boolean): number[] {
  const contour: number[] = [];
  let previous = 0;
  const weights = pentatonic ? STEP_WEIGHTS.pentatonic : STEP_WEIGHTS.diatonic;
  for (let i = 0; i < notes - 1; i++) {
    const lastMove = i === notes - 2;
    let step: number;
    if (Math.abs(previous) >= 2) step = -Math.sign(previous);
    else {
      // No two repeats in a row (a motif that moves is remembered), and no leap as the motif's last move or in
      // a two-note motif: every leap gets its step back inside the bar.
      const w = weights.map((x, k) => {
        const choice = STEP_CHOICES[k] ?? 0;
        if (choice === 0 && previous === 0 && i > 0) return 0;
        if (Math.abs(choice) >= 2 && (lastMove || notes <= 2)) return 0;
        return x;
      });
      step = rng.weighted(STEP_CHOICES, w) ?? 1;
    }
    contour.push(step);
    previous = step;
  }
  return contour;
}

function makeMotif(cells: readonly Cell[], rng: Rng, pentatonic: boolean, avoid?: Cell): Motif {
  const options = cells.length > 1 && avoid ? cells.filter((c) => c !== avoid) : cells;
  const cell = rng.pick(options) ?? cells[0] ?? [[0, 1]];
  return { cell, contour: makeContour(cell.length, rng, pentatonic) };
}

/** A new rhythm carrying the first motif's contour upside down (cycled to the new cell's length). */
function invertedOnto(source: Motif, target: Motif): Motif {
  const n = Math.max(0, target.cell.length - 1);
  const contour = Array.from({ length: n }, (_, i) =>
    source.contour.length > 0 ? -(source.contour[i % source.contour.length] ?? 0) : (target.contour[i] ?? 0),
  );
  // Cycling can put a leap last or after a leap: every leap still gets its step back inside the bar.
  for (let i = 0; i < contour.length; i++) {
    const step = contour[i] ?? 0;
    const afterLeap = i > 0 && Math.abs(contour[i - 1] ?? 0) >= 2;
    if (afterLeap) contour[i] = -Math.sign(contour[i - 1] ?? 0);
    else if (Math.abs(step) >= 2 && i === contour.length - 1) contour[i] = Math.sign(step);
  }
  return { cell: target.cell, contour };
}

/** All scale pitches in range, ascending: the melody moves by indices into this ladder. */
function ladderOf(range: readonly [MidiNote, MidiNote], scale: readonly number[]): MidiNote[] {
  const ladder: MidiNote[] = [];
  for (let p = range[0]; p <= range[1]; p++) if (scale.includes(mod12(p))) ladder.push(p);
  return ladder;
}

function nearestIndex(ladder: readonly MidiNote[], pitch: MidiNote): number {
  let best = 0;
  for (let i = 0; i < ladder.length; i++) {
    if (Math.abs((ladder[i] ?? 0) - pitch) < Math.abs((ladder[best] ?? 0) - pitch)) best = i;
  }
  return best;
}

class Writer {
  readonly ladder: MidiNote[];
  readonly centre: number;
  private readonly q: number;
  /** Pentatonic lines decorate their long notes. */
  private readonly ornamented: boolean;
  private last: number;

  constructor(private readonly ctx: MelodyContext) {
    this.ladder = ladderOf(ctx.range, ctx.scale);
    const [lo, hi] = ctx.range;
    const target = Math.min(Math.max(lo + 0.45 * (hi - lo), 67), Math.max(lo + 5, Math.min(79, hi - 7)));
    this.centre = nearestIndex(this.ladder, target);
    this.q = ctx.grid.quarterBeatsPerBar;
    this.last = this.centre;
    this.ornamented = ctx.scale.length <= 5;
  }

  private clamp(i: number): number {
    return Math.max(0, Math.min(this.ladder.length - 1, i));
  }

  private isChordTone(index: number, pos: number): boolean {
    const slot = chordAt(this.ctx.harmony.slots, pos);
    return slot ? slot.pcs.includes(mod12(this.ladder[index] ?? 0)) : true;
  }

  /** A non-chord tone a semitone from a chord tone (the fourth over a major third, say). */
  private clashes(index: number, pos: number): boolean {
    const slot = chordAt(this.ctx.harmony.slots, pos);
    const pc = mod12(this.ladder[index] ?? 0);
    if (!slot || slot.pcs.includes(pc)) return false;
    return slot.pcs.some((c) => mod12(c - pc) === 1 || mod12(pc - c) === 1);
  }

  private semitones(a: number, b: number): number {
    return Math.abs((this.ladder[a] ?? 0) - (this.ladder[b] ?? 0));
  }

  /**
   * For a strong beat: a chord tone within one step of `index` that keeps the direction of travel from `from`
   * (so the motif's contour survives) and stays a step away from it; otherwise the note stays as a passing tone.
   */
  private toChordTone(index: number, pos: number, from: number): number {
    const direction = Math.sign(index - from);
    // A repeated note stays (its shape is the motif's) unless it rubs a semitone against the chord.
    if (direction === 0 && !this.clashes(index, pos)) return index;
    for (const d of [0, direction || 1, -(direction || 1)]) {
      const i = this.clamp(index + d);
      // A repeated note may move a step to reach the chord; a moving one keeps its direction.
      if (direction !== 0 && Math.sign(i - from) !== direction) continue;
      if (d !== 0 && this.semitones(i, from) > 2) continue;
      if (this.isChordTone(i, pos)) return i;
    }
    return index;
  }

  /** Ladder indices the motif walks from `first` (reflected at the range's ends). */
  private walk(first: number, steps: readonly number[]): number[] {
    const path = [first];
    let index = first;
    for (const step of steps) {
      let next = index + step;
      if (next < 0 || next >= this.ladder.length) next = index - step;
      index = this.clamp(next);
      path.push(index);
    }
    return path;
  }

  /**
   * A bar start: a chord tone near the previous note (a step when possible), leaning toward the target — and,
   * as a composer transposes a sequence to fit the chords, one from which the motif's strong beats land on
   * chord tones without bending its contour.
   */
  private start(target: number, barPos: number, motif: Motif, steps: readonly number[]): number {
    let best = this.clamp(this.last);
    let bestCost = Number.POSITIVE_INFINITY;
    for (let d = -2; d <= 2; d++) {
      const i = this.clamp(this.last + d);
      if (!this.isChordTone(i, barPos)) continue;
      const semis = this.semitones(i, this.last);
      let cost = 0.6 * Math.abs(i - target) + 0.5 * semis + (semis > 2 ? 1 : 0);
      const path = this.walk(i, steps);
      if (this.ornamented) {
        // Prefer transpositions whose ornamented note has a whole tone below it (a smooth mordent).
        const longest = motif.cell.reduce((best, [, l], k) => (l > (motif.cell[best]?.[1] ?? 0) ? k : best), 0);
        const pitch = this.ladder[path[longest] ?? i] ?? 0;
        if (!this.ctx.scale.includes(mod12(pitch - 2))) cost += 1.2;
      }
      motif.cell.forEach(([onset], k) => {
        if (k === 0 || !this.strong(onset)) return;
        const index = path[k] ?? i;
        if (this.clashes(index, barPos + onset)) cost += 3;
        else if (!this.isChordTone(index, barPos + onset)) cost += 0.8;
      });
      if (cost < bestCost) {
        bestCost = cost;
        best = i;
      }
    }
    return best;
  }

  private strong(onset: number): boolean {
    return onset === 0 || (this.q >= 4 && Math.abs(onset - this.q / 2) < 1e-9);
  }

  bar(motif: Motif, barPos: number, target: number, invert: boolean, velocity: number): BeatNote[] {
    const notes: BeatNote[] = [];
    const steps = motif.contour.map((step) => step * (invert ? -1 : 1));
    const path = this.walk(this.start(target, barPos, motif, steps), steps);
    let index = path[0] ?? this.last;
    const longestLength = Math.max(...motif.cell.map(([, l]) => l));
    motif.cell.forEach(([onset, length], i) => {
      if (i > 0) {
        const from = index;
        index = path[i] ?? index;
        // Only a real clash on a strong beat bends the line; passing and added tones stay.
        if (this.strong(onset) && this.clashes(index, barPos + onset))
          index = this.toChordTone(index, barPos + onset, from);
      }
      const accent = onset === 0 ? 0.08 : 0;
      const pitch = this.ladder[index] ?? 60;
      if (this.ornamented && length >= 1 && length === longestLength) {
        notes.push(...this.mordent(pitch, barPos + onset, length, velocity + accent));
      } else notes.push({ pitch, pos: barPos + onset, length, velocity: velocity + accent });
    });
    this.last = index;
    return notes;
  }

  /**
   * A mordent on a long note (the pentatonic styles' 波音): the note, the scale note below it
   * and the note again, inside the note's own length.
   */
  private mordent(pitch: number, pos: number, length: number, velocity: number): BeatNote[] {
    const scale = this.ctx.scale;
    // Always the scale note below (a whole tone or a minor third), so every mordent has the same shape.
    let neighbour: number | undefined;
    for (let p = pitch - 1; p >= pitch - 3; p--) {
      if (scale.includes(mod12(p))) {
        neighbour = p;
        break;
      }
    }
    if (neighbour !== undefined && neighbour < this.ctx.range[0]) neighbour = undefined;
    if (neighbour === undefined) return [{ pitch, pos, length, velocity }];
    const grace = 0.25;
    return [
      { pitch, pos, length: grace, velocity },
      { pitch: neighbour, pos: pos + grace, length: grace, velocity: velocity - 0.08 },
      { pitch, pos: pos + 2 * grace, length: length - 2 * grace, velocity: velocity - 0.04 },
    ];
  }

  /** Closing bar: a step toward the goal, then the goal held (tonic for answers, a chord tone for questions). */
  cadence(barPos: number, answer: boolean, velocity: number): BeatNote[] {
    const cell = cadenceCell(this.q);
    const tonicPc = this.ctx.harmony.tonicPc;
    const [first, second] = cell;
    const goalPos = barPos + (second?.[0] ?? 1);
    // An answer closes on the tonic only over a chord that holds it; over a dominant (a half cadence, a loop's
    // turnaround, the bar before the final chord) it closes on that chord's tone nearest home instead.
    const slot = chordAt(this.ctx.harmony.slots, goalPos);
    const home = answer && (slot?.pcs.includes(tonicPc) ?? true);
    let goal = this.last;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.ladder.length; i++) {
      const pc = mod12(this.ladder[i] ?? 0);
      const fits = home ? pc === tonicPc : this.isChordTone(i, goalPos) && pc !== tonicPc;
      const distance = Math.abs(i - this.last) + Math.abs(i - this.centre) * 0.25;
      if (fits && distance < bestDistance) {
        bestDistance = distance;
        goal = i;
      }
    }
    const approach = this.clamp(goal + (this.last >= goal ? 1 : -1));
    this.last = goal;
    return [
      { pitch: this.ladder[approach] ?? 60, pos: barPos + (first?.[0] ?? 0), length: first?.[1] ?? 1, velocity },
      { pitch: this.ladder[goal] ?? 60, pos: goalPos, length: second?.[1] ?? 2, velocity: velocity - 0.05 },
    ];
  }

  /** One phrase of up to four bars starting at `bar`. */
  phrase(
    motif: Motif,
    bar: number,
    bars: number,
    lift: number,
    answer: boolean,
    invert: boolean,
    velocity: number,
  ): BeatNote[] {
    const q = this.q;
    const base = this.centre + lift;
    const notes: BeatNote[] = [];
    const plan = bars >= 4 ? [0, 1, 3] : bars === 3 ? [0, 2] : bars === 2 ? [0] : [];
    for (let b = 0; b < bars; b++) {
      const pos = (bar + b) * q;
      if (b === bars - 1 && bars > 1) {
        notes.push(...this.cadence(pos, answer, velocity));
      } else {
        const target = base + (plan[b] ?? b);
        notes.push(...this.bar(motif, pos, target, invert && b === 2, velocity + (b === 2 ? 0.05 : 0)));
      }
    }
    return notes;
  }

  resetTo(index: number): void {
    this.last = this.clamp(index);
  }

  /** Continue from a pitch written elsewhere (a reused phrase). */
  follow(pitch: number | undefined): void {
    if (pitch !== undefined) this.last = nearestIndex(this.ladder, pitch);
  }
}

/** The lead line for the given sections (others stay silent). */
export function writeLead(ctx: MelodyContext, active: ReadonlySet<number>, velocity = 0.72): BeatNote[] {
  const writer = new Writer(ctx);
  if (writer.ladder.length === 0) return [];
  const q = ctx.grid.quarterBeatsPerBar;
  const cells = cellsFor(q, ctx.grid.meter.beatUnit, ctx.rhythm);
  const pentatonic = ctx.scale.length <= 5;
  const a = makeMotif(cells, ctx.rng, pentatonic);
  const motifs: Record<Role, Motif> = {
    A: a,
    // The chorus hook: a new rhythm with the verse's contour turned upside down.
    B: invertedOnto(a, makeMotif(cells, ctx.rng, pentatonic, a.cell)),
    C: makeMotif(cells, ctx.rng, pentatonic, a.cell),
  };
  // Phrases come back: the same role, length and question/answer place reuses the phrase note for note; a
  // shorter phrase of a known role reuses the opening of the role's first phrase and writes a fresh close.
  const phrases = new Map<string, { origin: number; notes: BeatNote[] }>();
  const opening = new Map<Role, { origin: number; notes: BeatNote[]; bars: number }>();
  const shifted = (src: { origin: number; notes: BeatNote[] }, to: number, before = Number.POSITIVE_INFINITY) =>
    src.notes.filter((n) => n.pos - src.origin < before - 1e-9).map((n) => ({ ...n, pos: n.pos - src.origin + to }));
  const notes: BeatNote[] = [];
  for (const section of ctx.sections) {
    if (!active.has(section.index)) continue;
    const role = ROLE_OF[section.kind] ?? "A";
    writer.resetTo(writer.centre + LIFT[role]);
    const phraseBars = Math.min(section.bars, 4);
    for (let bar = 0, i = 0; bar < section.bars; bar += phraseBars, i++) {
      const bars = Math.min(phraseBars, section.bars - bar);
      const answer = i % 2 === 1 || bar + bars >= section.bars;
      const at = (section.startBar + bar) * q;
      const key = `${role}:${bars}:${answer}:${i % 2}`;
      const known = phrases.get(key);
      const first = opening.get(role);
      let written: BeatNote[];
      if (known) written = shifted(known, at);
      else if (first && bars >= 2 && bars < first.bars) {
        written = shifted(first, at, (bars - 1) * q);
        writer.follow(written[written.length - 1]?.pitch);
        written.push(...writer.cadence(at + (bars - 1) * q, answer, velocity));
      } else {
        // Only an answer to a question turns the motif upside down; a lone phrase keeps its shape.
        const invert = i % 2 === 1;
        written = writer.phrase(motifs[role], section.startBar + bar, bars, LIFT[role], answer, invert, velocity);
      }
      writer.follow(written[written.length - 1]?.pitch);
      if (!known) phrases.set(key, { origin: at, notes: written });
      if (!first) opening.set(role, { origin: at, notes: written, bars });
      notes.push(...written);
    }
  }
  return notes;
}
