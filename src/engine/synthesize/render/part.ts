/**
 * Streams one part in blocks: starts voices at their sample, lets each voice run its gate and release, and
 * applies the part's channel strip. Memory is one block per part plus the live voices, whatever the length.
 *
 *   notes ─▶ voices ─▶ Σ mono ─▶ high-pass ─▶ EQ ─▶ gain ─▶ pan / width ─▶ [compressor] ─▶ stereo out
 *   (drums: each hit is panned on its own before the strip)
 */
import { Biquad, type BiquadCoefficients, type BiquadKind } from "../../dsp/biquad.js";
import { Compressor } from "../../dsp/dynamics.js";
import { dbToGain } from "../../dsp/filters.js";
import type { Part } from "../../types.js";
import { DrumHit } from "../drums/hit.js";
import { drumSound, resolveKit } from "../drums/kits.js";
import { fxVoiceFor } from "../voices/fx.js";
import { voiceFor } from "../voices/presets.js";
import { type VoiceContext, velocityGain } from "../voices/voice.js";
import { NOTE_CACHE_DEFAULTS, type NoteStore, quantiseGate, quantiseVelocity, renderNote } from "./rendered-notes.js";

export const BLOCK = 512;
const MAX_VOICES = 40;
/** Blocks (~0.2 s) a part keeps processing after its last voice, for filter and chorus tails. */
const IDLE_BLOCKS = 16;
/** A note still sounding this long after its gate is below hearing; a seek need not render it. */
const SEEK_TAIL_SECONDS = 12;

interface Scheduled {
  start: number;
  /** Start plus gate plus the longest tail: when the note is surely silent. */
  silentBy: number;
  key: string;
  render: () => Float32Array;
  gain: number;
  panL: number;
  panR: number;
}

/** A note playing: its rendered samples and where it is in them. */
interface Live {
  samples: Float32Array;
  pos: number;
  gain: number;
  panL: number;
  panR: number;
}

function constantPower(pan: number): [number, number] {
  const a = ((Math.max(-1, Math.min(1, pan)) + 1) * Math.PI) / 4;
  return [Math.cos(a) * Math.SQRT2, Math.sin(a) * Math.SQRT2];
}

function hashSeed(a: number, b: number): number {
  let h = (a ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (b + 0x7f4a7c15), 0x85ebca6b) >>> 0;
  return (h ^ (h >>> 13)) >>> 0;
}

function hashKey(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return h >>> 0;
}

const drumLevel = (v: number) => 0.15 + 0.85 * v ** 1.3;

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

export class PartRenderer {
  private events: Scheduled[];
  private next = 0;
  private live: Live[] = [];
  readonly left = new Float32Array(BLOCK);
  readonly right = new Float32Array(BLOCK);
  /** The part's linear EQ and its bus's, applied to each stored note (see rendered-notes.ts). */
  private readonly noteEq: BiquadCoefficients[];
  private readonly compressor: Compressor | undefined;
  private readonly gain: number;
  private readonly pan: [number, number];
  private readonly stereoVoices: boolean;
  private idleBlocks = 0;
  /** Whether render() leaves a finished stereo pair rather than a mono sum. */
  readonly stereoOut: boolean;
  /** Pan gains for the mono sum. */
  readonly gainL: number;
  readonly gainR: number;
  /** How much of the mono sum feeds the role's width chorus. */
  readonly width: number;

  constructor(
    readonly part: Part,
    private readonly ctx: VoiceContext,
    strip: PartStripOptions,
    seed: number,
    private readonly store: NoteStore,
    /** Notes starting at or after this sample are not this window's. */
    windowEnd = Number.POSITIVE_INFINITY,
  ) {
    const sr = ctx.sampleRate;
    const toSample = (s: number) => Math.max(0, Math.round(s * sr));
    // the whole part, even past the window: a choke or a round-robin index depends on the notes around it
    const notes = [...part.notes].filter((n) => n.duration > 0).sort((a, b) => a.start - b.start);
    const tail = SEEK_TAIL_SECONDS * sr;
    const maxTail = NOTE_CACHE_DEFAULTS.maxTailSeconds * sr;
    const partKey = `${part.id}:`;
    this.stereoVoices = part.isDrum || part.role === "drums";
    if (this.stereoVoices) {
      const kit = resolveKit(part.voice, part.kit);
      const variants = NOTE_CACHE_DEFAULTS.drumVariants;
      this.events = notes.flatMap((n, i) => {
        const sound = drumSound(kit, n.pitch);
        if (!sound) return [];
        let choke = 0;
        if (sound.category === "hatOpen") {
          const closer = notes.find((m, j) => j > i && m.start > n.start && (m.pitch === 42 || m.pitch === 44));
          if (closer) choke = quantiseGate(toSample(closer.start - n.start) + 132);
        }
        const [l, r] = constantPower(sound.pan * 0.8 + part.pan * 0.5);
        const vq = quantiseVelocity(n.velocity, NOTE_CACHE_DEFAULTS.drumVelocitySteps);
        const key = `${partKey}${n.pitch}|${vq}|${choke}|${i % variants}`;
        const noteSeed = hashSeed(seed, hashKey(key));
        const start = toSample(n.start);
        return [
          {
            start,
            silentBy: start + tail,
            key,
            render: () =>
              renderNote(
                new DrumHit(sound.spec, sr, vq, noteSeed, sound.tune, choke || Number.POSITIVE_INFINITY),
                maxTail,
                this.noteEq,
              ),
            gain: drumLevel(n.velocity) / drumLevel(vq),
            panL: l,
            panR: r,
          },
        ];
      });
    } else {
      const isFx = part.role === "fx" || part.family === "fx";
      const factory = isFx ? undefined : voiceFor(part.voice, part.family).create;
      const variants = NOTE_CACHE_DEFAULTS.pitchedVariants;
      this.events = notes.map((n, i) => {
        const vq = quantiseVelocity(n.velocity);
        const gate = quantiseGate(toSample(n.duration));
        const key = `${partKey}${n.pitch}|${vq}|${gate}|${i % variants}`;
        const noteSeed = hashSeed(seed, hashKey(key));
        const start = toSample(n.start);
        const make = factory ?? fxVoiceFor(part.voice, gate / sr);
        return {
          start,
          silentBy: start + gate + tail,
          key,
          render: () =>
            renderNote(
              make({ pitch: n.pitch, velocity: vq, gateSamples: gate, seed: noteSeed }, ctx),
              gate + maxTail,
              this.noteEq,
            ),
          gain: velocityGain(n.velocity) / velocityGain(vq),
          panL: 1,
          panR: 1,
        };
      });
    }
    this.events = this.events.filter((e) => e.start < windowEnd);
    for (const e of this.events) store.expect(e.key);
    const def = part.role === "fx" || this.stereoVoices ? undefined : voiceFor(part.voice, part.family);
    const eq = [Biquad.of("highpass", sr, strip.highpassHz, 0.7)];
    for (const e of def?.eq ?? []) eq.push(Biquad.of(e.kind as BiquadKind, sr, e.hz, e.q ?? 0.8, e.gainDb ?? 0));
    if (part.voice === "kit_lofi" || part.kit === "lofi") eq.push(Biquad.of("lowpass", sr, 5500, 0.7));
    this.noteEq = [...eq.map((f) => f.c), ...strip.busEq];
    this.gain = dbToGain(strip.gainDb);
    this.pan = strip.mono ? [1, 1] : constantPower(strip.pan);
    this.width = strip.mono || this.stereoVoices ? 0 : strip.width;
    [this.gainL, this.gainR] = this.pan;
    this.compressor = strip.compress
      ? new Compressor(sr, { thresholdDb: -18, ratio: 3, kneeDb: 6, attackSeconds: 0.006, releaseSeconds: 0.12 })
      : undefined;
    this.stereoOut = this.stereoVoices || this.compressor !== undefined;
  }

  private begin(e: Scheduled, pos: number): void {
    const samples = this.store.take(e.key, e.render);
    if (pos >= samples.length) return;
    if (this.live.length >= MAX_VOICES) this.live.shift();
    this.live.push({ samples, pos, gain: e.gain * this.gain, panL: e.panL, panR: e.panR });
  }

  /** Notes that began before `sample` and still sound join mid-way; long-silent ones are passed over. */
  seek(sample: number): void {
    while (this.next < this.events.length && this.events[this.next]!.start < sample) {
      const e = this.events[this.next++]!;
      if (e.silentBy < sample) this.store.take(e.key, () => new Float32Array(0));
      else this.begin(e, sample - e.start);
    }
  }

  /**
   * Whether the part can make sound in [blockStart, blockStart + n): a voice is live, a note starts, or
   * the strip's filters and chorus are still ringing out (a few blocks after the last voice ended).
   * Silent stretches are skipped entirely; the block grid is global, so split renders skip alike.
   */
  sounds(blockStart: number, n: number): boolean {
    if (this.live.length > 0 || (this.next < this.events.length && this.events[this.next]!.start < blockStart + n)) {
      this.idleBlocks = 0;
      return true;
    }
    return ++this.idleBlocks <= IDLE_BLOCKS;
  }

  /**
   * Renders the block [blockStart, blockStart + n) into `left` — the mono sum, to be panned by gainL/gainR —
   * or, when `stereoOut`, into `left`/`right` finished (drums are panned per hit; compressed parts squeezed).
   */
  render(blockStart: number, n: number): void {
    this.left.fill(0, 0, n);
    if (this.stereoVoices) this.right.fill(0, 0, n);
    const end = blockStart + n;
    while (this.next < this.events.length && this.events[this.next]!.start < end) {
      const e = this.events[this.next++]!;
      // joins the live list at a negative position: it starts part-way into this block
      this.begin(e, blockStart - e.start);
    }
    let kept = 0;
    for (const v of this.live) if (this.play(v, n)) this.live[kept++] = v;
    this.live.length = kept;
    if (this.compressor) {
      if (!this.stereoVoices) {
        const [gl, gr] = this.pan;
        for (let i = 0; i < n; i++) {
          const x = this.left[i]!;
          this.left[i] = x * gl;
          this.right[i] = x * gr;
        }
      }
      this.compressor.processStereo(this.left, this.right, 0, n);
    }
  }

  /** Adds a live note's next samples (mono, or panned for drums); false once it has ended. */
  private play(v: Live, n: number): boolean {
    const src = v.samples;
    const from = v.pos < 0 ? -v.pos : 0;
    const base = v.pos;
    const to = Math.min(n, src.length - base);
    const g = v.gain;
    const l = this.left;
    if (this.stereoVoices) {
      const r = this.right;
      const gl = g * v.panL;
      const gr = g * v.panR;
      for (let i = from; i < to; i++) {
        const x = src[base + i]!;
        l[i]! += x * gl;
        r[i]! += x * gr;
      }
    } else {
      for (let i = from; i < to; i++) l[i]! += src[base + i]! * g;
    }
    v.pos += n;
    return v.pos < src.length;
  }
}
