/**
 * Streams one part in blocks: starts voices at their sample, lets each voice run its gate and release, and
 * applies the part's channel strip. Memory is one block per part plus the live voices, whatever the length.
 *
 *   notes ─▶ voices ─▶ Σ mono ─▶ high-pass ─▶ EQ ─▶ gain ─▶ pan / width ─▶ [compressor] ─▶ stereo out
 *   (drums: each hit is panned on its own before the strip)
 */
import { Biquad, type BiquadKind } from "../../dsp/biquad.js";
import { Compressor } from "../../dsp/dynamics.js";
import { dbToGain } from "../../dsp/filters.js";
import { sine } from "../../dsp/oscillators.js";
import type { Part } from "../../types.js";
import { DrumHit } from "../drums/hit.js";
import { drumSound, resolveKit } from "../drums/kits.js";
import { fxVoiceFor } from "../voices/fx.js";
import { voiceFor } from "../voices/presets.js";
import type { Voice, VoiceContext, VoiceFactory } from "../voices/voice.js";

export const BLOCK = 512;
const MAX_VOICES = 40;
/** Blocks (~0.2 s) a part keeps processing after its last voice, for filter and chorus tails. */
const IDLE_BLOCKS = 16;

interface Scheduled {
  start: number;
  make: () => Voice;
  panL: number;
  panR: number;
}

interface Live {
  voice: Voice;
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

export interface PartStripOptions {
  highpassHz: number;
  gainDb: number;
  pan: number;
  width: number;
  compress: boolean;
  /** Perceived level for hand-off: kick and bass stay centred. */
  mono: boolean;
}

export class PartRenderer {
  private readonly events: Scheduled[];
  private next = 0;
  private live: Live[] = [];
  private readonly mono = new Float32Array(BLOCK);
  private readonly hitBuf = new Float32Array(BLOCK);
  private readonly hitRight = new Float32Array(BLOCK);
  private readonly chain: Biquad[];
  private readonly chainRight: Biquad[];
  private readonly compressor: Compressor | undefined;
  private readonly gain: number;
  private readonly pan: [number, number];
  private readonly stereoVoices: boolean;
  private readonly widthDelay: Float32Array;
  private widthPos = 0;
  private idleBlocks = 0;
  private readonly width: number;

  constructor(
    readonly part: Part,
    private readonly ctx: VoiceContext,
    strip: PartStripOptions,
    seed: number,
  ) {
    const sr = ctx.sampleRate;
    const toSample = (s: number) => Math.max(0, Math.round(s * sr));
    const notes = [...part.notes].filter((n) => n.duration > 0).sort((a, b) => a.start - b.start);
    this.stereoVoices = part.isDrum || part.role === "drums";
    if (this.stereoVoices) {
      const kit = resolveKit(part.voice, part.kit);
      this.events = notes.flatMap((n, i) => {
        const sound = drumSound(kit, n.pitch);
        if (!sound) return [];
        let choke = Number.POSITIVE_INFINITY;
        if (sound.category === "hatOpen") {
          const closer = notes.find((m, j) => j > i && m.start > n.start && (m.pitch === 42 || m.pitch === 44));
          if (closer) choke = toSample(closer.start - n.start) + 132;
        }
        const [l, r] = constantPower(sound.pan * 0.8 + part.pan * 0.5);
        const noteSeed = hashSeed(seed, i);
        return [
          {
            start: toSample(n.start),
            make: () => new DrumHit(sound.spec, sr, n.velocity, noteSeed, sound.tune, choke),
            panL: l,
            panR: r,
          },
        ];
      });
    } else {
      const factory: VoiceFactory =
        part.role === "fx" || part.family === "fx"
          ? fxVoiceFor(part.voice, notes[0]?.duration ?? 1)
          : voiceFor(part.voice, part.family).create;
      this.events = notes.map((n, i) => ({
        start: toSample(n.start),
        make: () =>
          (part.role === "fx" ? fxVoiceFor(part.voice, n.duration) : factory)(
            { pitch: n.pitch, velocity: n.velocity, gateSamples: toSample(n.duration), seed: hashSeed(seed, i) },
            ctx,
          ),
        panL: 1,
        panR: 1,
      }));
    }
    const def = part.role === "fx" || this.stereoVoices ? undefined : voiceFor(part.voice, part.family);
    this.chain = [Biquad.of("highpass", sr, strip.highpassHz, 0.7)];
    for (const eq of def?.eq ?? []) {
      this.chain.push(Biquad.of(eq.kind as BiquadKind, sr, eq.hz, eq.q ?? 0.8, eq.gainDb ?? 0));
    }
    if (part.voice === "kit_lofi" || part.kit === "lofi") this.chain.push(Biquad.of("lowpass", sr, 5500, 0.7));
    this.chainRight = this.chain.map((f) => new Biquad(f.c));
    this.gain = dbToGain(strip.gainDb);
    this.pan = strip.mono ? [1, 1] : constantPower(strip.pan);
    this.width = strip.mono ? 0 : strip.width;
    this.widthDelay = new Float32Array(Math.round(0.03 * sr));
    this.compressor = strip.compress
      ? new Compressor(sr, { thresholdDb: -18, ratio: 3, kneeDb: 6, attackSeconds: 0.006, releaseSeconds: 0.12 })
      : undefined;
  }

  /** Voices that began before `sample` and still sound are started now and run silently up to it. */
  seek(sample: number): void {
    const scratch = new Float32Array(BLOCK);
    while (this.next < this.events.length && this.events[this.next]!.start < sample) {
      const e = this.events[this.next++]!;
      const live = { voice: e.make(), panL: e.panL, panR: e.panR };
      let alive = true;
      for (let t = e.start; t < sample && alive; t += BLOCK) {
        alive = live.voice.render(scratch, 0, Math.min(BLOCK, sample - t));
      }
      scratch.fill(0);
      if (alive) this.live.push(live);
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

  /** Adds the part's output for samples [blockStart, blockStart + n) into outL/outR at `offset`. */
  render(blockStart: number, n: number, outL: Float32Array, outR: Float32Array, offset: number): void {
    const mono = this.mono;
    mono.fill(0, 0, n);
    if (this.stereoVoices) this.renderHits(blockStart, n, outL, outR, offset);
    else {
      let kept = 0;
      for (const v of this.live) if (v.voice.render(mono, 0, n)) this.live[kept++] = v;
      this.live.length = kept;
      const end = blockStart + n;
      while (this.next < this.events.length && this.events[this.next]!.start < end) {
        const e = this.events[this.next++]!;
        const voice = e.make();
        if (this.live.length >= MAX_VOICES) this.live.shift();
        if (voice.render(mono, Math.max(0, e.start - blockStart), n)) this.live.push({ voice, panL: 1, panR: 1 });
      }
      this.strip(blockStart, n, outL, outR, offset);
    }
  }

  private renderHits(blockStart: number, n: number, outL: Float32Array, outR: Float32Array, offset: number): void {
    const hit = this.hitBuf;
    const l = this.mono;
    const r = this.hitRight;
    r.fill(0, 0, n);
    const play = (v: Live, from: number): boolean => {
      hit.fill(0, from, n);
      const alive = v.voice.render(hit, from, n);
      for (let i = from; i < n; i++) {
        const x = hit[i]!;
        l[i]! += x * v.panL;
        r[i]! += x * v.panR;
      }
      return alive;
    };
    let kept = 0;
    for (const v of this.live) if (play(v, 0)) this.live[kept++] = v;
    this.live.length = kept;
    const end = blockStart + n;
    while (this.next < this.events.length && this.events[this.next]!.start < end) {
      const e = this.events[this.next++]!;
      const v = { voice: e.make(), panL: e.panL, panR: e.panR };
      if (this.live.length >= MAX_VOICES) this.live.shift();
      if (play(v, Math.max(0, e.start - blockStart))) this.live.push(v);
    }
    for (const f of this.chain) f.process(l, 0, n);
    for (const f of this.chainRight) f.process(r, 0, n);
    const g = this.gain;
    if (this.compressor) {
      for (let i = 0; i < n; i++) {
        l[i]! *= g;
        r[i]! *= g;
      }
      this.compressor.processStereo(l, r, 0, n);
      for (let i = 0; i < n; i++) {
        outL[offset + i]! += l[i]!;
        outR[offset + i]! += r[i]!;
      }
    } else {
      for (let i = 0; i < n; i++) {
        outL[offset + i]! += l[i]! * g;
        outR[offset + i]! += r[i]! * g;
      }
    }
  }

  /** Mono strip: filters, gain, pan and a mono-safe width (L = x + w·d, R = x − w·d with d a chorused copy). */
  private strip(blockStart: number, n: number, outL: Float32Array, outR: Float32Array, offset: number): void {
    const x = this.mono;
    for (const f of this.chain) f.process(x, 0, n);
    const g = this.gain;
    const [pl, pr] = this.pan;
    const w = this.width;
    if (w > 0) {
      const d = this.widthDelay;
      const len = d.length;
      const sr = this.ctx.sampleRate;
      const r = this.hitRight;
      // 7–13 ms modulated tap; the slow LFO runs on absolute time (so split renders agree), linear per block
      const d0 = (0.01 + 0.003 * sine((blockStart / sr) * 0.23)) * sr;
      const d1 = (0.01 + 0.003 * sine(((blockStart + n) / sr) * 0.23)) * sr;
      const dd = (d1 - d0) / n;
      for (let i = 0; i < n; i++) {
        const s = x[i]! * g;
        d[this.widthPos] = s;
        let p = this.widthPos - (d0 + dd * i);
        if (p < 0) p += len;
        const i0 = p | 0;
        const f = p - i0;
        const a = d[i0]!;
        const b = d[i0 + 1 < len ? i0 + 1 : 0]!;
        const side = (a + (b - a) * f) * w * 0.6;
        if (++this.widthPos >= len) this.widthPos = 0;
        x[i] = s * pl + side;
        r[i] = s * pr - side;
      }
      if (this.compressor) this.compressor.processStereo(x, r, 0, n);
      for (let i = 0; i < n; i++) {
        outL[offset + i]! += x[i]!;
        outR[offset + i]! += r[i]!;
      }
      return;
    }
    if (this.compressor) {
      const r = this.hitRight;
      for (let i = 0; i < n; i++) {
        const s = x[i]! * g;
        x[i] = s * pl;
        r[i] = s * pr;
      }
      this.compressor.processStereo(x, r, 0, n);
      for (let i = 0; i < n; i++) {
        outL[offset + i]! += x[i]!;
        outR[offset + i]! += r[i]!;
      }
      return;
    }
    const gl = g * pl;
    const gr = g * pr;
    for (let i = 0; i < n; i++) {
      const s = x[i]!;
      outL[offset + i]! += s * gl;
      outR[offset + i]! += s * gr;
    }
  }
}
