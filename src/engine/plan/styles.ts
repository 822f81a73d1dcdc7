/**
 * The style table (data only): for every style id, the words that name it (English and Chinese), its tempo range,
 * default mode and meter, swing, palette by role (voice ids from theory/voices.ts), usual energy, ending and tonics.
 */
import type { StyleId, VoiceId } from "../theory/voices.js";
import type { Ending, Mode } from "../types.js";
import { words } from "./lexicon/list.js";
import { BAND_STYLES } from "./styles/band.js";
import { ELECTRONIC_STYLES } from "./styles/electronic.js";
import { SCORE_STYLES } from "./styles/score.js";

export interface Palette {
  drums: VoiceId | null;
  bass: VoiceId | null;
  /** First is the main harmony voice; the rest are layers the arranger may add. */
  harmony: VoiceId[];
  melody: VoiceId[];
  fx: VoiceId[];
}

export interface StyleDef {
  label: string;
  /** Names, weight 1. */
  en: string[];
  zh: string[];
  /** Adjectives and loose mentions ("jazzy"), weight 0.5. */
  hints?: string[];
  bpm: [number, number];
  mode: Mode;
  /** The mode when the mood asks for the other side (minor for a major style, and the other way). */
  altMode: Mode;
  meter: [number, number];
  swing: number;
  energy: number;
  ending: Ending;
  tonics: string[];
  palette: Palette;
}

export const STYLES: Record<StyleId, StyleDef> = { ...ELECTRONIC_STYLES, ...BAND_STYLES, ...SCORE_STYLES };

/** Words that name a style only loosely ("score" could be any film music); they count for less. */
const LOOSE = new Set(
  words(
    "score|cue|underscore|soundtrack|dance|配乐|电影|影视|swing|afro|asian|oriental|neon|western|church|pixel|shuffle|dub|garage|chamber|cartoon|卡通|动画|儿童|东方|非洲|commercial|business|presentation|wobble",
  ),
);

/** Style words as [word, style, weight] for the lexicon matcher. */
export function styleWords(): [string, StyleId, number][] {
  const out: [string, StyleId, number][] = [];
  for (const [id, def] of Object.entries(STYLES) as [StyleId, StyleDef][]) {
    for (const w of [...def.en, ...def.zh]) out.push([w, id, LOOSE.has(w) ? 0.6 : 1]);
    for (const w of def.hints ?? []) out.push([w, id, 0.5]);
  }
  return out;
}
