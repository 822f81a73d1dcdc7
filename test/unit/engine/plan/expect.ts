/**
 * Checks a plan against the `expect` vocabulary of shared/briefs/examples.json (the same words hidden briefs use).
 * Returns the list of mismatches (empty when the plan meets every expectation).
 */
import type { Plan } from "../../../../src/engine/types.js";

export interface Expect {
  duration?: number;
  bpm?: number;
  bpm_range?: [number, number];
  key?: string;
  mode?: string;
  meter?: number;
  has?: string[];
  lacks?: string[];
  loop?: boolean;
  drop_at?: number;
  rising?: boolean;
  lufs?: number;
  pentatonic?: boolean;
  lang?: "en" | "zh";
  style?: string;
}

const MINOR_MODES = new Set(["minor", "dorian", "phrygian", "locrian", "harmonic minor", "minor pentatonic"]);

function families(plan: Plan): Set<string> {
  return new Set(plan.instruments.map((i) => i.family));
}

function hasFamily(plan: Plan, family: string): boolean {
  const f = families(plan);
  if (family === "synth_pad_or_strings") return f.has("synth") || f.has("strings");
  return f.has(family);
}

export function mismatches(plan: Plan, e: Expect): string[] {
  const out: string[] = [];
  const want = (ok: boolean, what: string) => {
    if (!ok) out.push(what);
  };
  if (e.duration !== undefined)
    want(Math.abs(plan.durationSeconds - e.duration) <= 0.1, `duration ${plan.durationSeconds} ≠ ${e.duration}`);
  if (e.bpm !== undefined) want(plan.bpm === e.bpm, `bpm ${plan.bpm} ≠ ${e.bpm}`);
  if (e.bpm_range)
    want(plan.bpm >= e.bpm_range[0] && plan.bpm <= e.bpm_range[1], `bpm ${plan.bpm} ∉ ${e.bpm_range.join("–")}`);
  if (e.key !== undefined) {
    const [tonic, ...mode] = e.key.split(" ");
    want(
      plan.key.tonic === tonic && plan.key.mode === mode.join(" "),
      `key ${plan.key.tonic} ${plan.key.mode} ≠ ${e.key}`,
    );
  }
  if (e.mode !== undefined) {
    const minor = MINOR_MODES.has(plan.key.mode);
    want(
      e.mode === "minor" ? minor : e.mode === "major" ? !minor : plan.key.mode === e.mode,
      `mode ${plan.key.mode} ≠ ${e.mode}`,
    );
  }
  if (e.meter !== undefined) want(plan.meter.beatsPerBar === e.meter, `meter ${plan.meter.beatsPerBar} ≠ ${e.meter}`);
  for (const f of e.has ?? []) want(hasFamily(plan, f), `missing ${f}`);
  for (const f of e.lacks ?? []) want(!hasFamily(plan, f), `has excluded ${f}`);
  if (e.loop !== undefined) want(plan.loop === e.loop, `loop ${plan.loop} ≠ ${e.loop}`);
  if (e.drop_at !== undefined) {
    want(
      plan.hits.some((h) => h.kind === "drop" && Math.abs(h.at - e.drop_at!) < 0.01),
      `no drop at ${e.drop_at}`,
    );
  }
  if (e.rising) {
    const c = plan.energyCurve;
    want((c.at(-1) ?? 0) > (c[0] ?? 1) + 0.2, `curve not rising ${c.join(",")}`);
  }
  if (e.lufs !== undefined) want(Math.abs(plan.lufs - e.lufs) <= 1, `lufs ${plan.lufs} ≠ ${e.lufs}`);
  if (e.pentatonic !== undefined)
    want(plan.key.mode.includes("pentatonic") === e.pentatonic, `mode ${plan.key.mode} pentatonic ≠ ${e.pentatonic}`);
  if (e.lang !== undefined) want(plan.language === e.lang, `lang ${plan.language} ≠ ${e.lang}`);
  if (e.style !== undefined) want(plan.style === e.style, `style ${plan.style} ≠ ${e.style}`);
  return out;
}
