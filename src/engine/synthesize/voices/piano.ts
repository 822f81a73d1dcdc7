/**
 * Piano: additive partials of a stiff string, f_n = n·f0·√(1 + B·n²) (Fletcher, "Normal Vibration Frequencies
 * of a Stiff Piano String", JASA 1964), a hammer spectrum that brightens with velocity, per-partial decay
 * (higher partials die faster), two slightly detuned strings for the beating "bloom", a felt thump, and the
 * damper on key release.
 */
import { decayCoefficient } from "../../dsp/envelope.js";
import { Noise } from "../../dsp/noise.js";
import { midiToHz } from "../../dsp/oscillators.js";
import type { Voice, VoiceContext, VoiceFactory, VoiceNote } from "./voice.js";
import { engineFactory, velocityGain } from "./voice.js";

export interface PianoPreset {
  /** Partial roll-off exponent at full velocity (lower = brighter). */
  rolloff: number;
  /** Seconds to −60 dB of the fundamental at middle C. */
  decaySeconds: number;
  detuneCents: number;
  thump: number;
  level: number;
}

export function pianoVoice(preset: PianoPreset): VoiceFactory {
  return engineFactory("piano", (note, ctx) => new PianoVoice(preset, note, ctx));
}

const MAX_PARTIALS = 14;
/** A partial stops being computed this far below the note's loudest partial (a stored note ends near −60 dB). */
const PARTIAL_FLOOR = 10 ** (-80 / 20);
const SPAN = 256;

/**
 * Each partial is a damped sinusoid a·rⁿ·sin(ω(n+1)) computed by its two-term recurrence
 * y[n] = 2r·cos ω · y[n−1] − r² · y[n−2] (two multiplies a sample, no table), partial by partial over a span.
 */
class PianoVoice implements Voice {
  private readonly c1: Float64Array;
  private readonly c2: Float64Array;
  private readonly y1: Float64Array;
  private readonly y2: Float64Array;
  /** Per-partial decay per sample and its envelope, for culling and the damper. */
  private readonly r: Float64Array;
  private readonly cosW: Float64Array;
  private readonly env: Float64Array;
  private active: number;
  private readonly floor: number;
  private readonly damper: number;
  private readonly noise: Noise;
  private readonly span = new Float64Array(SPAN);
  private thump: number;
  private thumpLp = 0;
  private t = 0;

  constructor(
    p: PianoPreset,
    private readonly note: VoiceNote,
    ctx: VoiceContext,
  ) {
    const sr = ctx.sampleRate;
    const f0 = midiToHz(note.pitch);
    const B = 0.00008 * 2 ** ((note.pitch - 21) / 24);
    const rolloff = p.rolloff + (1 - note.velocity) * 0.9;
    const decay = p.decaySeconds * (261.63 / f0) ** 0.55;
    const g = p.level * velocityGain(note.velocity, 1.4);
    const detune = 2 ** (p.detuneCents / 1200);
    const omegas: number[] = [];
    const amps: number[] = [];
    const rs: number[] = [];
    for (let n = 1; n <= MAX_PARTIALS; n++) {
      const fn = n * f0 * Math.sqrt(1 + B * n * n);
      if (fn > Math.min(sr * 0.45, 12000)) break;
      const a = (g * 0.5) / n ** rolloff;
      const d = decay / (1 + 0.35 * (n - 1)) / (1 + fn / 6000);
      // two strings of the unison, ± detune
      omegas.push((2 * Math.PI * fn) / sr, (2 * Math.PI * fn * detune) / sr);
      amps.push(a, a);
      rs.push(decayCoefficient(d, sr), decayCoefficient(d * 0.8, sr));
    }
    const k = omegas.length;
    this.r = Float64Array.from(rs);
    this.cosW = Float64Array.from(omegas, Math.cos);
    this.c1 = Float64Array.from(omegas, (w, i) => 2 * rs[i]! * Math.cos(w));
    this.c2 = Float64Array.from(rs, (r) => r * r);
    this.y1 = new Float64Array(k);
    this.y2 = Float64Array.from(omegas, (w, i) => (-amps[i]! * Math.sin(w)) / (rs[i]! * rs[i]!));
    this.env = Float64Array.from(amps);
    this.active = k;
    this.floor = Math.max(...amps, 1e-9) * PARTIAL_FLOOR;
    this.noise = new Noise(note.seed);
    this.damper = decayCoefficient(0.18 + 0.25 * (261.63 / f0) ** 0.5 * 0.3, sr);
    this.thump = p.thump * g;
  }

  render(out: Float32Array, from: number, to: number): boolean {
    const gate = this.note.gateSamples;
    let i = from;
    while (i < to) {
      if (this.t === gate) this.releaseKey();
      let n = Math.min(to - i, SPAN);
      if (this.t < gate) n = Math.min(n, gate - this.t);
      this.renderSpan(out, i, n);
      i += n;
      this.t += n;
      if (this.active === 0 && this.thump <= 1e-5) return false;
    }
    return true;
  }

  /** The damper: every partial now decays at least as fast as the damped string. */
  private releaseKey(): void {
    for (let k = 0; k < this.r.length; k++) {
      const r = Math.min(this.r[k]!, this.damper);
      this.r[k] = r;
      this.c1[k] = 2 * r * this.cosW[k]!;
      this.c2[k] = r * r;
    }
  }

  private renderSpan(out: Float32Array, at: number, n: number): void {
    const buf = this.span;
    buf.fill(0, 0, n);
    const { env, r } = this;
    // four partials a pass, then what is left: their recurrences run side by side (one alone waits on its own
    // last output at every sample), and each sample still sums the partials in order
    let k = 0;
    for (; k + 4 <= this.active; k += 4) this.fourPartials(k, n);
    for (; k < this.active; k++) this.onePartial(k, n);
    for (k = 0; k < this.active; k++) env[k]! *= r[k]! ** n;
    // partials are ordered low to high and die faster going up: drop the silent ones off the end (the same
    // steps on every pass: a first partial's death, as steps of its own, threw the compiled code away)
    let alive = this.active;
    for (;;) {
      const below = alive - 1;
      if (alive <= 0 || !(env[below]! < this.floor)) break;
      alive = below;
    }
    this.active = alive;
    if (this.t < 40) for (let i = 0; i < n && this.t + i < 40; i++) buf[i]! *= (this.t + i + 1) / 40;
    if (this.thump > 1e-5) {
      for (let i = 0; i < n; i++) {
        this.thumpLp += 0.08 * (this.noise.white() - this.thumpLp);
        buf[i]! += this.thump * this.thumpLp;
        this.thump *= 0.996;
      }
    }
    for (let i = 0; i < n; i++) out[at + i]! += buf[i]!;
  }

  /** Partial k's next n samples, added into the span. */
  private onePartial(k: number, n: number): void {
    const buf = this.span;
    const a = this.c1[k]!;
    const b = this.c2[k]!;
    let p1 = this.y1[k]!;
    let p2 = this.y2[k]!;
    for (let i = 0; i < n; i++) {
      const y = a * p1 - b * p2;
      p2 = p1;
      p1 = y;
      buf[i]! += y;
    }
    this.y1[k] = p1;
    this.y2[k] = p2;
  }

  /** Partials k..k+3's next n samples, added into the span in that order (as onePartial four times would). */
  private fourPartials(k: number, n: number): void {
    const { span: buf, c1, c2, y1, y2 } = this;
    const a0 = c1[k]!;
    const a1 = c1[k + 1]!;
    const a2 = c1[k + 2]!;
    const a3 = c1[k + 3]!;
    const b0 = c2[k]!;
    const b1 = c2[k + 1]!;
    const b2 = c2[k + 2]!;
    const b3 = c2[k + 3]!;
    let p0 = y1[k]!;
    let p1 = y1[k + 1]!;
    let p2 = y1[k + 2]!;
    let p3 = y1[k + 3]!;
    let q0 = y2[k]!;
    let q1 = y2[k + 1]!;
    let q2 = y2[k + 2]!;
    let q3 = y2[k + 3]!;
    for (let i = 0; i < n; i++) {
      const v0 = a0 * p0 - b0 * q0;
      const v1 = a1 * p1 - b1 * q1;
      const v2 = a2 * p2 - b2 * q2;
      const v3 = a3 * p3 - b3 * q3;
      q0 = p0;
      q1 = p1;
      q2 = p2;
      q3 = p3;
      p0 = v0;
      p1 = v1;
      p2 = v2;
      p3 = v3;
      buf[i] = buf[i]! + v0 + v1 + v2 + v3;
    }
    y1[k] = p0;
    y1[k + 1] = p1;
    y1[k + 2] = p2;
    y1[k + 3] = p3;
    y2[k] = q0;
    y2[k + 1] = q1;
    y2[k + 2] = q2;
    y2[k + 3] = q3;
  }
}
