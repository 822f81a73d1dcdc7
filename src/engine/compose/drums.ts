/**
 * Drums from groove templates: a sparse, main or full version per section energy, small variations at phrase
 * ends, fills into section changes (a beat of silence before a drop), crashes on section starts, a final hit.
 */
import type { Rng } from "../dsp/random.js";
import { GM_DRUMS } from "../theory/voices.js";
import { type Groove, KIT_LANE_MAP, type Lane, type Pattern } from "./grooves.js";
import type { BeatNote, Grid, SectionPlan } from "./model.js";

const LEVEL: Record<string, number> = { X: 1, x: 0.82, o: 0.62, g: 0.32, r: 0.55 };
const STEP = 0.25;

const TOMS: Lane[] = ["tomHigh", "tomHiMid", "tomLowMid", "tomLow", "tomHighFloor", "tomLowFloor"];

export interface DrumContext {
  grid: Grid;
  sections: readonly SectionPlan[];
  groove: Groove;
  /** Voice id of the kit (remaps lanes for taiko, orchestral, bodhran, hand percussion). */
  kit: string;
  rng: Rng;
}

export class DrumWriter {
  private readonly laneMap: Partial<Record<Lane, Lane>>;

  constructor(private readonly ctx: DrumContext) {
    this.laneMap = KIT_LANE_MAP[ctx.kit] ?? {};
  }

  private pitch(lane: Lane): number {
    return GM_DRUMS[this.laneMap[lane] ?? lane];
  }

  private hit(lane: Lane, pos: number, velocity: number, length = STEP): BeatNote {
    return { pitch: this.pitch(lane), pos, length, velocity: Math.min(1, Math.max(0.05, velocity)) };
  }

  private pattern(pattern: Pattern, barPos: number, barBeats: number, scale: number, skip: Set<Lane>): BeatNote[] {
    const notes: BeatNote[] = [];
    for (const [lane, steps] of Object.entries(pattern) as [Lane, string][]) {
      if (skip.has(lane)) continue;
      for (let i = 0; i < steps.length && i * STEP < barBeats - 1e-9; i++) {
        const ch = steps[i] ?? ".";
        const level = LEVEL[ch];
        if (level === undefined) continue;
        const pos = barPos + i * STEP;
        if (ch === "r") {
          for (let k = 0; k < 3; k++)
            notes.push(this.hit(lane, pos + (k * STEP) / 3, level * scale * (0.7 + 0.15 * k), STEP / 3));
        } else notes.push(this.hit(lane, pos, level * scale));
      }
    }
    return notes;
  }

  private fill(barPos: number, barBeats: number, scale: number, intoDrop: boolean): BeatNote[] {
    const { fill } = this.ctx.groove;
    const beats = intoDrop ? Math.min(barBeats - 1, 3) : barBeats >= 4 ? 1 : barBeats / 3;
    const from = barPos + (intoDrop ? 0 : barBeats - beats);
    const notes: BeatNote[] = [];
    const count = Math.round(beats / STEP);
    for (let i = 0; i < count; i++) {
      const pos = from + i * STEP;
      const rise = 0.45 + (0.5 * i) / Math.max(1, count - 1);
      if (fill === "toms" || fill === "taiko") {
        const lane = TOMS[Math.min(TOMS.length - 1, Math.floor((i / count) * TOMS.length))] ?? "tomLow";
        if (fill === "toms" || i % 2 === 0)
          notes.push(this.hit(fill === "taiko" ? "tomLowFloor" : lane, pos, rise * scale));
      } else if (fill === "roll") {
        for (let k = 0; k < 2; k++) notes.push(this.hit("snare", pos + (k * STEP) / 2, rise * scale, STEP / 2));
      } else if (fill === "brush") {
        if (i % 2 === 0) notes.push(this.hit("snare", pos, rise * 0.6 * scale));
      } else if (fill === "hand") {
        notes.push(this.hit(i % 2 === 0 ? "congaOpenHigh" : "congaLow", pos, rise * scale));
      } else if (fill === "snare") {
        notes.push(this.hit("snare", pos, rise * scale));
      }
    }
    return notes;
  }

  /** Drums for one section, bar by bar. */
  section(section: SectionPlan, next: SectionPlan | undefined, first: boolean): BeatNote[] {
    const { grid, groove, rng } = this.ctx;
    const q = grid.quarterBeatsPerBar;
    const scale = 0.7 + 0.3 * section.energy;
    const quiet = section.energy < 0.45 || section.kind === "intro" || section.kind === "breakdown";
    const full = section.energy >= 0.78 && !quiet;
    const notes: BeatNote[] = [];
    const intoDrop = next?.kind === "drop";
    const wantsFill = next !== undefined && (next.energy >= section.energy - 0.1 || intoDrop);
    const crashLane = groove.crash;
    if (crashLane && !first && section.energy >= 0.45)
      notes.push(this.hit(crashLane, section.startBar * q, 0.85 * scale, q));
    for (let b = 0; b < section.bars; b++) {
      const bar = section.startBar + b;
      const slot = grid.bars[bar];
      if (!slot) break;
      const barPos = bar * q;
      const isLast = b === section.bars - 1;
      const fillHere = isLast && wantsFill && section.bars >= 2;
      const skip = new Set<Lane>();
      if (section.kind === "breakdown") skip.add("kick");
      let bodyBeats = slot.quarterBeats;
      if (fillHere) bodyBeats = intoDrop ? 0 : slot.quarterBeats - (slot.quarterBeats >= 4 ? 1 : slot.quarterBeats / 3);
      const base = quiet ? groove.low : groove.main;
      notes.push(...this.pattern(base, barPos, bodyBeats, scale, skip));
      if (full) notes.push(...this.pattern(groove.high, barPos, bodyBeats, scale, skip));
      if (section.kind === "build" && !fillHere)
        notes.push(...this.snareBuild(barPos, slot.quarterBeats, b / section.bars, scale));
      if (fillHere) notes.push(...this.fill(barPos, slot.quarterBeats, scale, intoDrop));
      else if (b % 4 === 3 && !quiet) {
        // A small variation at the phrase end: a ghost snare on an off sixteenth.
        const step = rng.pick([3, 7, 11, 13, 15].filter((s) => s * STEP < slot.quarterBeats)) ?? 3;
        notes.push(this.hit("snare", barPos + step * STEP, 0.3 * scale));
      }
    }
    return notes;
  }

  /** The build-up: snare in eighths, then sixteenths, rising in level through the section. */
  private snareBuild(barPos: number, barBeats: number, progress: number, scale: number): BeatNote[] {
    const unit = progress < 0.5 ? 0.5 : 0.25;
    const notes: BeatNote[] = [];
    for (let pos = 0; pos < barBeats - 1e-9; pos += unit) {
      const level = 0.35 + 0.5 * (progress + (pos / barBeats) * 0.25);
      notes.push(this.hit("snare", barPos + pos, level * scale, unit));
    }
    return notes;
  }

  /** An accent on a hit point: kick and crash together. */
  accent(pos: number): BeatNote[] {
    const lane = this.ctx.groove.crash ?? "kick";
    return [this.hit("kick", pos, 0.95), this.hit(lane, pos, 0.9, 2)];
  }

  /** The closing hit: kick and crash on the final downbeat. */
  final(pos: number, length: number, energy: number): BeatNote[] {
    const lane = this.ctx.groove.crash ?? "kick";
    return [this.hit("kick", pos, 0.9), this.hit(lane, pos, 0.75 + 0.2 * energy, length)];
  }
}
