/**
 * Melodic rhythm cells (one bar each) per bar length and style rhythm: [onset, length] in quarter beats.
 * Data only; melody.ts picks one cell per motif and develops it.
 */
import type { MelodyRhythm } from "./styles.js";

export type Cell = readonly (readonly [onset: number, length: number])[];

const FOUR: Record<MelodyRhythm, readonly Cell[]> = {
  sparse: [
    [
      [0, 2],
      [2, 2],
    ],
    [
      [0, 3],
      [3, 1],
    ],
    [
      [0, 1.5],
      [1.5, 2.5],
    ],
    [
      [0, 1],
      [1, 1],
      [2, 2],
    ],
  ],
  flowing: [
    [
      [0, 1],
      [1, 1],
      [2, 2],
    ],
    [
      [0, 1.5],
      [1.5, 0.5],
      [2, 2],
    ],
    [
      [0, 1],
      [1, 0.5],
      [1.5, 0.5],
      [2, 2],
    ],
    [
      [0, 0.5],
      [0.5, 0.5],
      [1, 1],
      [2, 2],
    ],
  ],
  busy: [
    [
      [0, 0.5],
      [0.5, 0.5],
      [1, 0.5],
      [1.5, 0.5],
      [2, 1],
      [3, 1],
    ],
    [
      [0, 1],
      [1, 0.5],
      [1.5, 0.5],
      [2, 0.5],
      [2.5, 0.5],
      [3, 1],
    ],
  ],
  syncopated: [
    [
      [0, 0.75],
      [0.75, 0.75],
      [1.5, 1],
      [2.5, 1.5],
    ],
    [
      [0, 0.5],
      [0.5, 1],
      [1.5, 0.5],
      [2, 2],
    ],
    [
      [0, 1.5],
      [1.5, 1],
      [2.5, 1.5],
    ],
  ],
};

const THREE: Record<MelodyRhythm, readonly Cell[]> = {
  sparse: [
    [
      [0, 2],
      [2, 1],
    ],
  ],
  flowing: [
    [
      [0, 1],
      [1, 1],
      [2, 1],
    ],
    [
      [0, 1.5],
      [1.5, 0.5],
      [2, 1],
    ],
    [
      [0, 2],
      [2, 1],
    ],
  ],
  busy: [
    [
      [0, 0.5],
      [0.5, 0.5],
      [1, 1],
      [2, 1],
    ],
  ],
  syncopated: [
    [
      [0, 1],
      [1, 0.5],
      [1.5, 1.5],
    ],
  ],
};

/** 6/8: two dotted-quarter pulses of three eighths each. */
const SIX_EIGHT: Record<MelodyRhythm, readonly Cell[]> = {
  sparse: [
    [
      [0, 1.5],
      [1.5, 1.5],
    ],
  ],
  flowing: [
    [
      [0, 1],
      [1, 0.5],
      [1.5, 1],
      [2.5, 0.5],
    ],
    [
      [0, 1.5],
      [1.5, 1],
      [2.5, 0.5],
    ],
  ],
  busy: [
    [
      [0, 0.5],
      [0.5, 0.5],
      [1, 0.5],
      [1.5, 0.5],
      [2, 0.5],
      [2.5, 0.5],
    ],
    [
      [0, 1],
      [1, 0.5],
      [1.5, 0.5],
      [2, 0.5],
      [2.5, 0.5],
    ],
  ],
  syncopated: [
    [
      [0, 1],
      [1, 0.5],
      [1.5, 1],
      [2.5, 0.5],
    ],
  ],
};

function stretch(cells: readonly Cell[], factor: number): Cell[] {
  return cells.map((cell) => cell.map(([o, l]) => [o * factor, l * factor] as const));
}

function concat(cells: readonly Cell[], barBeats: number): Cell[] {
  return cells.map((cell) => [...cell, ...cell.map(([o, l]) => [o + barBeats, l] as const)]);
}

/** Cells that fill one bar of `quarterBeats` (beatUnit tells 6/8 from 3/4). */
export function cellsFor(quarterBeats: number, beatUnit: number, rhythm: MelodyRhythm): readonly Cell[] {
  if (beatUnit === 8 && quarterBeats === 3) return SIX_EIGHT[rhythm];
  if (beatUnit === 8 && quarterBeats === 6) return concat(SIX_EIGHT[rhythm], 3);
  if (quarterBeats === 3) return THREE[rhythm];
  if (quarterBeats === 4) return FOUR[rhythm];
  if (quarterBeats === 5) return FOUR[rhythm].map((cell) => [...cell, [4, 1] as const]);
  return stretch(FOUR[rhythm], quarterBeats / 4);
}

/** The rhythm of a phrase's closing bar: an approach note, a long stable note, then a breath. */
export function cadenceCell(quarterBeats: number): Cell {
  const approach = quarterBeats >= 6 ? 1.5 : 1;
  const rest = quarterBeats >= 6 ? 1.5 : quarterBeats >= 4 ? 1 : 0.5;
  return [
    [0, approach],
    [approach, Math.max(0.5, quarterBeats - approach - rest)],
  ];
}
