/**
 * Drum kits as data: for each kit, a recipe per drum category; GM drum pitches map to categories.
 * Toms and congas share a recipe and are tuned by pitch; pans place the kit like an overhead pair would.
 */
import type { DrumHitSpec } from "./hit.js";

export type DrumCategory =
  | "kick"
  | "snare"
  | "sidestick"
  | "clap"
  | "hatClosed"
  | "hatPedal"
  | "hatOpen"
  | "tom"
  | "crash"
  | "ride"
  | "tambourine"
  | "cowbell"
  | "bongo"
  | "conga"
  | "timbale"
  | "agogo"
  | "shaker"
  | "claves"
  | "woodblock"
  | "triangle"
  | "sleigh";

/** GM drum pitch → category, tune factor within the category, pan −1..1. */
const GM_MAP: Record<number, [DrumCategory, number, number]> = {
  35: ["kick", 0.9, 0],
  36: ["kick", 1, 0],
  37: ["sidestick", 1, 0.05],
  38: ["snare", 1, 0.05],
  39: ["clap", 1, -0.05],
  40: ["snare", 1.06, 0.05],
  41: ["tom", 0.62, -0.35],
  42: ["hatClosed", 1, 0.35],
  43: ["tom", 0.72, -0.25],
  44: ["hatPedal", 1, 0.35],
  45: ["tom", 0.82, -0.1],
  46: ["hatOpen", 1, 0.35],
  47: ["tom", 0.92, 0.05],
  48: ["tom", 1.05, 0.15],
  49: ["crash", 1, -0.45],
  50: ["tom", 1.18, 0.25],
  51: ["ride", 1, 0.45],
  52: ["crash", 0.85, 0.5],
  53: ["ride", 1.15, 0.45],
  54: ["tambourine", 1, 0.3],
  55: ["crash", 1.3, -0.3],
  56: ["cowbell", 1, 0.2],
  57: ["crash", 1.1, 0.5],
  58: ["agogo", 0.8, 0.1],
  59: ["ride", 0.95, 0.45],
  60: ["bongo", 1.25, 0.25],
  61: ["bongo", 1, 0.2],
  62: ["conga", 1.3, -0.2],
  63: ["conga", 1.2, -0.2],
  64: ["conga", 0.9, -0.3],
  65: ["timbale", 1.2, 0.3],
  66: ["timbale", 1, 0.3],
  67: ["agogo", 1.25, 0.15],
  68: ["agogo", 1, 0.15],
  69: ["shaker", 1.1, -0.25],
  70: ["shaker", 1, 0.25],
  71: ["agogo", 1.5, 0.1],
  72: ["agogo", 1.3, 0.1],
  73: ["claves", 1.4, 0],
  74: ["claves", 1.2, 0],
  75: ["claves", 1, 0.2],
  76: ["woodblock", 1.2, -0.2],
  77: ["woodblock", 1, -0.2],
  78: ["conga", 1.5, 0],
  79: ["conga", 1.1, 0],
  80: ["triangle", 1, 0.4],
  81: ["triangle", 1, 0.4],
  82: ["shaker", 1.2, 0.25],
  83: ["sleigh", 1, -0.3],
};

const HAND: Partial<Record<DrumCategory, DrumHitSpec>> = {
  tambourine: {
    noise: { mode: "hp", hz: 7000, resonance: 0.2, decaySeconds: 0.25, level: 0.6 },
    metal: {
      baseHz: 3900,
      hz: 8000,
      resonance: 0.3,
      decaySeconds: 0.3,
      level: 0.7,
      ratios: [1, 1.13, 1.31, 1.52, 1.77, 2.03],
    },
    level: 0.5,
  },
  cowbell: {
    metal: { baseHz: 540, hz: 800, resonance: 0.6, decaySeconds: 0.35, level: 1.6, ratios: [1, 1.48] },
    level: 0.45,
  },
  bongo: {
    body: { startHz: 480, endHz: 400, sweepSeconds: 0.02, decaySeconds: 0.22, level: 0.9 },
    modes: [{ hz: 1060, decaySeconds: 0.08, level: 0.3 }],
    noise: { mode: "bp", hz: 2500, resonance: 0.3, decaySeconds: 0.02, level: 0.3 },
    level: 0.55,
  },
  conga: {
    body: { startHz: 260, endHz: 215, sweepSeconds: 0.03, decaySeconds: 0.45, level: 0.9 },
    modes: [{ hz: 460, decaySeconds: 0.12, level: 0.25 }],
    noise: { mode: "bp", hz: 1800, resonance: 0.3, decaySeconds: 0.03, level: 0.35 },
    level: 0.6,
  },
  timbale: {
    body: { startHz: 420, endHz: 390, sweepSeconds: 0.01, decaySeconds: 0.5, level: 0.6 },
    metal: { baseHz: 1200, hz: 3500, resonance: 0.3, decaySeconds: 0.25, level: 0.4, ratios: [1, 1.41, 1.93] },
    noise: { mode: "bp", hz: 3000, resonance: 0.2, decaySeconds: 0.05, level: 0.35 },
    level: 0.5,
  },
  agogo: {
    modes: [
      { hz: 910, decaySeconds: 0.5, level: 0.8 },
      { hz: 2460, decaySeconds: 0.2, level: 0.25 },
    ],
    click: 0.2,
    level: 0.4,
  },
  shaker: {
    noise: { mode: "hp", hz: 6500, resonance: 0.15, decaySeconds: 0.11, level: 0.8, attackSeconds: 0.025 },
    level: 0.35,
  },
  claves: {
    modes: [
      { hz: 2500, decaySeconds: 0.12, level: 1 },
      { hz: 6200, decaySeconds: 0.03, level: 0.2 },
    ],
    level: 0.4,
  },
  woodblock: {
    modes: [
      { hz: 1100, decaySeconds: 0.1, level: 1 },
      { hz: 2800, decaySeconds: 0.04, level: 0.3 },
    ],
    noise: { mode: "bp", hz: 2000, resonance: 0.4, decaySeconds: 0.01, level: 0.2 },
    level: 0.45,
  },
  triangle: {
    modes: [
      { hz: 4700, decaySeconds: 2.2, level: 0.6 },
      { hz: 6930, decaySeconds: 1.6, level: 0.35 },
      { hz: 9400, decaySeconds: 1.1, level: 0.25 },
    ],
    level: 0.28,
  },
  sleigh: {
    noise: { mode: "bp", hz: 9000, resonance: 0.4, decaySeconds: 0.35, level: 0.5, attackSeconds: 0.015 },
    metal: {
      baseHz: 5200,
      hz: 9000,
      resonance: 0.3,
      decaySeconds: 0.4,
      level: 0.6,
      ratios: [1, 1.07, 1.19, 1.28, 1.41, 1.55],
    },
    level: 0.35,
  },
  clap: {
    noise: {
      mode: "bp",
      hz: 1200,
      resonance: 0.35,
      decaySeconds: 0.22,
      level: 1,
      bursts: 3,
      burstGapSeconds: 0.011,
    },
    level: 0.65,
  },
};

const ACOUSTIC: Partial<Record<DrumCategory, DrumHitSpec>> = {
  ...HAND,
  kick: {
    body: { startHz: 120, endHz: 56, sweepSeconds: 0.035, decaySeconds: 0.45, level: 1 },
    noise: { mode: "lp", hz: 2500, resonance: 0.1, decaySeconds: 0.03, level: 0.35 },
    click: 0.35,
    drive: 1.2,
    level: 0.9,
  },
  snare: {
    body: { startHz: 260, endHz: 190, sweepSeconds: 0.02, decaySeconds: 0.14, level: 0.6 },
    modes: [{ hz: 330, decaySeconds: 0.09, level: 0.3 }],
    noise: { mode: "bp", hz: 4200, resonance: 0.15, decaySeconds: 0.3, level: 0.9 },
    level: 0.6,
  },
  sidestick: {
    modes: [
      { hz: 1650, decaySeconds: 0.06, level: 0.8 },
      { hz: 520, decaySeconds: 0.05, level: 0.5 },
    ],
    click: 0.5,
    level: 0.45,
  },
  hatClosed: {
    noise: { mode: "hp", hz: 8000, resonance: 0.2, decaySeconds: 0.07, level: 0.5 },
    metal: { baseHz: 410, hz: 9500, resonance: 0.4, decaySeconds: 0.06, level: 0.8 },
    level: 0.32,
  },
  hatPedal: {
    noise: { mode: "hp", hz: 7000, resonance: 0.2, decaySeconds: 0.05, level: 0.4 },
    metal: { baseHz: 410, hz: 8000, resonance: 0.4, decaySeconds: 0.05, level: 0.6 },
    level: 0.25,
  },
  hatOpen: {
    noise: { mode: "hp", hz: 7500, resonance: 0.2, decaySeconds: 0.55, level: 0.5 },
    metal: { baseHz: 410, hz: 9000, resonance: 0.4, decaySeconds: 0.5, level: 0.8 },
    level: 0.3,
  },
  tom: {
    body: { startHz: 170, endHz: 130, sweepSeconds: 0.06, decaySeconds: 0.55, level: 1 },
    noise: { mode: "lp", hz: 3000, resonance: 0.1, decaySeconds: 0.04, level: 0.25 },
    level: 0.7,
  },
  crash: {
    noise: { mode: "hp", hz: 4500, resonance: 0.1, decaySeconds: 2.2, level: 0.55 },
    metal: { baseHz: 380, hz: 7000, resonance: 0.25, decaySeconds: 1.8, level: 0.7 },
    level: 0.35,
  },
  ride: {
    metal: { baseHz: 520, hz: 6000, resonance: 0.35, decaySeconds: 1.5, level: 0.8 },
    noise: { mode: "hp", hz: 6000, resonance: 0.1, decaySeconds: 0.6, level: 0.2 },
    modes: [{ hz: 3200, decaySeconds: 0.9, level: 0.08 }],
    level: 0.28,
  },
};

const TR808: Partial<Record<DrumCategory, DrumHitSpec>> = {
  ...ACOUSTIC,
  kick: {
    body: { startHz: 190, endHz: 48, sweepSeconds: 0.045, decaySeconds: 0.9, level: 1 },
    click: 0.2,
    drive: 1.4,
    level: 1,
  },
  snare: {
    body: { startHz: 238, endHz: 180, sweepSeconds: 0.015, decaySeconds: 0.12, level: 0.6 },
    modes: [{ hz: 476, decaySeconds: 0.08, level: 0.3 }],
    noise: { mode: "hp", hz: 1800, resonance: 0.1, decaySeconds: 0.2, level: 0.7 },
    level: 0.6,
  },
  hatClosed: { metal: { baseHz: 540, hz: 10000, resonance: 0.3, decaySeconds: 0.05, level: 1.2 }, level: 0.3 },
  hatPedal: { metal: { baseHz: 540, hz: 9000, resonance: 0.3, decaySeconds: 0.04, level: 1.0 }, level: 0.25 },
  hatOpen: { metal: { baseHz: 540, hz: 9500, resonance: 0.3, decaySeconds: 0.45, level: 1.1 }, level: 0.28 },
  tom: { body: { startHz: 200, endHz: 150, sweepSeconds: 0.08, decaySeconds: 0.6, level: 1 }, level: 0.6 },
  cowbell: TR808Cowbell(),
};

function TR808Cowbell(): DrumHitSpec {
  return {
    metal: { baseHz: 540, hz: 800, resonance: 0.55, decaySeconds: 0.3, level: 1.6, ratios: [1, 1.48] },
    level: 0.4,
  };
}

const TR909: Partial<Record<DrumCategory, DrumHitSpec>> = {
  ...TR808,
  kick: {
    body: { startHz: 330, endHz: 52, sweepSeconds: 0.03, decaySeconds: 0.5, level: 1 },
    noise: { mode: "lp", hz: 4000, resonance: 0.1, decaySeconds: 0.015, level: 0.5 },
    click: 0.5,
    drive: 2,
    level: 0.95,
  },
  snare: {
    body: { startHz: 300, endHz: 200, sweepSeconds: 0.015, decaySeconds: 0.1, level: 0.55 },
    noise: { mode: "bp", hz: 5000, resonance: 0.1, decaySeconds: 0.28, level: 1 },
    level: 0.6,
  },
  hatClosed: {
    noise: { mode: "hp", hz: 9000, resonance: 0.25, decaySeconds: 0.06, level: 0.6 },
    metal: { baseHz: 600, hz: 10500, resonance: 0.3, decaySeconds: 0.05, level: 0.7 },
    level: 0.32,
  },
  hatOpen: {
    noise: { mode: "hp", hz: 8500, resonance: 0.25, decaySeconds: 0.4, level: 0.6 },
    metal: { baseHz: 600, hz: 10000, resonance: 0.3, decaySeconds: 0.35, level: 0.7 },
    level: 0.3,
  },
};

const BRUSHES: Partial<Record<DrumCategory, DrumHitSpec>> = {
  ...ACOUSTIC,
  kick: {
    body: { startHz: 95, endHz: 55, sweepSeconds: 0.04, decaySeconds: 0.35, level: 1 },
    noise: { mode: "lp", hz: 900, resonance: 0.1, decaySeconds: 0.04, level: 0.3 },
    level: 0.75,
  },
  snare: {
    noise: { mode: "bp", hz: 3000, resonance: 0.05, decaySeconds: 0.22, level: 0.9, attackSeconds: 0.012 },
    body: { startHz: 200, endHz: 180, sweepSeconds: 0.02, decaySeconds: 0.08, level: 0.2 },
    level: 0.45,
  },
  hatClosed: { noise: { mode: "hp", hz: 6000, resonance: 0.1, decaySeconds: 0.06, level: 0.6 }, level: 0.22 },
  ride: {
    metal: { baseHz: 480, hz: 5000, resonance: 0.3, decaySeconds: 1.8, level: 0.6 },
    noise: { mode: "hp", hz: 5000, resonance: 0.1, decaySeconds: 0.8, level: 0.25 },
    level: 0.25,
  },
};

const ORCHESTRAL: Partial<Record<DrumCategory, DrumHitSpec>> = {
  ...ACOUSTIC,
  // concert bass drum
  kick: {
    body: { startHz: 70, endHz: 48, sweepSeconds: 0.1, decaySeconds: 1.6, level: 1 },
    noise: { mode: "lp", hz: 400, resonance: 0.1, decaySeconds: 0.3, level: 0.4 },
    level: 0.9,
  },
  // timpani: membrane modes 1 : 1.5 : 1.99 : 2.44 (Rossing) on a low fundamental
  tom: {
    modes: [
      { hz: 98, decaySeconds: 2.4, level: 1 },
      { hz: 147, decaySeconds: 1.8, level: 0.6 },
      { hz: 195, decaySeconds: 1.2, level: 0.35 },
      { hz: 239, decaySeconds: 0.9, level: 0.2 },
    ],
    noise: { mode: "lp", hz: 1200, resonance: 0.1, decaySeconds: 0.08, level: 0.3 },
    level: 0.65,
  },
  snare: {
    noise: { mode: "bp", hz: 3500, resonance: 0.15, decaySeconds: 0.25, level: 0.9 },
    body: { startHz: 220, endHz: 200, sweepSeconds: 0.02, decaySeconds: 0.1, level: 0.35 },
    level: 0.45,
  },
  crash: {
    noise: { mode: "hp", hz: 3500, resonance: 0.1, decaySeconds: 3.5, level: 0.6 },
    metal: { baseHz: 330, hz: 6000, resonance: 0.2, decaySeconds: 3, level: 0.7 },
    level: 0.35,
  },
};

const TAIKO: Partial<Record<DrumCategory, DrumHitSpec>> = {
  ...ORCHESTRAL,
  kick: {
    body: { startHz: 110, endHz: 62, sweepSeconds: 0.05, decaySeconds: 1.1, level: 1 },
    noise: { mode: "bp", hz: 600, resonance: 0.2, decaySeconds: 0.12, level: 0.5 },
    click: 0.4,
    drive: 1.3,
    level: 1,
  },
  tom: {
    body: { startHz: 150, endHz: 92, sweepSeconds: 0.05, decaySeconds: 0.8, level: 1 },
    noise: { mode: "bp", hz: 900, resonance: 0.2, decaySeconds: 0.08, level: 0.45 },
    click: 0.3,
    level: 0.8,
  },
  // shime-daiko / rim (ka)
  snare: {
    body: { startHz: 420, endHz: 380, sweepSeconds: 0.01, decaySeconds: 0.12, level: 0.8 },
    noise: { mode: "bp", hz: 2000, resonance: 0.3, decaySeconds: 0.05, level: 0.5 },
    level: 0.5,
  },
};

const CHIPTUNE: Partial<Record<DrumCategory, DrumHitSpec>> = {
  kick: { body: { startHz: 400, endHz: 50, sweepSeconds: 0.02, decaySeconds: 0.2, level: 1 }, drive: 3, level: 0.8 },
  snare: { noise: { mode: "lp", hz: 9000, resonance: 0, decaySeconds: 0.16, level: 1 }, level: 0.5 },
  hatClosed: { noise: { mode: "hp", hz: 9000, resonance: 0, decaySeconds: 0.04, level: 1 }, level: 0.3 },
  hatOpen: { noise: { mode: "hp", hz: 8000, resonance: 0, decaySeconds: 0.25, level: 1 }, level: 0.28 },
  crash: { noise: { mode: "hp", hz: 5000, resonance: 0, decaySeconds: 0.9, level: 1 }, level: 0.3 },
  tom: { body: { startHz: 300, endHz: 120, sweepSeconds: 0.05, decaySeconds: 0.25, level: 1 }, drive: 3, level: 0.55 },
};

const BODHRAN: Partial<Record<DrumCategory, DrumHitSpec>> = {
  ...HAND,
  kick: {
    body: { startHz: 120, endHz: 85, sweepSeconds: 0.03, decaySeconds: 0.4, level: 1 },
    noise: { mode: "lp", hz: 1500, resonance: 0.1, decaySeconds: 0.05, level: 0.4 },
    level: 0.8,
  },
  snare: {
    body: { startHz: 220, endHz: 180, sweepSeconds: 0.02, decaySeconds: 0.18, level: 0.8 },
    noise: { mode: "bp", hz: 1500, resonance: 0.2, decaySeconds: 0.05, level: 0.4 },
    level: 0.55,
  },
  tom: {
    body: { startHz: 160, endHz: 120, sweepSeconds: 0.03, decaySeconds: 0.3, level: 1 },
    noise: { mode: "lp", hz: 1800, resonance: 0.1, decaySeconds: 0.04, level: 0.3 },
    level: 0.6,
  },
};

export const KITS: Record<string, Partial<Record<DrumCategory, DrumHitSpec>>> = {
  kit_acoustic: ACOUSTIC,
  kit_brushes: BRUSHES,
  kit_808: TR808,
  kit_909: TR909,
  kit_lofi: ACOUSTIC,
  kit_orchestral: ORCHESTRAL,
  kit_taiko: TAIKO,
  kit_hand: { ...HAND, kick: ACOUSTIC.kick!, snare: ACOUSTIC.snare!, hatClosed: HAND.shaker!, tom: HAND.conga! },
  kit_chiptune: CHIPTUNE,
  kit_bodhran: BODHRAN,
};

/** Plan-level kit names ("electronic", "hand") and voice ids both resolve. */
const KIT_ALIASES: Record<string, string> = {
  electronic: "kit_808",
  acoustic: "kit_acoustic",
  brushes: "kit_brushes",
  orchestral: "kit_orchestral",
  hand: "kit_hand",
  chiptune: "kit_chiptune",
  taiko: "kit_taiko",
  lofi: "kit_lofi",
  bodhran: "kit_bodhran",
};

export function resolveKit(voice: string, kit: string | undefined): string {
  if (KITS[voice]) return voice;
  if (kit && KITS[kit]) return kit;
  if (kit && KIT_ALIASES[kit]) return KIT_ALIASES[kit]!;
  return "kit_acoustic";
}

export interface DrumSound {
  spec: DrumHitSpec;
  tune: number;
  pan: number;
  category: DrumCategory;
}

/** The recipe for one GM drum pitch in a kit; falls back to the acoustic kit and to the nearest pitch. */
export function drumSound(kitId: string, pitch: number): DrumSound | undefined {
  let entry = GM_MAP[pitch];
  if (!entry) {
    for (let d = 1; d < 12 && !entry; d++) entry = GM_MAP[pitch - d] ?? GM_MAP[pitch + d];
  }
  if (!entry) return undefined;
  const [category, tune, pan] = entry;
  const kit = KITS[kitId] ?? ACOUSTIC;
  const spec = kit[category] ?? ACOUSTIC[category] ?? HAND[category];
  if (!spec) return undefined;
  return { spec, tune, pan, category };
}
