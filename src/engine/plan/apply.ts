/**
 * Tool arguments and reference analyses applied on top of what the brief says. Arguments always win; a reference
 * fills what the prompt left open (a video's length and cuts, an audio file's tempo, key, loudness and energy, an
 * image's mood). An unusable argument is the one thing planning throws for (INVALID_ARGUMENT, with a hint).
 */
import { isMinorMode } from "../theory/scales.js";
import {
  ComposerError,
  type Key,
  type Meter,
  type Plan,
  type PlanOverrides,
  type ReferenceAnalysis,
} from "../types.js";
import type { Facts } from "./facts.js";
import { parseKeyArgument } from "./keys.js";
import { MOOD_WORDS } from "./lexicon/moods.js";
import { formatSeconds, LIMITS, meterOf } from "./measures.js";

export interface CheckedOverrides {
  durationSeconds?: number;
  bpm?: number;
  key?: Key;
  meter?: Meter;
  loop?: boolean;
  seed?: number;
  lufs?: number;
}

function number(field: string, value: unknown, [lo, hi]: [number, number], hint: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < lo || value > hi) {
    throw new ComposerError(
      "INVALID_ARGUMENT",
      `\`${field}\` must be a number from ${lo} to ${hi} (got: ${String(value)}).`,
      {
        hint,
      },
    );
  }
  return value;
}

/** Validates the tool arguments once, before anything is read. */
export function checkOverrides(o: PlanOverrides | undefined): CheckedOverrides {
  const out: CheckedOverrides = {};
  if (!o) return out;
  if (o.durationSeconds !== undefined) {
    out.durationSeconds = number(
      "duration_seconds",
      o.durationSeconds,
      LIMITS.durationSeconds,
      "Give the length in seconds, 1–1200.",
    );
  }
  if (o.bpm !== undefined) out.bpm = number("bpm", o.bpm, LIMITS.bpm, "Give the tempo in beats per minute, 30–300.");
  if (o.lufs !== undefined)
    out.lufs = number("lufs", o.lufs, LIMITS.lufs, "Loudness targets run from −40 to −5 LUFS; −14 suits streaming.");
  if (o.key !== undefined) out.key = parseKeyArgument(String(o.key));
  if (o.timeSignature !== undefined) {
    const meter = meterOf(String(o.timeSignature));
    if (!meter) {
      throw new ComposerError(
        "INVALID_ARGUMENT",
        `\`time_signature\` is not one I can write (got: "${String(o.timeSignature).slice(0, 20)}").`,
        {
          hint: "Use 4/4, 3/4, 6/8, 12/8, 5/4, 2/4 or 7/8.",
        },
      );
    }
    out.meter = meter;
  }
  if (o.loop !== undefined) out.loop = Boolean(o.loop);
  if (o.seed !== undefined) {
    const seed = number("seed", o.seed, [-(2 ** 53), 2 ** 53], "Any whole number works as a seed.");
    out.seed = Math.floor(Math.abs(seed)) >>> 0;
  }
  return out;
}

function mark(plan: Plan, field: string): void {
  if (!plan.explicit.includes(field)) plan.explicit.push(field);
}

export function applyOverrides(plan: Plan, o: CheckedOverrides, understood: string[]): void {
  if (o.durationSeconds !== undefined) {
    plan.durationSeconds = o.durationSeconds;
    plan.hits = plan.hits.filter((h) => h.at < o.durationSeconds!);
    mark(plan, "durationSeconds");
    understood.push(`duration ${formatSeconds(o.durationSeconds)} (argument)`);
  }
  if (o.bpm !== undefined) {
    plan.bpm = o.bpm;
    mark(plan, "bpm");
    understood.push(`tempo ${o.bpm} BPM (argument)`);
  }
  if (o.key) {
    plan.key = o.key;
    mark(plan, "key");
    understood.push(`key ${o.key.tonic} ${o.key.mode} (argument)`);
  }
  if (o.meter) {
    plan.meter = o.meter;
    mark(plan, "meter");
    understood.push(`time signature ${o.meter.beatsPerBar}/${o.meter.beatUnit} (argument)`);
  }
  if (o.loop !== undefined) {
    if (o.loop && !plan.loop) {
      plan.introBars = 0;
      if (!plan.explicit.includes("ending")) plan.ending = "hard";
    }
    plan.loop = o.loop;
    mark(plan, "loop");
    understood.push(o.loop ? "seamless loop (argument)" : "no loop (argument)");
  }
  if (o.lufs !== undefined) {
    plan.lufs = o.lufs;
    mark(plan, "lufs");
    understood.push(`loudness ${o.lufs} LUFS (argument)`);
  }
  if (o.seed !== undefined) {
    plan.seed = o.seed;
    mark(plan, "seed");
  }
}

function resample(curve: number[], n: number): number[] {
  if (curve.length === 0) return [];
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = (i / (n - 1)) * (curve.length - 1);
    const a = curve[Math.floor(x)] ?? 0;
    const b = curve[Math.min(curve.length - 1, Math.ceil(x))] ?? a;
    out.push(Math.round(Math.min(1, Math.max(0.05, a + (b - a) * (x - Math.floor(x)))) * 100) / 100);
  }
  return out;
}

/** Reference analysis → plan fields the brief (and the arguments) left open. */
export function applyReference(
  plan: Plan,
  facts: Facts,
  ref: ReferenceAnalysis,
  o: CheckedOverrides,
  understood: string[],
): void {
  const free = (fact: unknown, override: unknown) => fact === undefined && override === undefined;
  if (ref.kind === "video") {
    const d = ref.durationSeconds;
    if (typeof d === "number" && Number.isFinite(d) && free(facts.durationSeconds, o.durationSeconds)) {
      plan.durationSeconds =
        Math.round(Math.min(LIMITS.durationSeconds[1], Math.max(LIMITS.durationSeconds[0], d)) * 1000) / 1000;
      mark(plan, "durationSeconds");
      understood.push(`duration ${formatSeconds(plan.durationSeconds)} from the video`);
    }
    const end = o.durationSeconds ?? plan.durationSeconds;
    const cuts = (ref.sceneCutsSeconds ?? [])
      .filter((t) => Number.isFinite(t) && t > 0.5 && t < end - 0.5)
      .sort((a, b) => a - b)
      .filter((t, i, a) => i === 0 || t - (a[i - 1] ?? 0) >= 0.25)
      .slice(0, 64);
    if (cuts.length) {
      plan.hits = [
        ...plan.hits,
        ...cuts.map((at) => ({ at: Math.round(at * 1000) / 1000, kind: "cut" as const })),
      ].sort((a, b) => a.at - b.at);
      mark(plan, "hits");
      understood.push(`${cuts.length} scene cut${cuts.length > 1 ? "s" : ""} from the video as hit points`);
    }
  }
  if (ref.kind === "audio") {
    if (
      typeof ref.bpm === "number" &&
      ref.bpm >= LIMITS.bpm[0] &&
      ref.bpm <= LIMITS.bpm[1] &&
      free(facts.bpm, o.bpm) &&
      !facts.tempoRanges.length
    ) {
      plan.bpm = Math.round(ref.bpm * 10) / 10;
      mark(plan, "bpm");
      understood.push(`tempo ${plan.bpm} BPM from the reference`);
    }
    if (ref.key && free(facts.tonic ?? facts.mode, o.key)) {
      plan.key = { ...ref.key };
      mark(plan, "key");
      understood.push(`key ${ref.key.tonic} ${ref.key.mode} from the reference`);
    }
    if (
      typeof ref.loudnessLufs === "number" &&
      Number.isFinite(ref.loudnessLufs) &&
      free(facts.lufs, o.lufs) &&
      !facts.useCase
    ) {
      plan.lufs = Math.round(Math.min(LIMITS.lufs[1], Math.max(LIMITS.lufs[0], ref.loudnessLufs)) * 10) / 10;
      understood.push(`loudness ${plan.lufs} LUFS from the reference`);
    }
    if (ref.energyCurve && ref.energyCurve.length >= 2 && !facts.curve && !facts.anchors.length) {
      plan.energyCurve = resample(ref.energyCurve.filter(Number.isFinite), Math.max(8, plan.energyCurve.length));
      understood.push("energy shape from the reference");
    }
  }
  if (ref.kind === "image") {
    const moods = (ref.moodHints ?? []).map((h) => h.toLowerCase().trim());
    const found = MOOD_WORDS.filter((m) => m.words.some((w) => moods.includes(w)) || moods.includes(m.mood));
    let valence = found.reduce((a, m) => a + m.valence, 0);
    if (typeof ref.brightness === "number") valence += ref.brightness > 0.65 ? 0.5 : ref.brightness < 0.3 ? -0.5 : 0;
    if (found.length && facts.energies.length === 0) {
      const e = found.reduce((a, m) => a + m.energy, 0) / found.length;
      const delta = Math.round((e - plan.energy) * 0.6 * 100) / 100;
      plan.energy = Math.round(Math.min(1, Math.max(0.05, plan.energy + delta)) * 100) / 100;
      plan.energyCurve = plan.energyCurve.map((x) => Math.round(Math.min(1, Math.max(0.05, x + delta)) * 100) / 100);
    }
    for (const m of found) if (!plan.moods.includes(m.mood)) plan.moods.push(m.mood);
    if (
      valence !== 0 &&
      facts.mode === undefined &&
      facts.tonic === undefined &&
      o.key === undefined &&
      facts.valence === 0
    ) {
      const minor = isMinorMode(plan.key.mode);
      if (valence < 0 && !minor)
        plan.key = { ...plan.key, mode: plan.key.mode.includes("pentatonic") ? "minor pentatonic" : "minor" };
      if (valence > 0 && minor)
        plan.key = { ...plan.key, mode: plan.key.mode.includes("pentatonic") ? "major pentatonic" : "major" };
    }
    if (found.length || valence !== 0)
      understood.push(
        `mood from the image: ${found.map((m) => m.mood).join(", ") || (valence > 0 ? "bright" : "dark")}`,
      );
  }
}
