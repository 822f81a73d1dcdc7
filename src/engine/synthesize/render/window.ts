/**
 * Renders every part of a score over one time window into per-role stereo buses (or one mix bus).
 * Windows let two workers split a piece in time: each starts `PREROLL_SECONDS` early (voices that began
 * before are fast-forwarded) so reverbs, delays and compressors arrive in the same state, and only the
 * window's own samples are written — the halves join without a seam.
 *
 *   parts ─▶ strip ─┬──────────────────────────────▶ Σ dry ─┐
 *                   ├─ × send ─▶ reverb (per role) ────────▶ + ─▶ duck ─▶ role EQ ─▶ gain / width ─▶ out
 *                   └─ × send ─▶ ping-pong delay ──────────▶ ┘
 */
import { Biquad } from "../../dsp/biquad.js";
import { PingPongDelay } from "../../dsp/delay.js";
import { dbToGain } from "../../dsp/filters.js";
import { Reverb } from "../../dsp/reverb.js";
import { ROLES, type Role, type Score } from "../../types.js";
import { mixStyle } from "../mix/styles.js";
import { voiceFor } from "../voices/presets.js";
import { duckCurve, kickTimes } from "./duck.js";
import { BLOCK, PartRenderer } from "./part.js";

export const PREROLL_SECONDS = 6;

/** Stem balance before the arrangement's own part gains. */
const ROLE_GAIN_DB: Record<Role, number> = { drums: 0, bass: -1, harmony: -3, melody: -1.5, fx: -5 };
const ROLE_HIGHPASS_HZ: Record<Role, number> = { drums: 28, bass: 25, harmony: 90, melody: 120, fx: 50 };

export interface WindowTarget {
  /** Per-role outputs, or one `mix` output every role adds into. */
  outputs: Partial<Record<Role, { left: Float32Array; right: Float32Array }>>;
  mix?: { left: Float32Array; right: Float32Array };
}

export interface WindowJob {
  score: Score;
  sampleRate: number;
  /** Window in samples, absolute: [start, end). */
  start: number;
  end: number;
  /** Roles to render (others are skipped, e.g. rendered by the SoundFont path). */
  roles: readonly Role[];
  /** Part ids to leave out (rendered elsewhere). */
  skipParts?: readonly string[];
  onProgress?: (fraction: number) => void;
  shouldStop?: () => boolean;
}

interface RoleBus {
  role: Role;
  parts: { renderer: PartRenderer; send: number; delaySend: number }[];
  reverb: Reverb | undefined;
  delay: PingPongDelay | undefined;
  eqL: Biquad[];
  eqR: Biquad[];
  gain: number;
  side: number;
  mono: boolean;
  duck: number;
}

function roleBuses(job: WindowJob): RoleBus[] {
  const { score, sampleRate: sr } = job;
  const style = mixStyle(score.style);
  const mix = score.mix;
  const space = Math.max(-1, Math.min(1, mix.space));
  const ctx = { sampleRate: sr, bpm: score.bpm };
  const beat = 60 / score.bpm;
  const buses: RoleBus[] = [];
  for (const role of job.roles) {
    const parts = score.parts.filter((p) => p.role === role && !(job.skipParts ?? []).includes(p.id));
    if (parts.length === 0) continue;
    const renderers = parts.map((part, i) => {
      const def = voiceFor(part.voice, part.family);
      const seed = (score.seed * 7919 + i * 104729 + part.id.length * 31) >>> 0;
      const highpassHz =
        role === "drums" || role === "bass"
          ? ROLE_HIGHPASS_HZ[role]
          : Math.max(def.highpassHz ?? 0, ROLE_HIGHPASS_HZ[role] * 0.7);
      const renderer = new PartRenderer(
        part,
        ctx,
        {
          highpassHz,
          gainDb: part.gainDb + ROLE_GAIN_DB[role],
          pan: part.pan,
          width: role === "bass" ? 0 : (def.width ?? 0.15),
          compress: role === "drums" ? style.drumGlue > 1 : role === "bass",
          mono: role === "bass",
        },
        seed,
      );
      const send = role === "bass" ? 0 : Math.max(0, part.reverbSend * (1 + space));
      const delaySend = role === "melody" ? style.delay.melodySend : role === "harmony" ? style.delay.harmonySend : 0;
      return { renderer, send, delaySend };
    });
    const needsReverb = renderers.some((r) => r.send > 0.001);
    const needsDelay = renderers.some((r) => r.delaySend > 0.001);
    const eq = (): Biquad[] => {
      const chain = [Biquad.of("highpass", sr, 18, 0.6)]; // DC and subsonic removal
      const tilt = mix.brightnessDb + style.tiltDb;
      if (Math.abs(tilt) > 0.05) chain.push(Biquad.of("highshelf", sr, 4500, 0.7, tilt));
      if (role === "bass" && Math.abs(mix.bassDb) > 0.05)
        chain.push(Biquad.of("lowshelf", sr, 110, 0.7, mix.bassDb / 2));
      if (role === "drums" && Math.abs(mix.bassDb) > 0.05)
        chain.push(Biquad.of("lowshelf", sr, 90, 0.7, mix.bassDb / 3));
      return chain;
    };
    const intentDb =
      role === "bass" ? mix.bassDb / 2 : role === "drums" ? mix.drumsDb : role === "melody" ? mix.melodyDb : 0;
    buses.push({
      role,
      parts: renderers,
      reverb: needsReverb
        ? new Reverb(sr, {
            decaySeconds: style.reverb.decaySeconds * (1 + 0.3 * space),
            size: style.reverb.size,
            dampingHz: style.reverb.dampingHz,
            preDelayMs: style.reverb.preDelayMs,
          })
        : undefined,
      delay: needsDelay
        ? new PingPongDelay(sr, {
            delaySeconds: beat * style.delay.beats,
            feedback: style.delay.feedback,
            dampingHz: 3500,
          })
        : undefined,
      eqL: eq(),
      eqR: eq(),
      gain: dbToGain(intentDb),
      side: role === "bass" ? 0 : Math.max(0, 1 + 0.6 * Math.max(-1, Math.min(1, mix.width))),
      mono: role === "bass",
      duck: role === "drums" ? 0 : role === "melody" ? style.pump * 0.4 : style.pump,
    });
  }
  return buses;
}

export function renderWindow(job: WindowJob, target: WindowTarget): void {
  const { score, sampleRate: sr } = job;
  const buses = roleBuses(job);
  const renderStart = Math.max(0, job.start - Math.round(PREROLL_SECONDS * sr));
  for (const bus of buses) for (const p of bus.parts) p.renderer.seek(renderStart);
  const kicks = mixStyle(score.style).pump > 0 ? kickTimes(score, sr) : new Int32Array(0);
  const duck = new Float32Array(BLOCK);
  const partL = new Float32Array(BLOCK);
  const partR = new Float32Array(BLOCK);
  const dryL = new Float32Array(BLOCK);
  const dryR = new Float32Array(BLOCK);
  const sendL = new Float32Array(BLOCK);
  const sendR = new Float32Array(BLOCK);
  const dlyL = new Float32Array(BLOCK);
  const dlyR = new Float32Array(BLOCK);
  const total = job.end - renderStart;
  let blocks = 0;
  for (let t = renderStart; t < job.end; t += BLOCK) {
    const n = Math.min(BLOCK, job.end - t);
    const hasDuck = kicks.length > 0 && duckCurve(kicks, t, n, sr, score.bpm, duck);
    for (const bus of buses) {
      dryL.fill(0, 0, n);
      dryR.fill(0, 0, n);
      sendL.fill(0, 0, n);
      sendR.fill(0, 0, n);
      dlyL.fill(0, 0, n);
      dlyR.fill(0, 0, n);
      for (const p of bus.parts) {
        partL.fill(0, 0, n);
        partR.fill(0, 0, n);
        p.renderer.render(t, n, partL, partR, 0);
        for (let i = 0; i < n; i++) {
          dryL[i]! += partL[i]!;
          dryR[i]! += partR[i]!;
        }
        if (p.send > 0) {
          for (let i = 0; i < n; i++) {
            sendL[i]! += partL[i]! * p.send;
            sendR[i]! += partR[i]! * p.send;
          }
        }
        if (p.delaySend > 0) {
          for (let i = 0; i < n; i++) {
            dlyL[i]! += partL[i]! * p.delaySend;
            dlyR[i]! += partR[i]! * p.delaySend;
          }
        }
      }
      bus.reverb?.process(sendL, sendR, dryL, dryR, 0, n);
      bus.delay?.process(dlyL, dlyR, dryL, dryR, 0, n);
      if (hasDuck && bus.duck > 0) {
        const depth = bus.duck;
        for (let i = 0; i < n; i++) {
          const g = 1 - depth * duck[i]!;
          dryL[i]! *= g;
          dryR[i]! *= g;
        }
      }
      for (const f of bus.eqL) f.process(dryL, 0, n);
      for (const f of bus.eqR) f.process(dryR, 0, n);
      if (t + n <= job.start) continue;
      const out = target.mix ?? target.outputs[bus.role];
      if (!out) continue;
      const from = Math.max(0, job.start - t);
      const g = bus.gain;
      const side = bus.side;
      for (let i = from; i < n; i++) {
        const l = dryL[i]! * g;
        const r = dryR[i]! * g;
        const mid = (l + r) * 0.5;
        const s = (l - r) * 0.5 * side;
        out.left[t + i]! += mid + s;
        out.right[t + i]! += mid - s;
      }
    }
    if (++blocks % 64 === 0) {
      job.onProgress?.(Math.min(1, (t + n - renderStart) / total));
      if (job.shouldStop?.()) return;
    }
  }
  job.onProgress?.(1);
}

export { ROLES };
