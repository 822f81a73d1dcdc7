/**
 * Follow-ups edit the previous plan: relative tempo and length, key and mode, instruments in and out, energy, mix
 * intents, intro, ending, loop, a new seed for "another variation". A follow-up that names a different style starts
 * again from the brief but keeps what the person set explicitly before (length, tempo, key, loop, loudness, removals).
 */
import { VOICES } from "../theory/voices.js";
import type { Family, InstrumentChoice, MixIntents, Mode, Plan, Role } from "../types.js";
import { barsToSeconds, buildPlan, chooseMode, explicitFields, useCaseOf } from "./build.js";
import { DEFAULTS, nextSeed } from "./defaults.js";
import { energyCurve } from "./energy.js";
import { addOnce, type Facts } from "./facts.js";
import { buildEnsemble, namedRole, resolve } from "./instrumentation.js";
import { transposeTonic } from "./keys.js";
import { LIMITS } from "./measures.js";
import { STYLES, type StyleDef } from "./styles.js";

/** Families that can carry a tune when the melody is asked back. */
const LEADS: ReadonlySet<Family> = new Set<Family>([
  "piano",
  "epiano",
  "organ",
  "guitar_family",
  "strings",
  "brass",
  "woodwind",
  "mallets",
  "ethnic",
  "synth",
]);
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const round2 = (x: number) => Math.round(x * 100) / 100;

const MIX_LIMITS: Record<keyof MixIntents, number> = {
  bassDb: 12,
  brightnessDb: 12,
  space: 1,
  drumsDb: 12,
  melodyDb: 12,
  width: 1,
};

/** A style named by the follow-up that differs from the plan's (weight ≥ 1, so "jazzy" alone does not restart). */
function restartStyle(facts: Facts, previous: Plan): string | undefined {
  let best: string | undefined;
  let weight = 0;
  for (const [id, w] of facts.styles) {
    if (w >= weight) {
      best = id;
      weight = w;
    }
  }
  return best && best !== previous.style && weight >= 1 ? best : undefined;
}

function restart(previous: Plan, facts: Facts, language: "en" | "zh"): Plan {
  const had = (field: string) => previous.explicit.includes(field);
  if (facts.durationSeconds === undefined && had("durationSeconds")) facts.durationSeconds = previous.durationSeconds;
  if (facts.bpm === undefined && had("bpm")) facts.bpm = previous.bpm;
  if (facts.tonic === undefined && had("key")) {
    facts.tonic = previous.key.tonic;
    facts.mode ??= previous.key.mode;
  }
  if (!facts.meter && had("meter")) facts.meter = previous.meter;
  if (facts.loop === undefined && had("loop")) facts.loop = previous.loop;
  if (facts.lufs === undefined && had("lufs")) facts.lufs = previous.lufs;
  if (facts.hits.length === 0 && had("hits")) facts.hits = [...previous.hits];
  if (facts.ending === undefined && had("ending")) facts.ending = previous.ending;
  if (facts.introBars === undefined && had("introBars") && previous.introBars !== null)
    facts.introBars = previous.introBars;
  for (const f of previous.excluded) addOnce(facts.excludeFamilies, f);
  for (const r of previous.mutedRoles) addOnce(facts.muteRoles, r);
  for (const [k, v] of Object.entries(previous.mix) as [keyof MixIntents, number][]) {
    facts.mix[k] = (facts.mix[k] ?? 0) + v;
  }
  const plan = buildPlan(facts, facts.variation ? nextSeed(previous.seed, "restart") : previous.seed, language);
  plan.explicit = [
    ...new Set([...previous.explicit.filter((f) => f !== "style" && f !== "instruments"), ...plan.explicit]),
  ];
  return plan;
}

function editInstruments(plan: Plan, facts: Facts, style: StyleDef): void {
  const removeFamilies: Family[] = facts.excludeFamilies;
  const muteRoles: Role[] = facts.muteRoles;
  const addedFamilies = new Set<Family>();
  const addedRoles = new Set<Role>();
  for (const n of facts.include) {
    const family = "voice" in n.pick ? VOICES[n.pick.voice].family : n.pick.family;
    addedFamilies.add(family);
    if (family === "drums") addedRoles.add("drums");
    if (family === "bass") addedRoles.add("bass");
    if (n.role) addedRoles.add(n.role);
  }
  plan.excluded = [...plan.excluded.filter((f) => !addedFamilies.has(f)), ...removeFamilies].filter(
    (f, i, a) => a.indexOf(f) === i,
  );
  for (const r of facts.unmuteRoles) addedRoles.add(r);
  plan.mutedRoles = [...plan.mutedRoles.filter((r) => !addedRoles.has(r)), ...muteRoles].filter(
    (r, i, a) => a.indexOf(r) === i,
  );
  const req = {
    palette: style.palette,
    style: plan.style,
    include: facts.include,
    excludeFamilies: plan.excluded,
    muteRoles: plan.mutedRoles,
    onlyNamed: false,
    tags: facts.tags,
  };
  const allowed = (c: InstrumentChoice) => !plan.excluded.includes(c.family) && !plan.mutedRoles.includes(c.role);
  const list = plan.instruments.filter(allowed);
  for (const n of facts.include) {
    const voice = resolve(n.pick, req);
    const info = VOICES[voice];
    const role = namedRole(voice, n.role, plan.mutedRoles);
    const c: InstrumentChoice = { voice, name: info.label, role, family: info.family, program: info.program };
    if (role === "drums") {
      const kit = buildEnsemble({ ...req, include: [{ pick: { voice }, words: n.words }], onlyNamed: true });
      if (kit[0]?.kit) c.kit = kit[0].kit;
      // One kit at a time: a named kit replaces the current one.
      for (let i = list.length - 1; i >= 0; i--) if (list[i]?.role === "drums") list.splice(i, 1);
    }
    if (allowed(c) && !list.some((x) => x.voice === voice && x.role === role)) list.push(c);
  }
  // A role that lost its only instrument (and was not switched off) gets the palette's choice again.
  for (const role of ["drums", "bass", "harmony", "melody"] as const) {
    const hadIt = plan.instruments.some((c) => c.role === role) || facts.unmuteRoles.includes(role);
    if (!hadIt || list.some((c) => c.role === role) || plan.mutedRoles.includes(role)) continue;
    // The melody comes back on an instrument already playing (the piano that carried it) before a new one.
    const carrier =
      role === "melody"
        ? list.find((c) => c.role === "harmony" && LEADS.has(c.family) && !/pad/.test(c.voice))
        : undefined;
    const refill = carrier ? { ...carrier, role } : buildEnsemble({ ...req, include: [] }).find((c) => c.role === role);
    if (refill) list.push(refill);
  }
  const order: Role[] = ["drums", "bass", "harmony", "melody", "fx"];
  plan.instruments = list.sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role));
}

function editKey(plan: Plan, facts: Facts, style: StyleDef): void {
  if (facts.tonic !== undefined && facts.mode !== undefined) {
    plan.key = { tonic: facts.tonic, mode: facts.mode };
  } else if (facts.mode !== undefined) {
    plan.key = { tonic: plan.key.tonic, mode: facts.mode };
  } else if (facts.valence !== 0 || facts.pentatonic) {
    // The latest words win: "make it sadder" moves an explicit C major to C minor (same tonic).
    const mode: Mode = chooseMode({ ...facts, mode: undefined }, { ...style, mode: plan.key.mode });
    plan.key = { tonic: plan.key.tonic, mode };
  }
  if (facts.pentatonic && !plan.key.mode.includes("pentatonic")) {
    plan.key = { ...plan.key, mode: chooseMode({ ...facts, valence: 0, mode: plan.key.mode }, style) };
  }
  if (facts.transposeSemitones) {
    plan.key = { ...plan.key, tonic: transposeTonic(plan.key.tonic, facts.transposeSemitones, plan.key.mode) };
  }
}

function editTempo(plan: Plan, facts: Facts): void {
  if (facts.bpm !== undefined) plan.bpm = facts.bpm;
  else if (facts.bpmRange) plan.bpm = Math.round((facts.bpmRange[0] + facts.bpmRange[1]) / 2);
  else if (facts.tempoPercent !== undefined) plan.bpm = Math.round(plan.bpm * (1 + facts.tempoPercent / 100));
  else if (facts.tempoDeltaBpm !== undefined) plan.bpm += facts.tempoDeltaBpm;
  else {
    const range = facts.tempoRanges[0];
    if (range && (plan.bpm < range[0] || plan.bpm > range[1])) plan.bpm = Math.round((range[0] + range[1]) / 2);
  }
  plan.bpm = clamp(plan.bpm, LIMITS.bpm[0], LIMITS.bpm[1]);
}

function editLength(plan: Plan, facts: Facts): void {
  let d = plan.durationSeconds;
  if (facts.durationSeconds !== undefined) d = facts.durationSeconds;
  else if (facts.durationScale) d = Math.round(d * facts.durationScale);
  else if (facts.lengthBars) d = barsToSeconds(facts.lengthBars, plan.bpm, plan.meter);
  if (facts.durationDeltaSeconds) d += facts.durationDeltaSeconds;
  plan.durationSeconds = clamp(Math.round(d * 1000) / 1000, LIMITS.durationSeconds[0], LIMITS.durationSeconds[1]);
}

export function refinePlan(previous: Plan, facts: Facts, brief: string, language: "en" | "zh"): Plan {
  const newStyle = restartStyle(facts, previous);
  if (newStyle) return restart(previous, facts, language);
  const plan: Plan = structuredClone(previous);
  plan.language = language;
  const style = STYLES[plan.style as keyof typeof STYLES] ?? STYLES.pop;
  const use = useCaseOf(facts);
  editTempo(plan, facts);
  if (facts.meter) plan.meter = facts.meter;
  editLength(plan, facts);
  editKey(plan, facts, style);
  editInstruments(plan, facts, style);
  let energy = plan.energy;
  if (facts.energies.length)
    energy = 0.5 * energy + 0.5 * (facts.energies.reduce((a, b) => a + b, 0) / facts.energies.length);
  if (use?.energyCap !== undefined) energy = Math.min(energy, use.energyCap);
  if (use?.energyFloor !== undefined) energy = Math.max(energy, use.energyFloor);
  energy = round2(clamp(energy + (facts.energyDelta ?? 0), 0.05, 1));
  for (const [k, v] of Object.entries(facts.mix) as [keyof MixIntents, number][]) {
    plan.mix[k] = clamp(plan.mix[k] + v, -MIX_LIMITS[k], MIX_LIMITS[k]);
  }
  for (const [k, v] of Object.entries(use?.mix ?? {}) as [keyof MixIntents, number][]) {
    if (plan.mix[k] === previous.mix[k]) plan.mix[k] = clamp(plan.mix[k] + v, -MIX_LIMITS[k], MIX_LIMITS[k]);
  }
  if (facts.introBars !== undefined) plan.introBars = facts.introBars;
  else if (facts.introDelta) plan.introBars = Math.min(16, Math.max(plan.introBars ?? 4, 4) + facts.introDelta);
  if (facts.loop !== undefined) {
    plan.loop = facts.loop;
    if (facts.loop) plan.introBars = facts.introBars ?? 0;
    if (!facts.loop && plan.ending === "hard" && !previous.explicit.includes("ending")) plan.ending = style.ending;
    if (!facts.loop && plan.introBars === 0 && facts.introBars === undefined) plan.introBars = null;
  }
  if (facts.ending) plan.ending = facts.ending;
  if (facts.lufs !== undefined) plan.lufs = facts.lufs;
  else if (facts.lufsDelta) plan.lufs = clamp(plan.lufs + facts.lufsDelta, LIMITS.lufs[0], LIMITS.lufs[1]);
  else if (use?.lufs !== undefined && !previous.explicit.includes("lufs")) plan.lufs = use.lufs;
  if (use) plan.useCase = use.id;
  if (facts.form) plan.form = [...facts.form];
  if (facts.swing !== undefined) plan.swing = facts.swing;
  for (const mood of facts.moods) addOnce(plan.moods, mood);
  // A new drop moves the drop ("drop at 0:30 instead"); hits and cuts add up.
  const newDrop = facts.hits.some((h) => h.kind === "drop");
  const kept = plan.hits.filter((h) => !(newDrop && h.kind === "drop") && !facts.hits.some((n) => n.at === h.at));
  const hits = [...kept, ...facts.hits];
  plan.hits = hits.filter((h) => h.at < plan.durationSeconds).sort((a, b) => a.at - b.at);
  const lengthMoved = plan.durationSeconds !== previous.durationSeconds && plan.hits.some((h) => h.kind === "drop");
  const reshape =
    facts.curve || facts.anchors.length || facts.hits.length || plan.loop !== previous.loop || lengthMoved;
  const delta = energy - previous.energy;
  plan.energy = energy;
  plan.energyCurve = reshape
    ? energyCurve({
        energy,
        shape: facts.curve ?? (plan.loop ? "loop" : "arc"),
        anchors: facts.anchors,
        hits: plan.hits,
        durationSeconds: plan.durationSeconds,
      })
    : previous.energyCurve.map((e) => round2(clamp(e + delta, 0.05, 1)));
  if (facts.variation) plan.seed = nextSeed(previous.seed, brief);
  const edited = explicitFields(facts);
  if (facts.tempoPercent !== undefined || facts.tempoDeltaBpm !== undefined || facts.tempoRanges.length)
    edited.push("bpm");
  if (facts.durationScale || facts.durationDeltaSeconds) edited.push("durationSeconds");
  if (facts.mode !== undefined || facts.transposeSemitones) edited.push("key");
  if (facts.introDelta) edited.push("introBars");
  plan.explicit = [...new Set([...previous.explicit, ...edited])];
  void DEFAULTS;
  return plan;
}
