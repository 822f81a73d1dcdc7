/**
 * Renders every part of a score over one time window into per-role stereo buses (or one mix bus).
 * Windows let two workers split a piece in time: each starts `PREROLL_SECONDS` early (voices that began
 * before are fast-forwarded) so reverbs, delays and compressors arrive in the same state, and only the
 * window's own samples are written — the halves join without a seam.
 *
 *   parts ─▶ strip ─┬──────────────────────────────────────▶ Σ dry ─┐
 *                   ├─ × send ─▶ Σ all roles ─▶ shared reverb ─ × role share ─▶ + ─▶ duck ─▶ role EQ ─▶ out
 *                   └─ × send ─▶ ping-pong delay (per role) ─────────────────▶ ┘
 *
 * One reverb serves every role (it is the costliest effect); its wet signal is attributed to the roles in
 * proportion to the energy each has fed the tank, decayed at the tank's own RT60 — a model of whose sound is
 * still ringing. The shares sum to one, so the stems still sum exactly to the mix.
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
  delay: PingPongDelay | undefined;
  dryL: Float32Array;
  dryR: Float32Array;
  sendL: Float32Array;
  sendR: Float32Array;
  /** Decayed energy this role has sent into the reverb, and its share at the last block end. */
  tankEnergy: number;
  share: number;
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
      dryL: new Float32Array(BLOCK),
      dryR: new Float32Array(BLOCK),
      sendL: new Float32Array(BLOCK),
      sendR: new Float32Array(BLOCK),
      tankEnergy: 0,
      share: 0,
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

function reverbFor(job: WindowJob): { reverb: Reverb; decayPerBlock: number } | undefined {
  const style = mixStyle(job.score.style);
  const space = Math.max(-1, Math.min(1, job.score.mix.space));
  const decaySeconds = style.reverb.decaySeconds * (1 + 0.3 * space);
  const reverb = new Reverb(job.sampleRate, {
    decaySeconds,
    size: style.reverb.size,
    dampingHz: style.reverb.dampingHz,
    preDelayMs: style.reverb.preDelayMs,
  });
  // energy falls 60 dB per RT60
  return { reverb, decayPerBlock: 10 ** ((-6 * BLOCK) / (job.sampleRate * decaySeconds)) };
}

export function renderWindow(job: WindowJob, target: WindowTarget): void {
  const { score, sampleRate: sr } = job;
  const buses = roleBuses(job);
  // on the global block grid, so block-rate state (reverb half-rate phase, wet shares) matches an unsplit render
  const renderStart = Math.max(0, Math.floor((job.start - Math.round(PREROLL_SECONDS * sr)) / BLOCK) * BLOCK);
  for (const bus of buses) for (const p of bus.parts) p.renderer.seek(renderStart);
  const tank = buses.some((b) => b.parts.some((p) => p.send > 0)) ? reverbFor(job) : undefined;
  const kicks = mixStyle(score.style).pump > 0 ? kickTimes(score, sr) : new Int32Array(0);
  const duck = new Float32Array(BLOCK);
  const partL = new Float32Array(BLOCK);
  const partR = new Float32Array(BLOCK);
  const sendL = new Float32Array(BLOCK);
  const sendR = new Float32Array(BLOCK);
  const wetL = new Float32Array(BLOCK);
  const wetR = new Float32Array(BLOCK);
  const dlyL = new Float32Array(BLOCK);
  const dlyR = new Float32Array(BLOCK);
  const total = job.end - renderStart;
  let blocks = 0;
  for (let t = renderStart; t < job.end; t += BLOCK) {
    const n = Math.min(BLOCK, job.end - t);
    const hasDuck = kicks.length > 0 && duckCurve(kicks, t, n, sr, score.bpm, duck);
    sendL.fill(0, 0, n);
    sendR.fill(0, 0, n);
    for (const bus of buses) {
      const { dryL, dryR } = bus;
      dryL.fill(0, 0, n);
      dryR.fill(0, 0, n);
      bus.sendL.fill(0, 0, n);
      bus.sendR.fill(0, 0, n);
      const bSendL = bus.sendL;
      const bSendR = bus.sendR;
      for (const p of bus.parts) {
        if (!p.renderer.sounds(t, n)) continue;
        partL.fill(0, 0, n);
        partR.fill(0, 0, n);
        p.renderer.render(t, n, partL, partR, 0);
        const s = p.send;
        if (s > 0) {
          for (let i = 0; i < n; i++) {
            const l = partL[i]!;
            const r = partR[i]!;
            dryL[i]! += l;
            dryR[i]! += r;
            bSendL[i]! += l * s;
            bSendR[i]! += r * s;
          }
        } else {
          for (let i = 0; i < n; i++) {
            dryL[i]! += partL[i]!;
            dryR[i]! += partR[i]!;
          }
        }
        if (p.delaySend > 0 && bus.delay) {
          const d = p.delaySend;
          for (let i = 0; i < n; i++) {
            dlyL[i] = partL[i]! * d;
            dlyR[i] = partR[i]! * d;
          }
          bus.delay.process(dlyL, dlyR, dryL, dryR, 0, n);
        }
      }
      if (tank) {
        let e = 0;
        for (let i = 0; i < n; i++) {
          const l = bSendL[i]!;
          const r = bSendR[i]!;
          sendL[i]! += l;
          sendR[i]! += r;
          e += l * l + r * r;
        }
        bus.tankEnergy = bus.tankEnergy * tank.decayPerBlock + e;
      }
    }
    if (tank) {
      wetL.fill(0, 0, n);
      wetR.fill(0, 0, n);
      tank.reverb.process(sendL, sendR, wetL, wetR, 0, n);
      let sum = 0;
      for (const bus of buses) sum += bus.tankEnergy;
      for (const bus of buses) {
        const share = sum > 1e-30 ? bus.tankEnergy / sum : 1 / buses.length;
        const s0 = bus.share;
        const ds = (share - s0) / n;
        const dL = bus.dryL;
        const dR = bus.dryR;
        for (let i = 0; i < n; i++) {
          const g = s0 + ds * i;
          dL[i]! += wetL[i]! * g;
          dR[i]! += wetR[i]! * g;
        }
        bus.share = share;
      }
    }
    for (const bus of buses) {
      const { dryL, dryR } = bus;
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
      const oL = out.left;
      const oR = out.right;
      for (let i = from; i < n; i++) {
        const l = dryL[i]! * g;
        const r = dryR[i]! * g;
        const mid = (l + r) * 0.5;
        const s = (l - r) * 0.5 * side;
        oL[t + i]! += mid + s;
        oR[t + i]! += mid - s;
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
