/**
 * A render worker's rehearsal: a bar played six times through the whole render path (note bank, window, buses,
 * mix analysis) once the worker has loaded, while a server waits for its first request. A fresh worker runs
 * its first notes and blocks in the interpreter and compiles them as it goes; rehearsed, it meets the first
 * real piece with that code compiled (90 s of house: render 579 → 510 ms, with the master 726 → 658 ms, on 2
 * cores). The bar plays every voice engine, both kinds of drum kit, a held texture and a riser, so the code is
 * warm whatever the piece.
 *
 * The pool raises the rehearsal's stop flag with the worker's next request: the worker drops the rehearsal at
 * its next note or every 64 blocks, and the request runs as it would have.
 */
import { premixAnalysis } from "../../dsp/mix-analysis.js";
import { NEUTRAL_MIX, type Note, type Part, ROLES, type Role, type Score } from "../../types.js";
import { bankOf, energiesOf, synthesizeShare } from "./note-bank.js";
import { targetOf } from "./protocol.js";
import { renderWindow } from "./window.js";

export const REHEARSAL_DEFAULTS = {
  /** The bar's tempo. */
  bpm: 120,
  /** The bar's length in beats (one second). */
  beats: 2,
  /**
   * Times the bar plays: its notes are synthesised once, and the repeats run the window's blocks often enough
   * for the engine to compile them (a single bar warmed the notes' code, not the mixing's).
   */
  repeats: 6,
  /** Half the usual rate: the same code runs on half the samples, and an idle server holds half the memory. */
  sampleRate: 22050,
} as const;

const BEAT = 60 / REHEARSAL_DEFAULTS.bpm;
const BAR = REHEARSAL_DEFAULTS.beats * BEAT;

/** Notes at the given beats of every repeat of the bar, each `length` beats long. */
function at(pitches: readonly number[], beats: readonly number[], length: number, velocity = 0.8): Note[] {
  const notes: Note[] = [];
  for (let bar = 0; bar < REHEARSAL_DEFAULTS.repeats; bar++) {
    beats.forEach((b, i) => {
      const start = (bar * REHEARSAL_DEFAULTS.beats + b) * BEAT;
      for (const pitch of pitches)
        notes.push({ pitch, start, duration: length * BEAT, velocity: velocity - 0.05 * (i % 3) });
    });
  }
  return notes;
}

function part(role: Role, voice: string, family: Part["family"], notes: Note[], extra: Partial<Part> = {}): Part {
  return {
    id: `${role}-${voice}`,
    name: voice,
    role,
    voice,
    family,
    program: 0,
    isDrum: false,
    notes,
    gainDb: -6,
    pan: 0,
    reverbSend: 0.2,
    ...extra,
  };
}

/** The bar: a part for each voice engine and kit, a note or two each (it is the code that is rehearsed). */
export function rehearsalScore(): Score {
  const drums = (voice: string, kit: string, notes: Note[]) =>
    part("drums", voice, "drums", notes, { isDrum: true, kit, reverbSend: 0.1 });
  const parts: Part[] = [
    drums("kit_909", "electronic", [
      ...at([36], [0, 1], 0.25, 0.95),
      ...at([39], [1], 0.25),
      ...at([42], [0, 0.5, 1], 0.25, 0.5),
      ...at([46], [1.5], 0.25, 0.6),
    ]),
    drums("kit_acoustic", "acoustic", at([38], [1], 0.25)),
    part("bass", "synth_bass", "bass", at([36], [0, 0.75], 0.5)),
    part("bass", "acoustic_bass", "bass", at([43], [1], 1)),
    part("harmony", "warm_pad", "synth", at([55], [0], 2, 0.5)),
    part("harmony", "fm_epiano", "epiano", at([63], [0], 1, 0.6)),
    part("harmony", "piano", "piano", at([60], [0], 1, 0.6)),
    part("harmony", "organ", "organ", at([55], [1], 1, 0.5)),
    part("harmony", "strings", "strings", at([62], [0], 2, 0.5)),
    part("melody", "supersaw", "synth", at([72], [0], 1)),
    part("melody", "nylon_guitar", "guitar_family", at([67], [0.5], 1)),
    part("melody", "marimba", "mallets", at([79], [1], 0.5)),
    part("melody", "flute", "woodwind", at([74], [0], 2)),
    part("fx", "riser", "fx", at([60], [0], 2, 0.7)),
    part("fx", "vinyl", "fx", at([60], [0], 2, 0.4)),
  ];
  return {
    title: "rehearsal",
    style: "house",
    bpm: REHEARSAL_DEFAULTS.bpm,
    tempoMap: [{ beat: 0, time: 0, bpm: REHEARSAL_DEFAULTS.bpm }],
    meter: { beatsPerBar: 4, beatUnit: 4 },
    key: { tonic: "C", mode: "minor" },
    duration: BAR * REHEARSAL_DEFAULTS.repeats,
    sections: [
      {
        name: "Bar",
        kind: "drop",
        start: 0,
        end: BAR * REHEARSAL_DEFAULTS.repeats,
        startBar: 0,
        bars: REHEARSAL_DEFAULTS.repeats,
        energy: 1,
      },
    ],
    parts,
    hits: [],
    loop: null,
    ending: "hard",
    mix: { ...NEUTRAL_MIX },
    lufs: -14,
    swing: 0.5,
    seed: 1,
  };
}

function ignoreProgress(): void {}

/**
 * Plays the bar as a render's `share` of two would: claims its notes from the bank's shared order (here it
 * meets no other share, so it takes them all), then renders the window into buffers of its own, measuring
 * the mix as a render does. Returns whether it played to the end (false: `shouldStop` cut it short).
 */
export function rehearse(share: number, shouldStop: () => boolean): boolean {
  if (shouldStop()) return false;
  const score = rehearsalScore();
  const sampleRate = REHEARSAL_DEFAULTS.sampleRate;
  const scope = { score, sampleRate, roles: [...ROLES], skipParts: [], soundfontParts: [] };
  const claims = new Int32Array(new SharedArrayBuffer(8));
  const own = synthesizeShare(scope, share % 2, 2, shouldStop, undefined, false, claims);
  if (!own) return false;
  const frames = Math.round(score.duration * sampleRate);
  const stereo = () => ({ left: new SharedArrayBuffer(frames * 4), right: new SharedArrayBuffer(frames * 4) });
  const summary = renderWindow(
    {
      ...scope,
      start: 0,
      end: frames,
      bank: bankOf([own]),
      energies: energiesOf([own]),
      analysis: { data: premixAnalysis(frames, sampleRate, [...ROLES], true), length: frames },
      // (it reports no progress: a request may be waiting on the worker's messages meanwhile)
      onProgress: ignoreProgress,
      shouldStop,
    },
    targetOf({ outputs: Object.fromEntries(ROLES.map((r) => [r, stereo()])), mix: stereo(), frames }),
  );
  return summary !== undefined;
}
