/**
 * Drum grooves as step patterns (data). One character per step:
 *   X accent · x hit · o medium · g ghost · r roll (a quick burst of subdivisions, trap hats) · "." rest
 * Steps are sixteenth notes: 16 per 4/4 bar, 12 per 3/4 or 6/8 bar, 24 per 12/8 bar, 20 per 5/4 bar.
 * Lanes are keys of GM_DRUMS. `low` is the sparse version for quiet sections, `high` adds to `main` when loud.
 */
import type { GM_DRUMS } from "../theory/voices.js";
import { WORLD_GROOVES } from "./grooves-world.js";

export type Lane = keyof typeof GM_DRUMS;
export type Pattern = Partial<Record<Lane, string>>;

export interface Groove {
  steps: number;
  /** Which subdivision swing acts on: 0.25 (sixteenths) or 0.5 (eighths). */
  swingUnit: 0.25 | 0.5;
  /** Default swing when the plan asks for none (0.5 straight). */
  swing: number;
  low: Pattern;
  main: Pattern;
  high: Pattern;
  fill: "snare" | "toms" | "taiko" | "roll" | "brush" | "hand" | "none";
  /** Crash lane on section starts (undefined: none). */
  crash?: Lane;
}

const FOUR_FLOOR: Groove = {
  steps: 16,
  swingUnit: 0.25,
  swing: 0.5,
  low: { kick: "x...x...x...x...", hatClosed: "..o...o...o...o." },
  main: {
    kick: "X...X...X...X...",
    clap: "....x.......x...",
    hatOpen: "..x...x...x...x.",
    hatClosed: "g.g.g.g.g.g.g.g.",
  },
  high: { shaker: "gogogogogogogogo", clap: "....X.......X..g" },
  fill: "snare",
  crash: "crash",
};

/** Band and electronic grooves; world, orchestral and odd-meter ones live in grooves-world.ts. */
export const GROOVES = {
  four_floor: FOUR_FLOOR,
  techno: {
    ...FOUR_FLOOR,
    main: {
      kick: "X...X...X...X...",
      hatOpen: "..x...x...x...x.",
      hatClosed: "gggggggggggggggg",
      clap: "....x.......x...",
    },
    high: { ride: "x.x.x.x.x.x.x.x.", tomLow: "...........g..g." },
  },
  trance: {
    ...FOUR_FLOOR,
    high: { hatClosed: "xgxgxgxgxgxgxgxg", clap: "....X.......X..." },
  },
  disco: {
    ...FOUR_FLOOR,
    main: {
      kick: "X...X...X...X...",
      snare: "....x.......x...",
      hatOpen: "..x...x...x...x.",
      hatClosed: "x.g.x.g.x.g.x.g.",
    },
    high: { tambourine: "gogogogogogogogo" },
  },
  pop_rock: {
    steps: 16,
    swingUnit: 0.25,
    swing: 0.5,
    low: { kick: "x.......x.......", hatClosed: "x...x...x...x...", sideStick: "....o.......o..." },
    main: { kick: "X.....x.X.......", snare: "....X.......X...", hatClosed: "x.o.x.o.x.o.x.o." },
    high: { kick: "X.....x.X.x.....", snare: "....X.....g.X...", ride: "x.x.x.x.x.x.x.x." },
    fill: "toms",
    crash: "crash",
  },
  synthwave: {
    steps: 16,
    swingUnit: 0.25,
    swing: 0.5,
    low: { kick: "x.......x.......", hatClosed: "..o...o...o...o." },
    main: { kick: "X.......X.......", snare: "....X.......X...", hatClosed: "x.x.x.x.x.x.x.x." },
    high: { kick: "X.......X.x.....", hatClosed: "xxxxxxxxxxxxxxxx", tambourine: "....g.......g..." },
    fill: "toms",
    crash: "crash",
  },
  boom_bap: {
    steps: 16,
    swingUnit: 0.25,
    swing: 0.58,
    low: { kick: "x.........x.....", hatClosed: "x.o.x.o.x.o.x.o." },
    main: {
      kick: "X.....x...X..x..",
      snare: "....X.......X...",
      hatClosed: "x.o.x.o.x.o.x.o.",
      sideStick: "...g.......g....",
    },
    high: { hatOpen: "..............o.", snare: "....X..g....X..g" },
    fill: "snare",
    crash: "crash",
  },
  lofi: {
    steps: 16,
    swingUnit: 0.25,
    swing: 0.6,
    low: { kick: "x.........x.....", sideStick: "....o.......o...", hatClosed: "o.g.o.g.o.g.o.g." },
    main: {
      kick: "x.....x...x..g..",
      snare: "....x.......x...",
      hatClosed: "o.g.o.g.o.g.o.g.",
      shaker: "..g...g...g...g.",
    },
    high: { snare: "....x..g....x..g", hatOpen: "..............g." },
    fill: "snare",
  },
  trap: {
    steps: 16,
    swingUnit: 0.25,
    swing: 0.5,
    low: { kick: "x.........x.....", hatClosed: "x.x.x.x.x.x.x.x." },
    main: { kick: "X......x..x.....", clap: "........X.......", hatClosed: "x.x.x.xrx.x.x.rx" },
    high: { kick: "X......x..x..x..", hatClosed: "x.xrx.x.xrx.x.rr", hatOpen: "..............o." },
    fill: "roll",
    crash: "crash",
  },
  dnb: {
    steps: 16,
    swingUnit: 0.25,
    swing: 0.5,
    low: { ride: "x.x.x.x.x.x.x.x.", kick: "x.........x....." },
    main: { kick: "X.........X.....", snare: "....X..g.g..X...", hatClosed: "x.x.x.xgx.x.x.xg" },
    high: { kick: "X.........X..x..", snare: "....X..g.g..X..g", ride: "x.x.x.x.x.x.x.x." },
    fill: "snare",
    crash: "crash",
  },
  dubstep: {
    steps: 16,
    swingUnit: 0.25,
    swing: 0.5,
    low: { kick: "x...............", hatClosed: "..o...o...o...o." },
    main: { kick: "X.........x.....", snare: "........X.......", hatClosed: "x.o.x.o.x.o.x.o." },
    high: { kick: "X.....x...x.....", hatClosed: "xoxoxoxoxoxoxoxo", clap: "........X......." },
    fill: "roll",
    crash: "crash",
  },
  shuffle: {
    steps: 16,
    swingUnit: 0.5,
    swing: 0.66,
    low: { kick: "x.......x.......", ride: "x...x.x.x...x.x.", hatPedal: "....x.......x..." },
    main: { kick: "X.......X.......", snare: "....x.......x...", hatClosed: "x.x.x.x.x.x.x.x." },
    high: { ride: "x.x.x.x.x.x.x.x.", snare: "....X..g....X..g" },
    fill: "snare",
    crash: "crash",
  },
  jazz: {
    steps: 16,
    swingUnit: 0.5,
    swing: 0.64,
    low: { ride: "x...x.x.x...x.x.", hatPedal: "....x.......x..." },
    main: {
      ride: "x...x.x.x...x.x.",
      hatPedal: "....x.......x...",
      kick: "g.......g.......",
      snare: "......g.......g.",
    },
    high: { snare: "..g...g...g...g.", kick: "g...g...g...g..." },
    fill: "brush",
    crash: "crash",
  },
  brushes: {
    steps: 16,
    swingUnit: 0.5,
    swing: 0.62,
    low: { snare: "g.g.g.g.g.g.g.g.", hatPedal: "....o.......o..." },
    main: {
      snare: "o.g.o.g.o.g.o.g.",
      hatPedal: "....o.......o...",
      kick: "g.......g.......",
      ride: "x...x.x.x...x.x.",
    },
    high: { snare: "o.ggo.ggo.ggo.gg", kick: "o.......o......." },
    fill: "brush",
  },
  funk: {
    steps: 16,
    swingUnit: 0.25,
    swing: 0.53,
    low: { kick: "x.........x.....", hatClosed: "xoxoxoxoxoxoxoxo" },
    main: { kick: "X..x..x...x..x..", snare: "....X..g.g..X..g", hatClosed: "xoxoxoxoxoxoxoxo" },
    high: { hatOpen: "......o.......o.", cowbell: "x...x...x...x..." },
    fill: "snare",
    crash: "crash",
  },
  country: {
    steps: 16,
    swingUnit: 0.25,
    swing: 0.52,
    low: { kick: "x.......x.......", sideStick: "....o.......o..." },
    main: {
      kick: "X.......X.......",
      snare: "....x.......x...",
      hatClosed: "x.o.x.o.x.o.x.o.",
      tambourine: "....g.......g...",
    },
    high: { snare: "g.g.X.g.g.g.X.g.", ride: "x.x.x.x.x.x.x.x." },
    fill: "snare",
    crash: "crash",
  },
  ballad: {
    steps: 16,
    swingUnit: 0.25,
    swing: 0.5,
    low: { ride: "x...x...x...x...", kick: "x..............." },
    main: { kick: "x.......x.......", sideStick: "....o.......o...", hatClosed: "x...x...x...x..." },
    high: { snare: "....x.......x...", hatClosed: "x.o.x.o.x.o.x.o." },
    fill: "toms",
    crash: "crash",
  },
  chiptune: {
    steps: 16,
    swingUnit: 0.25,
    swing: 0.5,
    low: { kick: "x.......x.......", hatClosed: "..x...x...x...x." },
    main: { kick: "X.....x.X.......", snare: "....X.......X...", hatClosed: "x.x.x.x.x.x.x.x." },
    high: { snare: "....X.......X.xx", hatClosed: "xxxxxxxxxxxxxxxx" },
    fill: "snare",
  },
  ...WORLD_GROOVES,
} as const satisfies Record<string, Groove>;

export type GrooveId = keyof typeof GROOVES;

/** Kits whose voices have no kick/snare/hat: their grooves are remapped lane by lane. */
export const KIT_LANE_MAP: Record<string, Partial<Record<Lane, Lane>>> = {
  kit_taiko: { kick: "tomLowFloor", snare: "tomLow", hatClosed: "tomHighFloor", clap: "tomLow", ride: "tomHighFloor" },
  kit_orchestral: { kick: "kickAcoustic", clap: "snare", hatClosed: "snare", hatOpen: "crash2", ride: "tomLowFloor" },
  kit_bodhran: { kick: "tomLowFloor", snare: "tomHigh", hatClosed: "tomHigh", clap: "tomHigh", ride: "tomHigh" },
  kit_hand: { kick: "congaLow", snare: "congaOpenHigh", hatClosed: "shaker", clap: "bongoHigh", ride: "shaker" },
};
