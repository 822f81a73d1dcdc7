/**
 * Mix character per style: whether the kick pumps the other stems, the reverb room, a tempo-synced delay,
 * and a tonal tilt. Styles not listed use DEFAULT_MIX_STYLE.
 */
import type { Role } from "../../types.js";

export interface MixStyle {
  /** Sidechain duck depth 0..1 on bass/harmony/fx (melody gets half). */
  pump: number;
  reverb: { decaySeconds: number; size: number; dampingHz: number; preDelayMs: number };
  /** Delay time in beats (0.75 = dotted eighth), feedback, send on melody and harmony. */
  delay: { beats: number; feedback: number; melodySend: number; harmonySend: number };
  /** Extra high shelf at 5 kHz, dB (dark styles negative). */
  tiltDb: number;
  /** Drum bus compression ratio (1 = none). */
  drumGlue: number;
  /**
   * Where each stem sits, in LU relative to the others, as render/balance.ts estimates it before mixing: the
   * lead forward, the bed under it; dance music leads with its drums, ambient with its pads. The estimate reads
   * drums before their compression (3–4 dB off their peaks) and a riser over its whole length (its loudest
   * moment is its end), so drums are set higher and fx lower than they will sound.
   */
  balance: Record<Role, number>;
}

export const DEFAULT_MIX_STYLE: MixStyle = {
  pump: 0,
  reverb: { decaySeconds: 1.8, size: 1, dampingHz: 6500, preDelayMs: 18 },
  delay: { beats: 0.75, feedback: 0.3, melodySend: 0.08, harmonySend: 0 },
  tiltDb: 0,
  drumGlue: 2,
  balance: { drums: 2, bass: -3, harmony: -3, melody: 0, fx: -13 },
};

const EDM = {
  pump: 0.55,
  drumGlue: 3,
  delay: { beats: 0.75, feedback: 0.35, melodySend: 0.14, harmonySend: 0.05 },
  balance: { drums: 6, bass: -1, harmony: -5, melody: -2, fx: -12 },
};
/** Film and orchestral: the theme forward, low strings and percussion under it. */
const SCORE_BALANCE = { drums: 0, bass: -5, harmony: -2, melody: 0, fx: -12 };
/** Beat-led styles: the kit carries the track. */
const BEAT_BALANCE = { drums: 5, bass: -2, harmony: -3, melody: 0, fx: -13 };
const BIG = { decaySeconds: 3.2, size: 1.4, dampingHz: 5500, preDelayMs: 30 };
const HALL = { decaySeconds: 2.6, size: 1.3, dampingHz: 5000, preDelayMs: 25 };
const ROOM = { decaySeconds: 1.0, size: 0.6, dampingHz: 5500, preDelayMs: 8 };

export const MIX_STYLES: Record<string, Partial<MixStyle>> = {
  house: { ...EDM, pump: 0.5 },
  techno: { ...EDM, pump: 0.45, tiltDb: -0.5 },
  trance: { ...EDM, pump: 0.6, reverb: BIG },
  edm: EDM,
  electronic: { ...EDM, pump: 0.4 },
  dubstep: { ...EDM, pump: 0.6 },
  drum_and_bass: { ...EDM, pump: 0.3 },
  synthwave: { ...EDM, pump: 0.4, reverb: BIG },
  disco: { pump: 0.25, drumGlue: 2.5 },
  lofi: { tiltDb: -4, reverb: ROOM, drumGlue: 3, balance: BEAT_BALANCE },
  boom_bap: { tiltDb: -1.5, reverb: ROOM, drumGlue: 3, balance: BEAT_BALANCE },
  trap: { pump: 0.2, drumGlue: 2.5, balance: { ...BEAT_BALANCE, bass: 2 } },
  jazz: { reverb: ROOM, drumGlue: 1.5 },
  bossa_nova: { reverb: ROOM, drumGlue: 1.5 },
  blues: { reverb: ROOM },
  funk: { reverb: ROOM, drumGlue: 2.5 },
  ambient: {
    // the pads are the piece; a sub bass felt rather than heard
    balance: { drums: -6, bass: -3, harmony: 0, melody: -2, fx: -12 },
    reverb: { decaySeconds: 5.5, size: 1.5, dampingHz: 4500, preDelayMs: 40 },
    delay: { beats: 1.5, feedback: 0.45, melodySend: 0.2, harmonySend: 0.1 },
    drumGlue: 1.5,
  },
  cinematic: { reverb: BIG, drumGlue: 1.5, balance: SCORE_BALANCE },
  orchestral: { reverb: HALL, drumGlue: 1, balance: SCORE_BALANCE },
  trailer: { reverb: BIG, drumGlue: 2.5, balance: { ...SCORE_BALANCE, drums: 2 } },
  piano_solo: { reverb: HALL },
  chinese_traditional: { reverb: HALL },
  celtic: { reverb: HALL },
  gospel: { reverb: HALL },
  chiptune: {
    reverb: ROOM,
    tiltDb: 0,
    drumGlue: 1,
    delay: { beats: 0.5, feedback: 0.2, melodySend: 0.05, harmonySend: 0 },
  },
  waltz: { reverb: HALL },
};

export function mixStyle(style: string): MixStyle {
  return { ...DEFAULT_MIX_STYLE, ...(MIX_STYLES[style] ?? {}) };
}
