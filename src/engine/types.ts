/**
 * The local engine's shared types: the contracts between its stages.
 *
 *   brief ──plan/──▶ Plan ──compose/──▶ Score ──synthesize/──▶ Stems ──master/──▶ Master ──encode/──▶ bytes
 *                                          └──encode/midi──▶ .mid
 *
 * Each stage imports only this file, `theory/` and `dsp/`. Units are in the names and types.
 */
export { ComposerError, type ErrorCode } from "../errors.js";

export type Seconds = number;
export type Hz = number;
export type Decibels = number;
export type Lufs = number;
/** Quarter-note beats. */
export type Beats = number;
/** MIDI note number 0..127 (60 = middle C). */
export type MidiNote = number;

export type Mode =
  | "major"
  | "minor"
  | "dorian"
  | "phrygian"
  | "lydian"
  | "mixolydian"
  | "locrian"
  | "harmonic minor"
  | "major pentatonic"
  | "minor pentatonic";

export interface Key {
  /** Pitch class name with accidentals as written: "C", "Eb", "F#". */
  tonic: string;
  mode: Mode;
}

export interface Meter {
  /** 4 for 4/4, 3 for 3/4, 6 for 6/8, 12 for 12/8, 5 for 5/4. */
  beatsPerBar: number;
  /** 4 or 8. */
  beatUnit: number;
}

/** The five stems; every part belongs to one. */
export const ROLES = ["drums", "bass", "harmony", "melody", "fx"] as const;
export type Role = (typeof ROLES)[number];

/** Instrument families as a listener (and a GM program map) knows them. */
export type Family =
  | "piano"
  | "epiano"
  | "organ"
  | "guitar_family"
  | "bass"
  | "strings"
  | "brass"
  | "woodwind"
  | "synth"
  | "mallets"
  | "drums"
  | "choir"
  | "ethnic"
  | "fx";

export type Ending = "cadence" | "fade" | "hard";

/** Intents the sound stage applies; 0 is neutral. Carried across refinements and summed. */
export interface MixIntents {
  /** Bass stem and low shelf, dB. */
  bassDb: Decibels;
  /** High shelf on the master, dB: positive brighter, negative darker. */
  brightnessDb: Decibels;
  /** Reverb send scale, -1..1. */
  space: number;
  /** Drums stem, dB. */
  drumsDb: Decibels;
  /** Melody stem, dB. */
  melodyDb: Decibels;
  /** Stereo width scale, -1..1. */
  width: number;
}

export const NEUTRAL_MIX: MixIntents = { bassDb: 0, brightnessDb: 0, space: 0, drumsDb: 0, melodyDb: 0, width: 0 };

export interface HitPoint {
  at: Seconds;
  /** drop: an energy jump (a section starts there); hit: an accent; cut: a video cut. */
  kind: "drop" | "hit" | "cut";
}

export type SectionKind =
  | "intro"
  | "verse"
  | "pre"
  | "chorus"
  | "build"
  | "drop"
  | "breakdown"
  | "bridge"
  | "solo"
  | "outro"
  | "loop";

/** The brief made precise. Every field is decided; `explicit` says which ones the person asked for. */
export interface Plan {
  title: string;
  /** A style id from plan/'s style table ("pop", "house", "chinese_traditional", …). */
  style: string;
  moods: string[];
  /** Overall energy 0..1. */
  energy: number;
  /** Energy at evenly spaced points across the piece, 0..1 (at least 2 points). */
  energyCurve: number[];
  bpm: number;
  key: Key;
  meter: Meter;
  durationSeconds: Seconds;
  /** Ordered instrument choices, each mapped to a role and a GM program. */
  instruments: InstrumentChoice[];
  /** Families the person excluded; composition must not use them. */
  excluded: Family[];
  /** Roles switched off ("no melody", "no drums"). */
  mutedRoles: Role[];
  /** Explicit form, when asked for ("intro, verse, chorus"); otherwise chosen by compose/. */
  form: SectionKind[] | null;
  introBars: number | null;
  hits: HitPoint[];
  loop: boolean;
  ending: Ending;
  /** Swing 0.5 (straight) .. 0.75. */
  swing: number;
  lufs: Lufs;
  useCase: string | null;
  mix: MixIntents;
  seed: number;
  language: "en" | "zh";
  /** Names of the fields the person set explicitly (prompt or tool arguments). */
  explicit: string[];
}

export interface InstrumentChoice {
  /** Built-in voice id the sound stage knows ("piano", "fm_epiano", "supersaw", "nylon_guitar", …). */
  voice: string;
  /** A human name for summaries ("warm pad"). */
  name: string;
  role: Role;
  family: Family;
  /** General MIDI program 0..127; ignored for drums (channel 10). */
  program: number;
  /** Drum kit for role drums: "electronic", "acoustic", "brushes", "orchestral", "hand", "chiptune". */
  kit?: string;
}

export interface Note {
  pitch: MidiNote;
  start: Seconds;
  duration: Seconds;
  /** 0..1 */
  velocity: number;
}

export interface TempoPoint {
  /** Position in quarter-note beats from the start. */
  beat: Beats;
  time: Seconds;
  bpm: number;
}

export interface ScoreSection {
  name: string;
  kind: SectionKind;
  start: Seconds;
  end: Seconds;
  startBar: number;
  bars: number;
  /** 0..1 */
  energy: number;
}

export interface Part {
  id: string;
  name: string;
  role: Role;
  voice: string;
  family: Family;
  program: number;
  /** Drums play GM drum-map pitches on MIDI channel 10. */
  isDrum: boolean;
  kit?: string;
  notes: Note[];
  /** Mix defaults from the arrangement, before the plan's MixIntents. */
  gainDb: Decibels;
  /** -1 (left) .. 1 (right). */
  pan: number;
  /** 0..1 send to the reverb bus. */
  reverbSend: number;
}

export interface Score {
  title: string;
  style: string;
  bpm: number;
  tempoMap: TempoPoint[];
  meter: Meter;
  key: Key;
  /** The exact length of the finished file. */
  duration: Seconds;
  sections: ScoreSection[];
  parts: Part[];
  hits: HitPoint[];
  /** Loop region; when set the file repeats from start to end seamlessly. */
  loop: { start: Seconds; end: Seconds } | null;
  ending: Ending;
  mix: MixIntents;
  lufs: Lufs;
  /** Swing used (for the sound stage's tempo-synced effects). */
  swing: number;
  seed: number;
}

/** Stereo audio, 32-bit float, -1..1 nominal. */
export interface StereoBuffer {
  sampleRate: number;
  left: Float32Array;
  right: Float32Array;
}

/** What a reference analysis yields (analyze/), used by plan/ when a reference is attached. */
export interface ReferenceAnalysis {
  kind: "audio" | "video" | "image";
  durationSeconds?: Seconds;
  frameRate?: number;
  bpm?: number;
  key?: Key;
  loudnessLufs?: Lufs;
  /** Energy 0..1 at evenly spaced points. */
  energyCurve?: number[];
  sceneCutsSeconds?: Seconds[];
  hasAudio?: boolean;
  /** For images: 0..1 each. */
  brightness?: number;
  saturation?: number;
  warmth?: number;
  moodHints?: string[];
  /** Overall energy hint 0..1 (images: from brightness, saturation and contrast). */
  energy?: number;
}

// ── Stage contracts ───────────────────────────────────────────────────────────────────────────

/** Tool arguments that override the prompt (explicit fields win). */
export interface PlanOverrides {
  durationSeconds?: Seconds;
  bpm?: number;
  /** As written: "D minor", "Bb", "A dorian". */
  key?: string;
  /** "4/4", "3/4", "6/8", … */
  timeSignature?: string;
  loop?: boolean;
  seed?: number;
  lufs?: Lufs;
}

/** plan/: `interpret(brief, { previous, overrides, reference }) → Interpretation` */
export interface Interpretation {
  plan: Plan;
  /** What was understood, as short phrases a person can read ("tempo 118 BPM", "no drums"). */
  understood: string[];
  /** Words or requests that were not understood or could not be honoured. */
  ignored: string[];
  /** For refinements: what changed against the previous plan ("tempo 124 → 115 BPM"). */
  changes: string[];
}

export interface RenderOptions {
  sampleRate: number;
  /** A GM SoundFont to render acoustic parts with; built-in synthesis otherwise. */
  soundfont?: string | undefined;
  signal?: AbortSignal | undefined;
  /** 0..1 */
  onProgress?: ((fraction: number) => void) | undefined;
  /**
   * false: render only the summed pre-master mix (RenderedStems.mix) and leave every stem empty (length 0),
   * which keeps long pieces within memory when no stems are exported. Default true.
   */
  stems?: boolean | undefined;
  /**
   * A folder on disk where a long render keeps its output while it renders (a scratch file, removed before
   * renderStems returns), so the whole mix and the note bank are never in memory together. Default: the
   * system's temporary folder.
   */
  scratchDir?: string | undefined;
}

/** synthesize/: `renderStems(score, options) → Promise<RenderedStems>` (pre-master, one buffer per role). */
export interface RenderedStems {
  sampleRate: number;
  stems: Record<Role, StereoBuffer>;
  /** "builtin" or "soundfont" (with the file used). */
  engine: "builtin" | "soundfont";
  soundfont?: string;
  /**
   * The pre-master mix: always with `stems: false` (the stems are then empty); with stems, the stems' sum when
   * the renderer summed them itself (mastering sums them otherwise).
   */
  mix?: StereoBuffer;
  /** What mastering measures on `mix`, when the renderer measured it while rendering (mastering skips a pass). */
  analysis?: PremixAnalysis;
}

/**
 * What mastering measures on a pre-master mix, per step of `step` samples (dsp/mix-analysis.ts): the sample
 * peaks and curvatures that bound its true peaks, its K-weighted loudness moments, and each input's sum (DC).
 */
export interface PremixAnalysis {
  step: number;
  /** Largest |sample| per step of the mix, over both channels. */
  samplePeaks: Float32Array;
  /** Largest |sample| per step over every stem and channel (length 0 without stems). */
  stemPeaks: Float32Array;
  /** Largest |x[j−1] − 2·x[j] + x[j+1]| per step of its centre j, over both channels of the mix. */
  curvature: Float32Array;
  /** K-weighted moments per step (dsp/loudness.ts, KWeightedSteps). */
  loudness: { m0: Float32Array; m1: Float32Array; m2: Float32Array; split: Float64Array };
  /** Σ samples of the mix (left, right), then of each stem (left, right) in `stemRoles` order. */
  sums: Float64Array;
  stemRoles: Role[];
}

/** master/: `masterTrack(stems, score, { lufs }) → MasteredTrack`. Stems are scaled so they sum to `mix`. */
export interface MasteredTrack {
  mix: StereoBuffer;
  stems: Record<Role, StereoBuffer>;
  integratedLufs: Lufs;
  truePeakDbtp: Decibels;
}

export type AudioFormat = "wav" | "mp3" | "flac" | "ogg" | "m4a" | "aac";

/** encode/: `encodeAudio(buffer, format, options) → Promise<Uint8Array>` */
export interface EncodeOptions {
  /** WAV: 16, 24 or 32 (float). */
  bitDepth?: 16 | 24 | 32;
  /** Resample to this rate when it differs from the buffer's. */
  sampleRate?: number;
  title?: string;
  /** Section markers (WAV cue points). */
  markers?: { name: string; at: Seconds }[];
  /** Loop points (WAV smpl chunk, OGG LOOPSTART/LOOPLENGTH). */
  loop?: { start: Seconds; end: Seconds } | null;
  /** ffmpeg binary for m4a/aac (and flac when no pure encoder is used). */
  ffmpeg?: string;
  signal?: AbortSignal;
}
