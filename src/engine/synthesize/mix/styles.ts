/**
 * Mix character per style: whether the kick pumps the other stems, the reverb room, a tempo-synced delay,
 * and a tonal tilt. Styles not listed use DEFAULT_MIX_STYLE.
 */
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
}

export const DEFAULT_MIX_STYLE: MixStyle = {
  pump: 0,
  reverb: { decaySeconds: 1.8, size: 1, dampingHz: 6500, preDelayMs: 18 },
  delay: { beats: 0.75, feedback: 0.3, melodySend: 0.08, harmonySend: 0 },
  tiltDb: 0,
  drumGlue: 2,
};

const EDM = { pump: 0.55, drumGlue: 3, delay: { beats: 0.75, feedback: 0.35, melodySend: 0.14, harmonySend: 0.05 } };
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
  lofi: { tiltDb: -4, reverb: ROOM, drumGlue: 3 },
  boom_bap: { tiltDb: -1.5, reverb: ROOM, drumGlue: 3 },
  trap: { pump: 0.2, drumGlue: 2.5 },
  jazz: { reverb: ROOM, drumGlue: 1.5 },
  bossa_nova: { reverb: ROOM, drumGlue: 1.5 },
  blues: { reverb: ROOM },
  funk: { reverb: ROOM, drumGlue: 2.5 },
  ambient: {
    reverb: { decaySeconds: 5.5, size: 1.5, dampingHz: 4500, preDelayMs: 40 },
    delay: { beats: 1.5, feedback: 0.45, melodySend: 0.2, harmonySend: 0.1 },
    drumGlue: 1.5,
  },
  cinematic: { reverb: BIG, drumGlue: 1.5 },
  orchestral: { reverb: HALL, drumGlue: 1 },
  trailer: { reverb: BIG, drumGlue: 2.5 },
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
