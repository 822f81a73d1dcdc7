/**
 * Streams one part in blocks: each note plays its stored samples (synthesised once, already through the part's
 * and bus's EQ — see rendered-notes.ts), summed mono for pitched parts or panned hit by hit for drums, then
 * the part's dynamics. Pan, sends and width are applied by the role bus (window.ts).
 *
 *   events ─▶ stored notes (16-bit × scale) × velocity gain × part gain ─▶ Σ (mono | per-hit stereo) ─▶ [compressor] ─▶ bus
 */
import { Compressor } from "../../dsp/dynamics.js";
import { dbToGain } from "../../dsp/filters.js";
import { blockBuffer, inArena, wasmKernels } from "../../dsp/kernels.js";
import type { Part } from "../../types.js";
import type { VoiceContext } from "../voices/voice.js";
import type { NoteStore } from "./rendered-notes.js";
import { constantPower, isHitPart, type PartStripOptions, type Scheduled, scheduleNotes } from "./schedule.js";

export type { PartStripOptions } from "./schedule.js";

export const BLOCK = 512;
const MAX_VOICES = 40;
/** Blocks (~0.2 s) a part keeps processing after its last voice, for filter and chorus tails. */
const IDLE_BLOCKS = 16;

const wasm = wasmKernels();

/** Where an array is in the arena (its byte offset), or −1 when it is elsewhere (the kernels cannot reach it). */
function arenaOffset(a: ArrayBufferView): number {
  return inArena(a) ? a.byteOffset : -1;
}

/** A note playing: its rendered samples and where it is in them. */
interface Live {
  samples: Int16Array;
  /** The samples' byte offset in the arena (−1: not there, played in JavaScript). */
  at: number;
  pos: number;
  gain: number;
  panL: number;
  panR: number;
}

export class PartRenderer {
  /**
   * The whole part's events, for the stem balance to read before the window starts (then released: a long
   * piece's schedule is megabytes a window no longer needs); `events` are this window's.
   */
  schedule: readonly Scheduled[];
  private events: Scheduled[];
  private next = 0;
  private live: Live[] = [];
  readonly left = blockBuffer(BLOCK);
  readonly right = blockBuffer(BLOCK);
  /** The blocks' byte offsets in the arena (−1: not there). */
  private readonly leftAt = arenaOffset(this.left);
  private readonly rightAt = arenaOffset(this.right);
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
    ctx: VoiceContext,
    strip: PartStripOptions,
    seed: number,
    private readonly store: NoteStore,
    /** Notes starting at or after this sample are not this window's. */
    windowEnd = Number.POSITIVE_INFINITY,
    /** Its notes are SoundFont samples (found in the note bank). */
    soundfont = false,
  ) {
    const sr = ctx.sampleRate;
    this.stereoVoices = isHitPart(part);
    this.schedule = scheduleNotes(part, ctx, strip, seed, soundfont);
    this.events = this.schedule.filter((e) => e.start < windowEnd);
    for (const e of this.events) store.expect(e.key);
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
    const { samples, scale } = this.store.take(e.key, e.render);
    if (pos >= samples.length) return;
    if (this.live.length >= MAX_VOICES) this.live.shift();
    const at = this.leftAt >= 0 && this.rightAt >= 0 ? arenaOffset(samples) : -1;
    this.live.push({ samples, at, pos, gain: e.gain * this.gain * scale, panL: e.panL, panR: e.panR });
  }

  /**
   * Notes that began before `sample` and still sound join mid-way; long-silent ones are passed over. The
   * events before `sample` are then let go (a late window would otherwise hold the whole piece's).
   */
  seek(sample: number): void {
    while (this.next < this.events.length && this.events[this.next]!.start < sample) {
      const e = this.events[this.next++]!;
      if (e.silentBy < sample) this.store.take(e.key, () => new Float32Array(0));
      else this.begin(e, sample - e.start);
    }
    if (this.next > 0) {
      this.events = this.events.slice(this.next);
      this.next = 0;
    }
    this.schedule = [];
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
    // (one subtraction on every call: a negation run only for notes that start mid-block had no type feedback
    // when the engine first optimised this, and threw the code back to the interpreter at the first such note)
    const from = Math.max(0, 0 - v.pos);
    const base = v.pos;
    const to = Math.min(n, src.length - base);
    const g = v.gain;
    const l = this.left;
    if (v.at >= 0 && to > from) {
      const note = v.at + 2 * (base + from);
      if (this.stereoVoices) {
        const outL = this.leftAt + 4 * from;
        wasm!.kernels.addNoteStereo(note, to - from, g * v.panL, g * v.panR, outL, this.rightAt + 4 * from);
      } else wasm!.kernels.addNote(note, to - from, g, this.leftAt + 4 * from);
    } else if (this.stereoVoices) {
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
