/**
 * Fitting music to the clock: bar count, tempo fit, hit points on downbeats, the tempo map.
 *
 * Free tempo: every span between anchors (start, each aligned hit, the end) gets a whole number of bars and
 * its own tempo within a few percent of the plan's; the final chord gets one bar.
 * Fixed tempo (the person named it): the tempo map holds only that tempo; a drop lands on a downbeat through an
 * anacrusis (a partial first bar at the same tempo, filled with a pickup), and the final hit's decay (or a
 * shortened turnaround bar in a loop) absorbs what is left.
 */
import type { Plan, Seconds, TempoPoint } from "../types.js";
import type { BarSlot, Grid, PlacedHit } from "./model.js";

export const TIMING_DEFAULTS = {
  /** Free tempo may move this far from the plan's to land bars on the clock. */
  maxTempoDrift: 0.04,
  /** A hit anchor is given up when its span would need more drift than this. */
  maxAnchorDrift: 0.08,
  /** Shortest final-chord decay with a fixed tempo, in bars. */
  minTailBars: 0.5,
  /** Spans shorter than this many seconds between anchors are not aligned. */
  minSpanSeconds: 1.5,
} as const;

interface Span {
  from: Seconds;
  to: Seconds;
  bars: number;
  bpm: number;
}

function hasTail(plan: Plan): boolean {
  return !plan.loop && plan.ending !== "fade";
}

/** Music bars for the last span at free tempo: phrase-friendly counts within the drift (the tail adds on). */
function fitMusicBars(seconds: Seconds, barSeconds: Seconds, tailBars: number): number {
  const exact = seconds / barSeconds;
  const lo = Math.max(1, Math.ceil(exact / (1 + TIMING_DEFAULTS.maxTempoDrift) - tailBars));
  const hi = Math.max(lo, Math.floor(exact / (1 - TIMING_DEFAULTS.maxTempoDrift) - tailBars));
  let best = Math.max(1, Math.round(exact - tailBars));
  let bestScore = Number.POSITIVE_INFINITY;
  for (let music = lo; music <= hi; music++) {
    const penalty = (music % 4 === 0 ? 0 : 0.015) + (music % 2 === 0 ? 0 : 0.02);
    const score = Math.abs((music + tailBars) / exact - 1) + penalty;
    if (score < bestScore) {
      bestScore = score;
      best = music;
    }
  }
  return best;
}

/** The final chord's length in bars at free tempo: a bar to ring, two beats for a hard stop, none for loops/fades. */
function tailBarsOf(plan: Plan, q: number): number {
  if (!hasTail(plan)) return 0;
  return plan.ending === "hard" ? Math.min(1, 2 / q) : 1;
}

function freeTempoGrid(plan: Plan, q: number): { spans: Span[]; anchors: Seconds[]; tailBars: number } {
  const barSeconds = (q * 60) / plan.bpm;
  const tailBars = tailBarsOf(plan, q);
  const candidates = [...new Set(plan.hits.map((h) => h.at))]
    .filter((t) => t > TIMING_DEFAULTS.minSpanSeconds && t < plan.durationSeconds - TIMING_DEFAULTS.minSpanSeconds)
    .sort((a, b) => a - b);
  const anchors: Seconds[] = [];
  let last = 0;
  for (const t of candidates) {
    const bars = Math.round((t - last) / barSeconds);
    const bpm = bars > 0 ? (bars * q * 60) / (t - last) : 0;
    if (bars >= 1 && Math.abs(bpm / plan.bpm - 1) <= TIMING_DEFAULTS.maxAnchorDrift) {
      anchors.push(t);
      last = t;
    }
  }
  const points = [0, ...anchors, plan.durationSeconds];
  const spans: Span[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i] ?? 0;
    const to = points[i + 1] ?? from;
    const isLast = i + 2 === points.length;
    // The last span's bars include the final chord's (possibly fractional) tail.
    const bars = isLast
      ? fitMusicBars(to - from, barSeconds, tailBars) + tailBars
      : Math.max(1, Math.round((to - from) / barSeconds));
    spans.push({ from, to, bars, bpm: (bars * q * 60) / (to - from) });
  }
  return { spans, anchors, tailBars };
}

function placeHits(plan: Plan, bars: BarSlot[], q: number, anchors: Seconds[]): PlacedHit[] {
  return plan.hits
    .filter((h) => h.at >= 0 && h.at <= plan.durationSeconds)
    .map((hit) => {
      let bar = bars.findIndex((b) => hit.at < b.start + b.seconds - 1e-9);
      if (bar < 0) bar = bars.length - 1;
      const slot = bars[bar];
      if (!slot) return { hit, pos: 0, bar: 0, onDownbeat: false };
      const exact = anchors.some((a) => Math.abs(a - hit.at) < 1e-6) || Math.abs(slot.start - hit.at) < 1e-6;
      if (exact) return { hit, pos: bar * q, bar, onDownbeat: true };
      // Not alignable: the nearest eighth note carries the accent; fx can still sit on the exact second.
      const beats = ((hit.at - slot.start) * slot.bpm) / 60;
      const pos = bar * q + Math.round(beats * 2) / 2;
      return { hit, pos, bar, onDownbeat: false };
    });
}

/** Free tempo: a point where a span's tempo changes. Fixed tempo: the one asked tempo, nothing else. */
function tempoMapOf(fixedBpm: number | undefined, bars: BarSlot[]): TempoPoint[] {
  if (fixedBpm !== undefined) return [{ beat: 0, time: 0, bpm: fixedBpm }];
  const map: TempoPoint[] = [];
  let beat = 0;
  for (const bar of bars) {
    const previous = map[map.length - 1];
    if (!previous || Math.abs(previous.bpm - bar.bpm) > 1e-9) map.push({ beat, time: bar.start, bpm: bar.bpm });
    beat += bar.quarterBeats;
  }
  return map;
}

function fixedTempoGrid(plan: Plan, q: number): { bars: BarSlot[]; preRoll: Seconds; anchors: Seconds[] } {
  const bpm = plan.bpm;
  const barSeconds = (q * 60) / bpm;
  // One grid offset can honour one hit: the first drop, else the first hit. Loops start on their downbeat.
  const anchorHit = plan.loop
    ? undefined
    : [...plan.hits].sort((a, b) => (a.kind === "drop" ? 0 : 1) - (b.kind === "drop" ? 0 : 1) || a.at - b.at)[0];
  let preRoll = 0;
  const anchors: Seconds[] = [];
  if (anchorHit && anchorHit.at > 0 && anchorHit.at < plan.durationSeconds) {
    // The anacrusis: a partial bar at the same tempo, so the bar after it lands on the drop.
    const offset = anchorHit.at - Math.floor(anchorHit.at / barSeconds + 1e-9) * barSeconds;
    if (offset > 1e-6 && barSeconds - offset > 1e-6) preRoll = offset;
    anchors.push(anchorHit.at);
  }
  const available = plan.durationSeconds - preRoll;
  const tail = hasTail(plan) ? TIMING_DEFAULTS.minTailBars * barSeconds : 0;
  const whole = Math.max(1, Math.floor((available - tail) / barSeconds + 1e-9));
  const bars: BarSlot[] = [];
  for (let i = 0; i < whole; i++) {
    bars.push({ start: preRoll + i * barSeconds, seconds: barSeconds, quarterBeats: q, bpm });
  }
  const leftover = available - whole * barSeconds;
  // A loop cannot carry a decay: the remainder becomes a shortened turnaround bar (whole eighths or more).
  if (!hasTail(plan) && leftover > 0.02) {
    bars.push({ start: preRoll + whole * barSeconds, seconds: leftover, quarterBeats: (leftover * bpm) / 60, bpm });
  }
  return { bars, preRoll, anchors };
}

/** The plan's tempo, meter, duration and hits → bars on the clock. */
export function fitTiming(plan: Plan): Grid {
  const q = (plan.meter.beatsPerBar * 4) / plan.meter.beatUnit;
  const fixed = plan.explicit.includes("bpm");
  let bars: BarSlot[];
  let preRoll = 0;
  let anchors: Seconds[];
  let bpm = plan.bpm;
  if (fixed) {
    ({ bars, preRoll, anchors } = fixedTempoGrid(plan, q));
  } else {
    const free = freeTempoGrid(plan, q);
    anchors = free.anchors;
    bars = [];
    free.spans.forEach((span, i) => {
      const barSeconds = (q * 60) / span.bpm;
      const count = Math.round(i === free.spans.length - 1 ? span.bars - free.tailBars : span.bars);
      for (let b = 0; b < count; b++)
        bars.push({ start: span.from + b * barSeconds, seconds: barSeconds, quarterBeats: q, bpm: span.bpm });
    });
    bpm = free.spans[0]?.bpm ?? plan.bpm;
  }
  const lastBar = bars[bars.length - 1];
  const end = lastBar ? lastBar.start + lastBar.seconds : plan.durationSeconds;
  return {
    meter: plan.meter,
    quarterBeatsPerBar: q,
    preRoll,
    bars,
    end,
    duration: plan.durationSeconds,
    bpm,
    tempoMap: tempoMapOf(fixed ? plan.bpm : undefined, bars),
    hits: placeHits(plan, bars, q, anchors),
  };
}
