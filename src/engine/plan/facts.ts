/**
 * What the readers found in one message, before any default is applied. A fresh brief turns Facts into a Plan;
 * a follow-up applies them to the previous Plan.
 */
import type { StyleId, VoiceId } from "../theory/voices.js";
import type { Ending, Family, HitPoint, Meter, MixIntents, Mode, Role, SectionKind } from "../types.js";

/** An instrument the person named: a voice, or a family whose voice the style chooses. */
export type Pick = { voice: VoiceId } | { family: Family };

export interface Named {
  pick: Pick;
  /** The words as written, for summaries. */
  words: string;
  /** Played in this role instead of the voice's usual one. */
  role?: Role;
}

export type CurveShape = "rising" | "falling" | "flat" | "arc";

export interface Facts {
  durationSeconds?: number;
  /** A length in bars ("32 bars"); becomes seconds once tempo and meter are known. */
  lengthBars?: number;
  bpm?: number;
  bpmRange?: [number, number];
  tonic?: string;
  mode?: Mode;
  /** "pentatonic" without a mode: use the pentatonic form of whatever mode is chosen. */
  pentatonic?: boolean;
  meter?: Meter;
  /** Style votes: id → weight. */
  styles: Map<StyleId, number>;
  /** Style hints from use cases and moods (used only when no style is named). */
  styleHints: StyleId[];
  moods: string[];
  /** Energy suggestions 0..1 from moods and use cases. */
  energies: number[];
  /** Limits from use cases ("podcast bed" never goes above 0.4). */
  energyCap?: number;
  energyFloor?: number;
  /** +1 major-leaning, -1 minor-leaning words. */
  valence: number;
  /** Tempo ranges from words ("slow", "driving"). */
  tempoRanges: [number, number][];
  include: Named[];
  excludeFamilies: Family[];
  muteRoles: Role[];
  /** Only the named instruments ("just piano", "solo piano"). */
  onlyNamed: boolean;
  hits: HitPoint[];
  loop?: boolean;
  ending?: Ending;
  introBars?: number;
  form?: SectionKind[];
  curve?: CurveShape;
  /** Energy at positions 0..1 from phrases like "quiet intro, explosive finale". */
  anchors: { at: number; energy: number }[];
  swing?: number;
  lufs?: number;
  useCase?: string;
  /** Additive mix intents. */
  mix: Partial<MixIntents>;
  /** Follow-up edits relative to what exists. */
  tempoPercent?: number;
  tempoDeltaBpm?: number;
  durationScale?: number;
  durationDeltaSeconds?: number;
  energyDelta?: number;
  lufsDelta?: number;
  /** Roles asked back ("bring back the melody"). */
  unmuteRoles: Role[];
  introDelta?: number;
  transposeSemitones?: number;
  variation: boolean;
  /** Era or production tags ("80s" → gated snare). */
  tags: string[];
  understood: string[];
  ignored: string[];
}

export function emptyFacts(): Facts {
  return {
    styles: new Map(),
    styleHints: [],
    moods: [],
    energies: [],
    valence: 0,
    tempoRanges: [],
    include: [],
    excludeFamilies: [],
    muteRoles: [],
    unmuteRoles: [],
    onlyNamed: false,
    hits: [],
    anchors: [],
    mix: {},
    variation: false,
    tags: [],
    understood: [],
    ignored: [],
  };
}

export function addOnce<T>(list: T[], item: T): void {
  if (!list.includes(item)) list.push(item);
}
