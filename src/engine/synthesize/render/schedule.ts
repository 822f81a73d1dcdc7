/**
 * Note scheduling: a part's notes → timed events, each naming the stored note it plays (see rendered-notes.ts)
 * and how to synthesise it. Pure: the render windows and the note-bank workers compute the same events, so a
 * note synthesised by one worker is found by key in the other.
 */
import { Biquad, type BiquadCoefficients, type BiquadKind } from "../../dsp/biquad.js";
import type { Part } from "../../types.js";
import { DrumHit } from "../drums/hit.js";
import { type DrumSound, drumSound, resolveKit } from "../drums/kits.js";
import { FX_FADE_SECONDS, fxVoiceFor, TEXTURE_FX } from "../voices/fx.js";
import { voiceFor } from "../voices/presets.js";
import { type Voice, type VoiceContext, type VoiceEngine, type VoiceNote, velocityGain } from "../voices/voice.js";
import { PartKeys } from "./note-keys.js";
import { NOTE_CACHE_DEFAULTS, quantiseGate, quantiseVelocity, renderNote } from "./rendered-notes.js";

/** A note still sounding this long after its gate is below hearing; a seek need not render it. */
const SEEK_TAIL_SECONDS = 12;

/** A voice engine, a drum hit, an fx voice, a SoundFont note, or a factory that names no engine. */
export type NoteEngine = VoiceEngine | "drum" | "fx" | "sampled" | "other";

export interface Scheduled {
  start: number;
  /** Start plus gate plus the longest tail: when the note is surely silent. */
  silentBy: number;
  /** Rough synthesis cost in samples (gate plus a typical tail), to share the synthesis fairly. */
  cost: number;
  /** The code that synthesises it (the bank shares notes out by it: see claims.ts). */
  engine: NoteEngine;
  /** Played from the SoundFont (by a thread that loaded its samples for this part and key). */
  sampled: boolean;
  key: string;
  /** The part's id and the MIDI key played (a drum's GM key): a SoundFont loads samples by these. */
  partId: string;
  pitch: number;
  /** Samples the note is held (0 for a drum hit). */
  gateSamples: number;
  /** Synthesises the note; the samples are a scratch view, valid until the next render (copy to keep). */
  render: () => Float32Array;
  gain: number;
  panL: number;
  panR: number;
}

export interface PartStripOptions {
  highpassHz: number;
  gainDb: number;
  pan: number;
  width: number;
  compress: boolean;
  /** Perceived level for hand-off: kick and bass stay centred. */
  mono: boolean;
  /** The role bus's linear EQ (subsonic high-pass, tilt, bass shelf), baked into each note with the part's. */
  busEq: readonly BiquadCoefficients[];
}

export function constantPower(pan: number): [number, number] {
  const a = ((Math.max(-1, Math.min(1, pan)) + 1) * Math.PI) / 4;
  return [Math.cos(a) * Math.SQRT2, Math.sin(a) * Math.SQRT2];
}

export const TEXTURE_DEFAULTS = {
  /** Length of one stored segment of a held texture (a sampler's looped bed: long enough not to sound looped). */
  segmentSeconds: 12,
  /** Distinct stored segments, played in turn (each is its own noise). */
  variants: 3,
} as const;

/**
 * A held texture (vinyl, rain) as segments of equal length that overlap by their fades: a bed held for a whole
 * piece is then a few stored notes, not one as long as the piece. Segment k starts k spacings in; one gate
 * serves all, so they share keys, and the last ends with the note (to the sample).
 */
export function textureSegments(
  start: number,
  held: number,
  sampleRate: number,
): { start: number; gate: number; variant: number }[] {
  const fade = Math.round(FX_FADE_SECONDS * sampleRate);
  const target = TEXTURE_DEFAULTS.segmentSeconds * sampleRate;
  const count = Math.max(1, Math.round((held - fade) / target));
  if (count === 1) return [{ start, gate: quantiseGate(held), variant: 0 }];
  const spacing = (held - fade) / count;
  const gate = held - Math.round((count - 1) * spacing);
  return Array.from({ length: count }, (_, k) => ({
    start: start + Math.round(k * spacing),
    gate,
    variant: k % TEXTURE_DEFAULTS.variants,
  }));
}

/** SoundFont notes' keys begin so (a built-in voice playing the same note has another key). */
const SAMPLED_KEY = "sf:";

export function isSampledKey(key: string): boolean {
  return key.startsWith(SAMPLED_KEY);
}

const drumLevel = (v: number) => 0.15 + 0.85 * v ** 1.3;

/** Whether the part's notes are percussion hits (panned one by one) rather than pitched mono voices. */
export function isHitPart(part: Part): boolean {
  return part.isDrum || part.role === "drums";
}

/** The part's linear EQ (high-pass, voice body EQ, lo-fi kit band limit) followed by its bus's. */
function noteEq(part: Part, strip: PartStripOptions, sr: number): BiquadCoefficients[] {
  const def = part.role === "fx" || isHitPart(part) ? undefined : voiceFor(part.voice, part.family);
  const eq = [Biquad.of("highpass", sr, strip.highpassHz, 0.7)];
  for (const e of def?.eq ?? []) eq.push(Biquad.of(e.kind as BiquadKind, sr, e.hz, e.q ?? 0.8, e.gainDb ?? 0));
  if (part.voice === "kit_lofi" || part.kit === "lofi") eq.push(Biquad.of("lowpass", sr, 5500, 0.7));
  return [...eq.map((f) => f.c), ...strip.busEq];
}

/** The first closed or pedal hat after note i that starts later (it chokes an open hat), looking on from i. */
function nextClosingHat(notes: readonly Part["notes"][number][], i: number): Part["notes"][number] | undefined {
  const start = notes[i]!.start;
  for (let j = i + 1; j < notes.length; j++) {
    const m = notes[j]!;
    if (m.start > start && (m.pitch === 42 || m.pitch === 44)) return m;
  }
  return undefined;
}

/** Notes played from a SoundFont: a voice per note, on whatever thread holds the loaded bank. */
export interface SampledVoices {
  voice(part: Part, note: VoiceNote, drum: boolean): Voice;
}

/**
 * Every note of the part, in time order, as events (the whole part: chokes and round-robins look around).
 * SoundFont parts get their own keys; where no SoundFont is at hand (a worker that finds a note missing
 * from the bank) they fall back to the built-in voice. Every repeat of a key shares its synthesis.
 */
export function scheduleNotes(
  part: Part,
  ctx: VoiceContext,
  strip: PartStripOptions,
  seed: number,
  soundfont = false,
  sampled?: SampledVoices,
): Scheduled[] {
  const sr = ctx.sampleRate;
  const notes = [...part.notes].filter((n) => n.duration > 0).sort((a, b) => a.start - b.start);
  const keys = new PartKeys(`${soundfont ? SAMPLED_KEY : ""}${part.id}:`, seed);
  const eq = noteEq(part, strip, sr);
  const setting: PartSetting = { part, ctx, eq, soundfont, sampled, keys };
  return isHitPart(part) ? scheduleHits(notes, setting) : schedulePitched(notes, setting);
}

interface PartSetting {
  part: Part;
  ctx: VoiceContext;
  eq: BiquadCoefficients[];
  soundfont: boolean;
  sampled: SampledVoices | undefined;
  keys: PartKeys;
}

const toSample = (seconds: number, sr: number) => Math.max(0, Math.round(seconds * sr));

function scheduleHits(notes: readonly Part["notes"][number][], setting: PartSetting): Scheduled[] {
  const { part, ctx, eq, soundfont, sampled, keys } = setting;
  const sr = ctx.sampleRate;
  const tail = SEEK_TAIL_SECONDS * sr;
  const maxTail = NOTE_CACHE_DEFAULTS.maxTailSeconds * sr;
  const kit = resolveKit(part.voice, part.kit);
  const variants = NOTE_CACHE_DEFAULTS.drumVariants;
  const steps = NOTE_CACHE_DEFAULTS.drumVelocitySteps;
  const sounds = new Map<number, { sound: DrumSound; l: number; r: number } | null>();
  const events: Scheduled[] = [];
  for (let i = 0; i < notes.length; i++) {
    const n = notes[i]!;
    let hit = sounds.get(n.pitch);
    if (hit === undefined) {
      const sound = drumSound(kit, n.pitch);
      const [l, r] = sound ? constantPower(sound.pan * 0.8 + part.pan * 0.5) : [0, 0];
      hit = sound ? { sound, l, r } : null;
      sounds.set(n.pitch, hit);
    }
    if (!hit) continue;
    const sound = hit.sound;
    let choke = 0;
    if (sound.category === "hatOpen") {
      const closer = nextClosingHat(notes, i);
      if (closer) choke = quantiseGate(toSample(closer.start - n.start, sr) + 132);
    }
    const vq = quantiseVelocity(n.velocity, steps);
    const keyed = keys.get(
      n.pitch,
      vq,
      steps,
      choke,
      i % variants,
      (noteSeed) => () =>
        renderNote(
          soundfont && sampled
            ? sampled.voice(part, { pitch: n.pitch, velocity: vq, gateSamples: choke || sr, seed: noteSeed }, true)
            : new DrumHit(sound.spec, sr, vq, noteSeed, sound.tune, choke || Number.POSITIVE_INFINITY),
          maxTail,
          eq,
        ),
    );
    const start = toSample(n.start, sr);
    events.push({
      start,
      silentBy: start + tail,
      cost: sr,
      engine: soundfont ? "sampled" : "drum",
      sampled: soundfont,
      key: keyed.key,
      partId: part.id,
      pitch: n.pitch,
      gateSamples: 0,
      render: keyed.render,
      gain: drumLevel(n.velocity) / drumLevel(vq),
      panL: hit.l,
      panR: hit.r,
    });
  }
  return events;
}

function schedulePitched(notes: readonly Part["notes"][number][], setting: PartSetting): Scheduled[] {
  const { part, ctx, eq, soundfont, sampled, keys } = setting;
  const sr = ctx.sampleRate;
  const tail = SEEK_TAIL_SECONDS * sr;
  const maxTail = NOTE_CACHE_DEFAULTS.maxTailSeconds * sr;
  const isFx = part.role === "fx" || part.family === "fx";
  const factory = isFx ? undefined : voiceFor(part.voice, part.family).create;
  const texture = isFx && TEXTURE_FX.has(part.voice);
  const engine: NoteEngine = soundfont ? "sampled" : isFx ? "fx" : (factory?.engine ?? "other");
  const variants = NOTE_CACHE_DEFAULTS.pitchedVariants;
  const steps = NOTE_CACHE_DEFAULTS.velocitySteps;
  const events: Scheduled[] = [];
  for (let i = 0; i < notes.length; i++) {
    const n = notes[i]!;
    const vq = quantiseVelocity(n.velocity, steps);
    const start = toSample(n.start, sr);
    const held = toSample(n.duration, sr);
    const segments = texture
      ? textureSegments(start, held, sr)
      : [{ start, gate: quantiseGate(held), variant: i % variants }];
    const gain = velocityGain(n.velocity) / velocityGain(vq);
    for (const { start, gate, variant } of segments) {
      const keyed = keys.get(n.pitch, vq, steps, gate, variant, (noteSeed) => {
        const make = factory ?? fxVoiceFor(part.voice, gate / sr);
        return () => {
          const note = { pitch: n.pitch, velocity: vq, gateSamples: gate, seed: noteSeed };
          return renderNote(
            soundfont && sampled ? sampled.voice(part, note, false) : make(note, ctx),
            gate + maxTail,
            eq,
          );
        };
      });
      events.push({
        start,
        silentBy: start + gate + tail,
        cost: gate + sr,
        engine,
        sampled: soundfont,
        key: keyed.key,
        partId: part.id,
        pitch: n.pitch,
        gateSamples: gate,
        render: keyed.render,
        gain,
        panL: 1,
        panR: 1,
      });
    }
  }
  // two overlapping beds interleave their segments: the renderer walks the events in time order
  return texture ? events.sort((a, b) => a.start - b.start) : events;
}
