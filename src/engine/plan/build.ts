/**
 * Facts from a first brief → a complete Plan: every field decided, explicit requests exact, the rest from the style,
 * the moods and the use case the way a working composer would fill them.
 */
import { createRng } from "../dsp/random.js";
import { isMinorMode } from "../theory/scales.js";
import { type StyleId, VOICES, type VoiceId } from "../theory/voices.js";
import { type InstrumentChoice, type Mode, NEUTRAL_MIX, type Plan } from "../types.js";
import { DEFAULTS } from "./defaults.js";
import { energyCurve } from "./energy.js";
import type { Facts } from "./facts.js";
import { buildEnsemble } from "./instrumentation.js";
import { USE_CASES, type UseCase } from "./lexicon/uses.js";
import { STYLES, type StyleDef } from "./styles.js";
import { makeTitle } from "./title.js";

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/** Instruments that say which style a brief means when it names none. */
const VOICE_HINTS: [string[], StyleId][] = [
  [["guzheng", "erhu", "pipa", "bamboo_flute"], "chinese_traditional"],
  [["tin_whistle", "kit_bodhran"], "celtic"],
  [["chip_pulse", "chip_triangle", "square_lead", "kit_chiptune"], "chiptune"],
  [["banjo", "fiddle"], "country"],
  [["church_organ", "choir"], "gospel"],
  [["kit_taiko", "staccato_strings", "french_horn", "low_strings"], "cinematic"],
  [["saxophone", "kit_brushes", "acoustic_bass", "vibraphone"], "jazz"],
  [["wobble_bass"], "dubstep"],
  [["bass_808", "kit_808"], "trap"],
  [["supersaw", "saw_lead", "synth_bass", "arp", "pluck", "kit_909"], "electronic"],
  [["distorted_guitar"], "rock"],
  [["fm_epiano", "vinyl", "kit_lofi"], "lofi"],
  [["nylon_guitar"], "bossa_nova"],
  [["steel_guitar", "ukulele"], "acoustic"],
  [["music_box", "glockenspiel", "celesta"], "childrens"],
  [["strings", "violin", "cello", "harp", "flute", "oboe", "clarinet", "trumpet", "brass"], "orchestral"],
  [["warm_pad", "dark_pad", "rain"], "ambient"],
];

/** How many named voices a style already plays or is known by: "808 bass" fits trap, not boom bap. */
function instrumentFit(style: StyleId, named: readonly string[]): number {
  const palette = STYLES[style].palette;
  const families = new Set(paletteVoices(palette).map((v) => VOICES[v].family));
  const hinted = VOICE_HINTS.filter(([, id]) => id === style).flatMap(([voices]) => voices);
  // A signature voice (808 for trap) weighs more than a family any band could have.
  const score = (v: string) => (hinted.includes(v) ? 2 : families.has(VOICES[v as VoiceId].family) ? 1 : 0);
  return named.reduce((sum, v) => sum + score(v), 0);
}

function paletteVoices(p: StyleDef["palette"]): VoiceId[] {
  return [...(p.drums ? [p.drums] : []), ...(p.bass ? [p.bass] : []), ...p.harmony, ...p.melody];
}

/** A sub-genre named next to its umbrella is the one meant: "陷阱说唱伴奏" (trap rap beat) is trap, "techno dance track" techno. */
const UMBRELLAS: [StyleId, StyleId][] = [
  ["trap", "boom_bap"],
  ["lofi", "boom_bap"],
  ["house", "electronic"],
  ["techno", "electronic"],
  ["trance", "electronic"],
  ["drum_and_bass", "electronic"],
  ["dubstep", "electronic"],
  ["synthwave", "electronic"],
];

export function chooseStyle(facts: Facts): StyleId {
  const named = facts.include.flatMap((n) => ("voice" in n.pick ? [n.pick.voice as string] : []));
  let best: StyleId | undefined;
  let bestScore = 0;
  // Ties go to the style the named instruments fit, then to the later word: the head noun comes last
  // ("orchestral trailer", "jazz waltz", "cinematic pop").
  const covered = new Set(UMBRELLAS.filter(([child]) => facts.styles.has(child)).map(([, umbrella]) => umbrella));
  for (const [id, weight] of facts.styles) {
    if (covered.has(id) && facts.styles.size > 1) continue;
    const score = weight + 0.001 * Math.min(instrumentFit(id, named), 20);
    if (score >= bestScore) {
      best = id;
      bestScore = score;
    }
  }
  if (best) return best;
  if (facts.tags.includes("80s")) return "synthwave";
  const onlyPiano = facts.onlyNamed && named.length > 0 && named.every((v) => v === "piano");
  if (onlyPiano) return "piano_solo";
  for (const [voices, style] of VOICE_HINTS.slice(0, 12)) if (named.some((v) => voices.includes(v))) return style;
  // A use case or mood suggests a style only when the named instruments belong in it ("game, piano and strings" is
  // not chiptune); a drumless hint (lullaby → solo piano) frames any instrument without adding a beat.
  const fits = (h: StyleId) => named.length === 0 || instrumentFit(h, named) > 0 || STYLES[h].palette.drums === null;
  const hint = facts.styleHints.find(fits);
  if (hint) return hint;
  for (const [voices, style] of VOICE_HINTS.slice(12)) if (named.some((v) => voices.includes(v))) return style;
  if (named.length > 0 && named.every((v) => v === "piano")) return "piano_solo";
  return facts.styleHints[0] ?? DEFAULTS.style;
}

/** The instrument a style is named after: "piano piece", "钢琴曲" and "guzheng solo" name their lead voice. */
function styleLead(style: StyleDef): VoiceId | undefined {
  return style.palette.melody[0] ?? style.palette.harmony[0];
}

/**
 * The ensemble, never silent: with "no other instruments" the style word's own instrument counts as named, and
 * when every voice was excluded or muted the style's lead plays anyway and the person is told.
 */
function ensembleFor(facts: Facts, styleId: StyleId, style: StyleDef): InstrumentChoice[] {
  const lead = styleLead(style);
  const include = [...facts.include];
  if (facts.onlyNamed && include.length === 0 && lead && facts.styles.size > 0) {
    include.push({ pick: { voice: lead }, words: STYLES[styleId].label });
    facts.understood.push(`${VOICES[lead].label} (named by the style, ${STYLES[styleId].label})`);
  }
  const request = {
    palette: style.palette,
    style: styleId,
    include,
    excludeFamilies: facts.excludeFamilies,
    muteRoles: facts.muteRoles,
    onlyNamed: facts.onlyNamed,
    tags: facts.tags,
  };
  return buildEnsemble(request);
}

const sounds = (plan: Plan) =>
  plan.instruments.some(
    (c) => c.role !== "fx" && !plan.mutedRoles.includes(c.role) && !plan.excluded.includes(c.family),
  );

/**
 * The safety net for first briefs and edits alike: a plan never ends with nothing sounding. The style's lead plays
 * (unmuted, unexcluded) and the person is told why.
 */
export function ensureSounding(plan: Plan, facts: Facts): void {
  if (sounds(plan)) return;
  const style = STYLES[plan.style as StyleId] as StyleDef | undefined;
  const fallback = (style && styleLead(style)) ?? "piano";
  const rescued = buildEnsemble({
    palette: style?.palette ?? STYLES[DEFAULTS.style].palette,
    style: plan.style,
    include: [{ pick: { voice: fallback }, words: VOICES[fallback].label }],
    excludeFamilies: [],
    muteRoles: [],
    onlyNamed: true,
    tags: [],
  });
  const roles = new Set(rescued.map((c) => c.role));
  const families = new Set(rescued.map((c) => c.family));
  plan.instruments = [...rescued, ...plan.instruments.filter((c) => c.role === "fx")];
  plan.mutedRoles = plan.mutedRoles.filter((r) => !roles.has(r));
  plan.excluded = plan.excluded.filter((f) => !families.has(f));
  facts.ignored.push(
    `the brief left no instrument playing, so the style's lead (${VOICES[fallback].label}) plays instead`,
  );
  facts.understood.push(`fallback instrument ${VOICES[fallback].label}`);
}

export function useCaseOf(facts: Facts): UseCase | undefined {
  return USE_CASES.find((u) => u.id === facts.useCase);
}

export function chooseEnergy(facts: Facts, style: StyleDef, use: UseCase | undefined): number {
  const moods = [...facts.energies, ...(use?.energy !== undefined ? [use.energy] : [])];
  let e = moods.length ? (1 - DEFAULTS.moodWeight) * style.energy + DEFAULTS.moodWeight * mean(moods) : style.energy;
  if (use?.energyCap !== undefined) e = Math.min(e, use.energyCap);
  if (use?.energyFloor !== undefined) e = Math.max(e, use.energyFloor);
  e += facts.energyDelta ?? 0;
  return Math.round(clamp(e, 0.05, 1) * 100) / 100;
}

export function chooseMode(facts: Facts, style: StyleDef): Mode {
  let mode: Mode = facts.mode ?? style.mode;
  if (facts.mode === undefined && facts.valence !== 0) {
    const wantMinor = facts.valence < 0;
    if (wantMinor !== isMinorMode(style.mode)) {
      mode = wantMinor === isMinorMode(style.altMode) ? style.altMode : wantMinor ? "minor" : "major";
    }
  }
  if (facts.pentatonic && !mode.includes("pentatonic"))
    mode = isMinorMode(mode) ? "minor pentatonic" : "major pentatonic";
  return mode;
}

/** Tempo from explicit BPM, else tempo words within (or beside) the style's range, placed by energy. */
export function chooseBpm(facts: Facts, style: StyleDef, use: UseCase | undefined, energy: number): number {
  if (facts.bpm !== undefined) return facts.bpm;
  let range: [number, number] = facts.bpmRange ?? style.bpm;
  const word = facts.bpmRange ? undefined : (facts.tempoRanges[0] ?? use?.tempo);
  if (word) {
    const lo = Math.max(word[0], style.bpm[0]);
    const hi = Math.min(word[1], style.bpm[1]);
    if (lo <= hi) range = [lo, hi];
    else {
      // No overlap: keep the style's own range when it is already on the asked side ("fast" drum and bass).
      const styleFaster = style.bpm[0] > word[1];
      const askedFast = word[0] >= 120;
      range = styleFaster === askedFast ? style.bpm : word;
    }
  }
  const position = facts.bpmRange ? 0.5 : clamp((energy - 0.15) / 0.75, 0, 1);
  let bpm = Math.round(range[0] + (range[1] - range[0]) * position);
  if (facts.tempoPercent !== undefined) bpm = Math.round(bpm * (1 + facts.tempoPercent / 100));
  if (facts.tempoDeltaBpm !== undefined) bpm += facts.tempoDeltaBpm;
  return clamp(bpm, 30, 300);
}

export function explicitFields(facts: Facts): string[] {
  const out: string[] = [];
  if (facts.durationSeconds !== undefined || facts.lengthBars !== undefined) out.push("durationSeconds");
  if (facts.bpm !== undefined) out.push("bpm");
  if (facts.tonic !== undefined && facts.mode !== undefined) out.push("key");
  if (facts.meter) out.push("meter");
  if (facts.loop !== undefined) out.push("loop");
  if (facts.lufs !== undefined) out.push("lufs");
  if (facts.include.length) out.push("instruments");
  if (facts.excludeFamilies.length) out.push("excluded");
  if (facts.muteRoles.length) out.push("mutedRoles");
  if (facts.hits.length) out.push("hits");
  if (facts.ending) out.push("ending");
  if (facts.introBars !== undefined) out.push("introBars");
  if (facts.form) out.push("form");
  if (facts.styles.size) out.push("style");
  if (facts.swing !== undefined) out.push("swing");
  if (facts.curve || facts.anchors.length) out.push("energyCurve");
  return out;
}

/** Seconds for a length in bars at a tempo (quarter-note BPM) and meter. */
export function barsToSeconds(bars: number, bpm: number, meter: { beatsPerBar: number; beatUnit: number }): number {
  return Math.round(((bars * meter.beatsPerBar * 4) / meter.beatUnit) * (60 / bpm) * 1000) / 1000;
}

export function buildPlan(facts: Facts, seed: number, language: "en" | "zh"): Plan {
  const styleId = chooseStyle(facts);
  const style = STYLES[styleId];
  const use = useCaseOf(facts);
  const energy = chooseEnergy(facts, style, use);
  const mode = chooseMode(facts, style);
  const tonic = facts.tonic ?? createRng(seed).fork("tonic").pick(style.tonics) ?? "C";
  const loop = facts.loop ?? use?.loop ?? false;
  const meter = facts.meter ?? { beatsPerBar: style.meter[0], beatUnit: style.meter[1] };
  const bpm = chooseBpm(facts, style, use, energy);
  const fromBars = facts.lengthBars ? barsToSeconds(facts.lengthBars, bpm, meter) : undefined;
  let durationSeconds = facts.durationSeconds ?? fromBars ?? use?.durationSeconds ?? DEFAULTS.durationSeconds;
  if (facts.durationSeconds === undefined && facts.durationScale) durationSeconds *= facts.durationScale;
  const hits = facts.hits.filter((h) => h.at < durationSeconds);
  const mix = { ...NEUTRAL_MIX };
  for (const source of [use?.mix ?? {}, facts.mix]) {
    for (const [k, v] of Object.entries(source) as [keyof typeof mix, number][]) mix[k] += v;
  }
  const instruments = ensembleFor(facts, styleId, style);
  const moods = facts.moods.length ? [...facts.moods] : [];
  return {
    title: makeTitle(styleId, moods, seed),
    style: styleId,
    moods,
    energy,
    energyCurve: energyCurve({
      energy,
      shape: facts.curve ?? (loop ? "loop" : style.energy <= 0.3 || use?.energyCap ? "flat" : "arc"),
      anchors: facts.anchors,
      hits,
      durationSeconds,
    }),
    bpm,
    key: { tonic, mode },
    meter,
    durationSeconds: Math.round(durationSeconds * 1000) / 1000,
    instruments,
    excluded: [...facts.excludeFamilies],
    mutedRoles: [...facts.muteRoles],
    form: facts.form ? [...facts.form] : null,
    introBars: facts.introBars ?? (loop ? 0 : facts.introDelta ? DEFAULTS.longIntroBars : null),
    hits,
    loop,
    ending: facts.ending ?? (loop ? "hard" : (use?.ending ?? style.ending)),
    swing: facts.swing ?? style.swing,
    lufs: facts.lufs ?? use?.lufs ?? DEFAULTS.lufs,
    useCase: use?.id ?? null,
    mix,
    seed,
    language,
    explicit: explicitFields(facts),
  };
}

/** Voices' labels, for summaries. */
export function voiceLabel(voice: string): string {
  return (VOICES as Record<string, { label: string }>)[voice]?.label ?? voice;
}
