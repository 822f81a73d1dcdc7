/**
 * Composition's working model. Musical positions are quarter-note beats from the first music bar ("pos");
 * the grid turns them into seconds only at the end, so tempo fitting never disturbs the writing.
 */
import type { ChordSpec } from "../theory/chords.js";
import type { HitPoint, Meter, Role, Seconds, SectionKind, TempoPoint } from "../types.js";

export interface BarSlot {
  start: Seconds;
  seconds: Seconds;
  /** Quarter beats in this bar (the meter's, except a shortened last bar in an exact-tempo loop). */
  quarterBeats: number;
  bpm: number;
}

export interface Grid {
  meter: Meter;
  /** Quarter beats in a full bar (3 for 6/8, 4 for 4/4). */
  quarterBeatsPerBar: number;
  /** Silent lead-in bar before bar 0 (lets a hit land on a downbeat when the tempo is fixed); 0 when none. */
  preRoll: Seconds;
  bars: BarSlot[];
  /** Where the music bars end; the final chord (if any) sounds from here to `duration`. */
  end: Seconds;
  duration: Seconds;
  /** The nominal tempo (the one the person asked for, or the fitted one). */
  bpm: number;
  tempoMap: TempoPoint[];
  /** Hit points placed on the grid. */
  hits: PlacedHit[];
}

export interface PlacedHit {
  hit: HitPoint;
  /** Position in quarter beats (on a downbeat when `onDownbeat`). */
  pos: number;
  bar: number;
  onDownbeat: boolean;
}

export interface SectionPlan {
  index: number;
  name: string;
  kind: SectionKind;
  startBar: number;
  bars: number;
  /** 0..1 */
  energy: number;
}

export interface ChordSlot {
  pos: number;
  length: number;
  chord: ChordSpec;
  rootPc: number;
  bassPc: number;
  /** Chord pitch classes, root first. */
  pcs: number[];
  section: number;
}

/** A note in beats, before it is placed in time. */
export interface BeatNote {
  pitch: number;
  pos: number;
  length: number;
  velocity: number;
}

/** What a part does inside its role. */
export type Task =
  | "lead"
  | "counter"
  | "comp"
  | "pad"
  | "arp"
  | "bass"
  | "drums"
  | "fx_bed"
  | "riser"
  | "impact"
  | "reverse_cymbal";

export interface PartPlan {
  id: string;
  name: string;
  role: Role;
  voice: string;
  task: Task;
  /** Order within its role (0 = the main one). */
  rank: number;
  kit?: string;
}

export function barOf(grid: Grid, pos: number): number {
  return Math.floor(pos / grid.quarterBeatsPerBar + 1e-9);
}

/** Quarter-beat position → seconds (positions past the last bar continue at the last bar's tempo). */
export function timeAt(grid: Grid, pos: number): Seconds {
  const q = grid.quarterBeatsPerBar;
  const index = Math.max(0, Math.min(grid.bars.length - 1, Math.floor(pos / q + 1e-9)));
  const bar = grid.bars[index];
  if (!bar) return grid.preRoll + (pos * 60) / grid.bpm;
  return bar.start + ((pos - index * q) * 60) / bar.bpm;
}

/** Total quarter beats of music (the final chord starts here). */
export function musicLength(grid: Grid): number {
  return grid.bars.reduce((sum, b) => sum + b.quarterBeats, 0);
}
