/**
 * Harmony: a progression per section role (A, B, C) from the style's pool, cycled at the style's harmonic
 * rhythm, with a cadence before choruses and at the end, a tonic final chord (unless looping or fading) and,
 * in a loop, a turnaround chord that leads back into the first.
 */
import type { Rng } from "../dsp/random.js";
import { type ChordSpec, chordPitchClasses, parseNumeral } from "../theory/chords.js";
import { estimateKey, keyMargin } from "../theory/key-profile.js";
import {
  HARMONY_STYLES,
  type HarmonyStyle,
  MODAL_CADENCE,
  MODAL_POOLS,
  STYLE_HARMONY,
} from "../theory/progressions.js";
import { isMinorMode, isPentatonic, mod12, pitchClassOf } from "../theory/scales.js";
import type { Plan, SectionKind } from "../types.js";
import type { ChordSlot, Grid, SectionPlan } from "./model.js";

export interface Harmony {
  slots: ChordSlot[];
  /** The closing tonic chord at the grid's end (null for loops and fades). */
  final: ChordSlot | null;
  tonicPc: number;
}

type Progression = readonly string[];

const SECTION_ROLE: Record<SectionKind, "A" | "B" | "C"> = {
  intro: "A",
  verse: "A",
  loop: "A",
  solo: "A",
  outro: "A",
  breakdown: "C",
  bridge: "C",
  pre: "C",
  build: "C",
  chorus: "B",
  drop: "B",
};

interface Pools {
  list: readonly Progression[];
  cadence: string;
  barsPerChord: number;
  tonic: string;
  pedalColour: string;
  drone: boolean;
  /** The chords before the final tonic. */
  finalCadence: string[];
}

function pools(plan: Plan): Pools {
  // Pentatonic keys take the pentatonic-safe pools (added sixths, sus chords) so the harmony stays in the mode.
  const styleId = isPentatonic(plan.key.mode) ? "chinese" : (STYLE_HARMONY[plan.style] ?? "pop");
  const style: HarmonyStyle = HARMONY_STYLES[styleId];
  const minor = isMinorMode(plan.key.mode);
  const modal = styleId === "chinese" ? undefined : MODAL_POOLS[plan.key.mode];
  const list = modal ?? (minor ? style.minor : style.major);
  const cadence =
    (modal ? MODAL_CADENCE[plan.key.mode] : undefined) ?? (minor ? style.cadence.minor : style.cadence.major);
  let barsPerChord = style.barsPerChord;
  // Very short pieces and slow tempos move the harmony faster so the progression is heard.
  if (barsPerChord > 1 && plan.durationSeconds < 30) barsPerChord = 1;
  const tonic = minor ? "i" : "I";
  const pedalColour = (style as HarmonyStyle).pedal?.[minor ? "minor" : "major"] ?? (minor ? "iv" : "IV");
  const finalCadence = modal ? [cadence] : ((style as HarmonyStyle).final?.[minor ? "minor" : "major"] ?? [cadence]);
  return {
    list,
    cadence,
    barsPerChord,
    tonic,
    pedalColour,
    drone: (style as HarmonyStyle).drone === true,
    finalCadence: [...finalCadence],
  };
}

function startsOnTonic(p: Progression): boolean {
  return startsOnTonicSymbol(p[0] ?? "");
}

/** Does the progression on its own point at the key (no relative major/minor reading)? */
function statesKey(progression: Progression, tonicPc: number, minor: boolean): boolean {
  const weights = new Array<number>(12).fill(0);
  for (const symbol of progression) {
    const chord = parseNumeral(symbol);
    if (!chord) continue;
    chordPitchClasses(chord, tonicPc).forEach((pc, i) => {
      weights[pc] = (weights[pc] ?? 0) + (i === 0 ? 1.5 : 1);
    });
  }
  const estimate = estimateKey(weights);
  return estimate !== undefined && estimate.tonicPc === tonicPc && (estimate.mode === "minor") === minor;
}

/**
 * Three progressions for the A, B and C roles. A and B prefer progressions that open on the tonic and state
 * the key by themselves, so the listener is never unsure where home is.
 */
function chooseProgressions(
  list: readonly Progression[],
  rng: Rng,
  tonicPc: number,
  minor: boolean,
): Record<"A" | "B" | "C", Progression> {
  const clarity = list.map((p) => (startsOnTonic(p) ? 2 : 1) * (statesKey(p, tonicPc, minor) ? 4 : 1));
  const a = rng.weighted(list, clarity) ?? list[0] ?? ["I"];
  const rest = list.filter((p) => p !== a);
  const b =
    rng.weighted(
      rest,
      rest.map((p) => clarity[list.indexOf(p)] ?? 1),
    ) ?? a;
  const others = rest.filter((p) => p !== b);
  const c = rng.pick(others) ?? [...a.slice(2), ...a.slice(0, 2)];
  return { A: a, B: b, C: c };
}

function slotOf(spec: ChordSpec, tonicPc: number, pos: number, length: number, section: number): ChordSlot {
  return {
    pos,
    length,
    chord: spec,
    rootPc: mod12(tonicPc + spec.rootOffset),
    bassPc: mod12(tonicPc + spec.bassOffset),
    pcs: chordPitchClasses(spec, tonicPc),
    section,
  };
}

const FALLBACK: ChordSpec = { symbol: "I", rootOffset: 0, intervals: [0, 4, 7], bassOffset: 0 };

function spec(symbol: string): ChordSpec {
  return parseNumeral(symbol) ?? FALLBACK;
}

/** Tonic, then the style's subdominant colour over a tonic bass (a pedal that names the key). */
function pedalOf(colour: string, tonic: string): Progression {
  return parseNumeral(`${colour}/${tonic}`) ? [tonic, `${colour}/${tonic}`] : [tonic];
}

function startsOnTonicSymbol(symbol: string): boolean {
  return /^(i|I)(?![iIvV])/.test(symbol);
}

/** The chord sounding at a position (the last slot that started at or before it). */
export function chordAt(slots: readonly ChordSlot[], pos: number): ChordSlot | undefined {
  let lo = 0;
  let hi = slots.length - 1;
  let found: ChordSlot | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const slot = slots[mid];
    if (slot && slot.pos <= pos + 1e-9) {
      found = slot;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found ?? slots[0];
}

/** Pitch-class weight of a chord sequence as a listener hears it: chord tones by length, roots and bass doubled. */
function harmonyWeights(slots: readonly ChordSlot[]): number[] {
  const weights = new Array<number>(12).fill(0);
  for (const slot of slots) {
    for (const pc of slot.pcs) weights[pc] = (weights[pc] ?? 0) + slot.length;
    weights[slot.rootPc] = (weights[slot.rootPc] ?? 0) + 0.5 * slot.length;
    weights[slot.bassPc] = (weights[slot.bassPc] ?? 0) + slot.length;
  }
  return weights;
}

/** Roots (semitones above the tonic) of tonic-function chords: I/i, ♭III, iii, vi. */
const TONIC_FUNCTION_ROOTS: ReadonlySet<number> = new Set([0, 3, 4, 9]);

/** Tries before settling for the clearest progression set. */
const KEY_ATTEMPTS = 6;
/** Correlation lead over the nearest other key that counts as unmistakable. */
const CLEAR_MARGIN = 0.05;

export function writeHarmony(plan: Plan, grid: Grid, sections: readonly SectionPlan[], rng: Rng): Harmony {
  const tonicPc = pitchClassOf(plan.key.tonic) ?? 0;
  const minor = isMinorMode(plan.key.mode);
  const pools_ = pools(plan);
  // A composer checks the key is unmistakable; when the chosen progressions drift toward a neighbour key
  // (ii–V-heavy or bVII-heavy sets), another set from the same pool is chosen.
  let best: ChordSlot[] = [];
  let bestMargin = Number.NEGATIVE_INFINITY;
  for (let attempt = 0; attempt < KEY_ATTEMPTS; attempt++) {
    const chosen = chooseProgressions(pools_.list, rng, tonicPc, minor);
    const slots = buildSlots(plan, grid, sections, chosen, pools_, tonicPc);
    const margin = keyMargin(harmonyWeights(slots), tonicPc, minor);
    if (margin > bestMargin) {
      best = slots;
      bestMargin = margin;
    }
    if (margin > CLEAR_MARGIN) break;
  }
  const totalBeats = grid.bars.reduce((s, b) => s + b.quarterBeats, 0);
  const lastSection = sections[sections.length - 1]?.index ?? 0;
  const hasFinal = !plan.loop && plan.ending !== "fade" && grid.duration - grid.end > 0.05;
  const lastBpm = grid.bars[grid.bars.length - 1]?.bpm ?? grid.bpm;
  const final = hasFinal
    ? slotOf(spec(pools_.tonic), tonicPc, totalBeats, ((grid.duration - grid.end) * lastBpm) / 60, lastSection)
    : null;
  return { slots: best, final, tonicPc };
}

function buildSlots(
  plan: Plan,
  grid: Grid,
  sections: readonly SectionPlan[],
  chosen: Record<"A" | "B" | "C", Progression>,
  { cadence, finalCadence, barsPerChord, tonic, pedalColour, drone }: Pools,
  tonicPc: number,
): ChordSlot[] {
  const q = grid.quarterBeatsPerBar;
  const slots: ChordSlot[] = [];
  const totalBeats = grid.bars.reduce((s, b) => s + b.quarterBeats, 0);
  for (const section of sections) {
    // Intros and outros sit on a tonic pedal: the key is stated before the tune and confirmed after it.
    const pedal = section.kind === "intro" || section.kind === "outro";
    const progression = pedal ? pedalOf(pedalColour, tonic) : chosen[SECTION_ROLE[section.kind]];
    const start = section.startBar * q;
    const end = Math.min(totalBeats, (section.startBar + section.bars) * q);
    const sectionSlots: ChordSlot[] = [];
    // The harmonic rhythm quickens when a section is too short to hear its whole progression.
    let bars = barsPerChord;
    while (bars > 1 && progression.length * bars > section.bars) bars /= 2;
    const chordBeats = bars * q;
    for (let pos = start, i = 0; pos < end - 1e-9; pos += chordBeats, i++) {
      const written = progression[i % progression.length] ?? tonic;
      const symbol = drone && !written.includes("/") ? `${written}/${tonic}` : written;
      sectionSlots.push(slotOf(spec(symbol), tonicPc, pos, Math.min(chordBeats, end - pos), section.index));
    }
    const next = sections[section.index + 1];
    const last = sectionSlots[sectionSlots.length - 1];
    const leadsToTonic = next && startsOnTonic(chosen[SECTION_ROLE[next.kind]]);
    const isEnd = !next;
    // Cadences: into a section that opens on the tonic, and at the very end (or the loop's turnaround). A
    // phrase that already ends on a pre-tonic chord (IV, V, ♭VII, …) keeps it; a tonic-function ending is replaced.
    const tonicFunction = last !== undefined && TONIC_FUNCTION_ROOTS.has(last.chord.rootOffset);
    if (
      last &&
      sectionSlots.length >= 2 &&
      (isEnd || (leadsToTonic && tonicFunction)) &&
      !(isEnd && plan.ending === "fade" && !plan.loop)
    ) {
      // The piece's own close may take two chords (IV–V–I, ♭VI–♭VII–i, ii–V–I) when there is room.
      const closing = isEnd && !plan.loop && finalCadence.length < sectionSlots.length ? finalCadence : [cadence];
      closing.forEach((symbol, k) => {
        const index = sectionSlots.length - closing.length + k;
        const slot = sectionSlots[index];
        if (slot) sectionSlots[index] = slotOf(spec(symbol), tonicPc, slot.pos, slot.length, section.index);
      });
    }
    slots.push(...sectionSlots);
  }
  if (plan.loop && slots.length > 0 && !startsOnTonic(chosen.A)) {
    // The loop's last chord already leads somewhere; make sure it is not the opening chord itself.
    const lastSlot = slots[slots.length - 1];
    const first = slots[0];
    if (lastSlot && first && lastSlot.rootPc === first.rootPc) {
      slots[slots.length - 1] = slotOf(spec(cadence), tonicPc, lastSlot.pos, lastSlot.length, lastSlot.section);
    }
  }
  return slots;
}
