/**
 * The role buses of a render window: each role's parts (stored notes through their strips), its ping-pong
 * delay and width chorus, its level (mix intents and the measured stem balance), and the shared reverb.
 */
import { PingPongDelay } from "../../dsp/delay.js";
import { dbToGain } from "../../dsp/filters.js";
import { blockBuffer } from "../../dsp/kernels.js";
import { Reverb } from "../../dsp/reverb.js";
import type { Role } from "../../types.js";
import { mixStyle } from "../mix/styles.js";
import { roleBalanceDb } from "./balance.js";
import { WidthChorus } from "./bus-math.js";
import { roleSetups } from "./mix-setup.js";
import { BLOCK, PartRenderer } from "./part.js";
import type { NoteStore } from "./rendered-notes.js";
import type { WindowJob } from "./window.js";

export interface RoleBus {
  role: Role;
  parts: { renderer: PartRenderer; send: number; delaySend: number }[];
  delay: PingPongDelay | undefined;
  dryL: Float32Array;
  dryR: Float32Array;
  /** The role's finished block. */
  outL: Float32Array;
  outR: Float32Array;
  /** Mono inputs of the role's ping-pong delay and width chorus (both linear: one per role serves its parts). */
  delayIn: Float32Array;
  widthIn: Float32Array;
  chorus: WidthChorus | undefined;
  /** Decayed energy this role has sent into the reverb, and its share at the last block end. */
  tankEnergy: number;
  share: number;
  gain: number;
  side: number;
  mono: boolean;
  duck: number;
}

export function roleBuses(job: WindowJob, store: NoteStore): RoleBus[] {
  const { score, sampleRate: sr } = job;
  const style = mixStyle(score.style);
  const mix = score.mix;
  const ctx = { sampleRate: sr, bpm: score.bpm };
  const beat = 60 / score.bpm;
  const buses: RoleBus[] = [];
  const setups = roleSetups(job).map(({ role, parts }) => ({
    role,
    parts,
    renderers: parts.map((p) => ({
      renderer: new PartRenderer(p.part, ctx, p.strip, p.seed, store, job.end, p.soundfont),
      send: p.send,
      delaySend: p.delaySend,
    })),
  }));
  // every window measures the same balance: the whole piece's notes (each part's full schedule), from one bank
  const balance = roleBalanceDb(
    score.style,
    sr,
    setups.map(({ role, parts, renderers }) => ({
      role,
      parts: renderers.map((r, i) => ({ schedule: r.renderer.schedule, gainDb: parts[i]!.strip.gainDb })),
    })),
    (key) => job.energies?.get(key),
  );
  for (const { role, renderers } of setups) {
    const needsDelay = renderers.some((r) => r.delaySend > 0.001);
    const intentDb =
      role === "bass" ? mix.bassDb / 2 : role === "drums" ? mix.drumsDb : role === "melody" ? mix.melodyDb : 0;
    buses.push({
      role,
      parts: renderers,
      dryL: blockBuffer(BLOCK),
      dryR: blockBuffer(BLOCK),
      outL: blockBuffer(BLOCK),
      outR: blockBuffer(BLOCK),
      delayIn: blockBuffer(BLOCK),
      widthIn: blockBuffer(BLOCK),
      chorus: renderers.some((r) => r.renderer.width > 0) ? new WidthChorus(sr) : undefined,
      tankEnergy: 0,
      share: 0,
      delay: needsDelay
        ? new PingPongDelay(sr, {
            delaySeconds: beat * style.delay.beats,
            feedback: style.delay.feedback,
            dampingHz: 3500,
          })
        : undefined,
      gain: dbToGain(intentDb + (balance[role] ?? 0)),
      side: role === "bass" ? 0 : Math.max(0, 1 + 0.6 * Math.max(-1, Math.min(1, mix.width))),
      mono: role === "bass",
      duck: role === "drums" ? 0 : role === "melody" ? style.pump * 0.4 : style.pump,
    });
  }
  return buses;
}

export function reverbFor(job: WindowJob): { reverb: Reverb; decayPerBlock: number } | undefined {
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
