/**
 * Writing each part's notes (in beats) for the sections it plays in, plus its share of the final chord.
 */
import type { Rng } from "../dsp/random.js";
import { voiceInfo } from "../theory/voices.js";
import type { Plan } from "../types.js";
import { rangeOf } from "./arrange.js";
import { BassWriter } from "./bass.js";
import { ChordWriter, counterLine } from "./comp.js";
import { DrumWriter } from "./drums.js";
import { GROOVES, type Groove } from "./grooves.js";
import type { Harmony } from "./harmony.js";
import { writeLead } from "./melody.js";
import { type BeatNote, type Grid, musicLength, type PartPlan, type SectionPlan } from "./model.js";
import type { CompPattern, StyleProfile } from "./styles.js";

export interface WriteContext {
  plan: Plan;
  grid: Grid;
  sections: readonly SectionPlan[];
  harmony: Harmony;
  profile: StyleProfile;
  melodyScale: readonly number[];
  harmonyScale: readonly number[];
  /** The lead line (written first) so other parts can answer it. */
  lead?: BeatNote[];
}

const KIT_GROOVE: Record<string, keyof typeof GROOVES> = {
  kit_brushes: "brushes",
  kit_taiko: "taiko",
  kit_orchestral: "orchestral",
  kit_hand: "hand",
  kit_chiptune: "chiptune",
};

export function grooveFor(profile: StyleProfile, kit: string, beatsPerBar: number, beatUnit: number): Groove {
  const meterGroove = profile.groove;
  const byKit = KIT_GROOVE[kit];
  // Kit grooves are 4/4; other meters keep their meter's groove (remapped to the kit's sounds).
  if (byKit && beatsPerBar === 4 && beatUnit === 4) return GROOVES[byKit];
  return GROOVES[meterGroove];
}

/** Short-bowed strings play ostinati whatever the style's comping (in 4-beat patterns). */
const OSTINATO_VOICES = new Set(["staccato_strings", "pizzicato_strings"]);

function compPatternFor(voice: string, pattern: CompPattern): CompPattern {
  return OSTINATO_VOICES.has(voice) && pattern !== "waltz" && pattern !== "jig" ? "pulse8" : pattern;
}

/** Builds and pre-choruses swell: velocities rise across the section. */
function swell(notes: BeatNote[], sections: readonly SectionPlan[], q: number): BeatNote[] {
  const rising = sections.filter((s) => s.kind === "build" || s.kind === "pre");
  if (rising.length === 0) return notes;
  return notes.map((n) => {
    const s = rising.find((r) => n.pos >= r.startBar * q - 1e-9 && n.pos < (r.startBar + r.bars) * q - 1e-9);
    if (!s) return n;
    const t = (n.pos - s.startBar * q) / (s.bars * q);
    return { ...n, velocity: Math.min(1, n.velocity * (0.8 + 0.35 * t)) };
  });
}

/** A beat of silence before each accent hit on a downbeat: the groove stops so the hit lands. */
function breakBeforeHits(notes: BeatNote[], grid: Grid): BeatNote[] {
  const hits = grid.hits.filter((h) => h.hit.kind === "hit" && h.onDownbeat).map((h) => h.pos);
  if (hits.length === 0) return notes;
  return notes
    .filter((n) => !hits.some((h) => n.pos >= h - 1 - 1e-9 && n.pos < h - 1e-9))
    .map((n) => {
      const cut = hits.find((h) => n.pos < h - 1 - 1e-9 && n.pos + n.length > h - 1);
      return cut === undefined ? n : { ...n, length: cut - 1 - n.pos };
    });
}

/** Energy → velocity scale. */
function dyn(energy: number): number {
  return 0.62 + 0.38 * energy;
}

function barsOf(grid: Grid, section: SectionPlan): { pos: number; beats: number }[] {
  const q = grid.quarterBeatsPerBar;
  const bars: { pos: number; beats: number }[] = [];
  for (let b = section.startBar; b < section.startBar + section.bars; b++) {
    const slot = grid.bars[b];
    if (slot) bars.push({ pos: b * q, beats: slot.quarterBeats });
  }
  return bars;
}

/** Clip notes to end by `end` (a part leaving a section does not ring into the next). */
function clip(notes: BeatNote[], end: number): BeatNote[] {
  return notes
    .filter((n) => n.pos < end - 1e-9)
    .map((n) => (n.pos + n.length > end ? { ...n, length: end - n.pos } : n));
}

export function writePart(part: PartPlan, active: readonly SectionPlan[], ctx: WriteContext, rng: Rng): BeatNote[] {
  return swell(writeTask(part, active, ctx, rng), ctx.sections, ctx.grid.quarterBeatsPerBar);
}

function writeTask(part: PartPlan, active: readonly SectionPlan[], ctx: WriteContext, rng: Rng): BeatNote[] {
  const { grid, harmony, profile, sections } = ctx;
  const q = grid.quarterBeatsPerBar;
  const range = rangeOf(part.voice, part.role);
  const notes: BeatNote[] = [];
  const last = sections[sections.length - 1];
  const playsLast = last !== undefined && active.includes(last);
  const final = harmony.final;
  const finalPos = musicLength(grid);
  // A hard ending is a short stab (only the cymbal rings on); a cadence lets the chord ring to the end.
  const finalLength = final ? (ctx.plan.ending === "hard" ? Math.min(final.length, 1) : final.length) : 0;
  switch (part.task) {
    case "lead": {
      const activeSet = new Set(active.map((s) => s.index));
      const ctxMelody = { grid, sections, harmony, range, scale: ctx.melodyScale, rhythm: profile.melody, rng };
      const lead = writeLead(ctxMelody, activeSet);
      for (const s of active) {
        const start = s.startBar * q;
        const end = start + barsOf(grid, s).reduce((a, b) => a + b.beats, 0);
        const scale = dyn(s.energy);
        notes.push(
          ...lead
            .filter((n) => n.pos >= start - 1e-9 && n.pos < end - 1e-9)
            .map((n) => ({ ...n, velocity: n.velocity * scale })),
        );
      }
      if (final && playsLast) {
        const tonic = [...notes].reverse().find((n) => ((n.pitch % 12) + 12) % 12 === harmony.tonicPc);
        if (tonic) notes.push({ pitch: tonic.pitch, pos: finalPos, length: finalLength, velocity: 0.6 });
      }
      return notes;
    }
    case "counter": {
      const lead = ctx.lead ?? [];
      const onsets = (from: number, to: number) => lead.filter((n) => n.pos >= from - 1e-9 && n.pos < to - 1e-9).length;
      const plucked = !(voiceInfo(part.voice)?.sustained ?? true);
      const writer = new ChordWriter(harmony, range, 3);
      for (const s of active) {
        const bars = barsOf(grid, s);
        // Plucked second voices decorate with broken chords; singing ones answer the lead.
        if (plucked)
          for (const bar of bars) notes.push(...writer.arpeggio(bar.pos, bar.beats, 0.45 * dyn(s.energy), 0.5));
        else notes.push(...counterLine(harmony, range, ctx.harmonyScale, bars, onsets, 0.5 * dyn(s.energy)));
      }
      return notes;
    }
    case "comp":
    case "pad":
    case "arp": {
      const writer = new ChordWriter(harmony, range, part.voice === "choir" || part.task === "arp" ? 3 : 4);
      let previousActive = -2;
      for (const s of active) {
        const entering = s.index !== previousActive + 1;
        previousActive = s.index;
        const end = (s.startBar + s.bars) * q;
        const sectionNotes: BeatNote[] = [];
        barsOf(grid, s).forEach((bar, i) => {
          const v = dyn(s.energy);
          if (part.task === "pad") sectionNotes.push(...writer.pad(bar.pos, bar.beats, 0.5 * v, entering && i === 0));
          else if (part.task === "arp") {
            const unit = grid.bpm < 100 ? 0.25 : 0.5;
            sectionNotes.push(...writer.arpeggio(bar.pos, bar.beats, 0.5 * v, s.energy < 0.4 ? unit * 2 : unit));
          } else
            sectionNotes.push(
              ...writer.comp(
                compPatternFor(part.voice, profile.comp),
                bar.pos,
                bar.beats,
                0.6 * v,
                s.energy < 0.3 || (s.kind === "intro" && profile.comp !== "ballad"),
              ),
            );
        });
        notes.push(...clip(sectionNotes, end));
      }
      if (final && playsLast && part.task !== "arp") {
        for (const pitch of writer.finalVoicing())
          notes.push({ pitch, pos: finalPos, length: final.length, velocity: 0.55 });
      }
      return notes;
    }
    case "bass": {
      const pattern = part.rank > 0 ? "whole" : profile.bass;
      const writer = new BassWriter({ grid, harmony, range, pattern, scale: ctx.harmonyScale, rng });
      for (const s of active) {
        for (const bar of barsOf(grid, s))
          notes.push(...writer.bar(bar.pos, bar.beats, 0.72 * dyn(s.energy), s.energy < 0.35 || s.kind === "intro"));
      }
      if (final && playsLast) notes.push(writer.final(finalPos, finalLength, 0.7));
      return breakBeforeHits(notes, grid);
    }
    case "drums": {
      const kit = part.voice;
      const groove = grooveFor(profile, kit, grid.meter.beatsPerBar, grid.meter.beatUnit);
      const writer = new DrumWriter({ grid, sections, groove, kit, rng });
      active.forEach((s) => {
        // A loop's last section leads into its first, which is re-entered with a crash.
        const next = sections[s.index + 1] ?? (ctx.plan.loop ? sections[0] : undefined);
        notes.push(...writer.section(s, next, s.index === 0 && !ctx.plan.loop));
      });
      // Accents on the requested hits and cuts (drops already start a section with a crash).
      for (const placed of grid.hits) {
        const section = active.find((s) => placed.bar >= s.startBar && placed.bar < s.startBar + s.bars);
        if (placed.hit.kind !== "drop" && section) notes.push(...writer.accent(placed.pos));
      }
      if (final && playsLast && ctx.plan.ending !== "fade")
        notes.push(...writer.final(finalPos, final.length, last?.energy ?? 0.5));
      return breakBeforeHits(notes, grid);
    }
    default:
      return notes;
  }
}
