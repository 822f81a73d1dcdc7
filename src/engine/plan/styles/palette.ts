/** Shared pieces of the style data. */
import type { VoiceId } from "../../theory/voices.js";
import { words } from "../lexicon/list.js";
import type { Palette } from "../styles.js";

export const pal = (
  drums: VoiceId | null,
  bass: VoiceId | null,
  harmony: VoiceId[],
  melody: VoiceId[],
  fx: VoiceId[] = [],
): Palette => ({ drums, bass, harmony, melody, fx });

export const COMMON_MAJOR = words("C|G|D|F|A|Bb|E");
