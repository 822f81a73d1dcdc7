/**
 * Readers for the numbers in a brief: time signature, loudness, tempo and duration, in English and Chinese, digits
 * or words. Each claims the text it used; order matters (hits.ts runs first: "drop at 0:20" is not a length).
 */
import type { Meter } from "../types.js";
import { addOnce, type Facts } from "./facts.js";
import { NUMBER_PATTERN as NUM, parseNumber } from "./numbers.js";
import { pattern } from "./regex.js";
import type { BriefText } from "./text.js";

export const LIMITS = {
  durationSeconds: [1, 1200] as [number, number],
  bpm: [30, 300] as [number, number],
  lufs: [-40, -5] as [number, number],
};

const METERS: Record<string, Meter> = {
  "4/4": { beatsPerBar: 4, beatUnit: 4 },
  "3/4": { beatsPerBar: 3, beatUnit: 4 },
  "6/8": { beatsPerBar: 6, beatUnit: 8 },
  "12/8": { beatsPerBar: 12, beatUnit: 8 },
  "5/4": { beatsPerBar: 5, beatUnit: 4 },
  "2/4": { beatsPerBar: 2, beatUnit: 4 },
  "7/8": { beatsPerBar: 7, beatUnit: 8 },
};

/** "6/8" → Meter; undefined for signatures the engine does not write. */
export function meterOf(signature: string): Meter | undefined {
  const m = /^\s*(\d{1,2})\s*\/\s*(\d{1,2})\s*$/.exec(signature);
  return m ? METERS[`${Number(m[1])}/${Number(m[2])}`] : undefined;
}

export function formatSeconds(seconds: number): string {
  const s = Math.round(seconds * 10) / 10;
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  const rest = Math.round((s - m * 60) * 10) / 10;
  return `${m}:${rest < 10 ? "0" : ""}${rest}`;
}

function inRange(value: number, [lo, hi]: [number, number]): boolean {
  return Number.isFinite(value) && value >= lo && value <= hi;
}

export function readMeter(text: BriefText, facts: Facts): void {
  const set = (meter: Meter, words: string) => {
    if (facts.meter) return;
    facts.meter = meter;
    facts.understood.push(`time signature ${meter.beatsPerBar}/${meter.beatUnit}`);
    void words;
  };
  text.scan(/(?<![\d.:/])(\d{1,2})\s*\/\s*(\d{1,2})(?![\d/])(\s*(?:time|meter|metre|拍子|拍))?/g, (m) => {
    const meter = METERS[`${Number(m[1])}/${Number(m[2])}`];
    if (!meter) {
      if (m[3]) facts.ignored.push(`${m[1]}/${m[2]} time (supported: 4/4, 3/4, 6/8, 12/8, 5/4, 2/4, 7/8)`);
      return m[3] !== undefined;
    }
    set(meter, m[0]);
  });
  const words: [RegExp, string][] = [
    [/四分之三拍|四三拍|三拍子|\b(?:3|three)[- ](?:4|four) time\b|\btriple (?:meter|metre|time)\b|\bin 3\b/g, "3/4"],
    [/八分之六拍|八六拍|\bcompound time\b/g, "6/8"],
    [/八分之十二拍/g, "12/8"],
    [/四分之五拍|四五拍|五拍子|\bin 5\b|\b5[- ]4 time\b|\bodd[- ](?:meter|metre|time)\b/g, "5/4"],
    [/四分之四拍|四四拍|四拍子|\bcommon time\b/g, "4/4"],
  ];
  for (const [re, signature] of words) {
    text.scan(re, () => {
      const meter = METERS[signature];
      if (meter) set(meter, signature);
    });
  }
}

export function readLoudness(text: BriefText, facts: Facts): void {
  const take = (raw: string) => {
    let value = Number(raw.replace(/\s+/g, ""));
    if (value > 0) value = -value;
    if (!inRange(value, LIMITS.lufs)) {
      facts.ignored.push(`loudness ${raw} LUFS (allowed −40 to −5)`);
      return;
    }
    if (facts.lufs === undefined) {
      facts.lufs = value;
      facts.understood.push(`loudness ${value} LUFS`);
    }
  };
  text.scan(/(-?\s?\d+(?:\.\d+)?)\s*(?:db\s*)?(?:lufs|lkfs)\b/g, (m) => take(m[1] ?? ""));
  text.scan(/(?:\b(?:loudness|lufs|integrated)|响度)\s*(?:of|at|target|to|:|=|为)?\s*(-\s?\d+(?:\.\d+)?)/g, (m) =>
    take(m[1] ?? ""),
  );
}

export function readTempo(text: BriefText, facts: Facts): void {
  const take = (value: number) => {
    if (!inRange(value, LIMITS.bpm)) {
      facts.ignored.push(`tempo ${value} BPM (allowed 30–300)`);
      return;
    }
    if (facts.bpm === undefined) {
      facts.bpm = Math.round(value * 100) / 100;
      facts.understood.push(`tempo ${facts.bpm} BPM`);
    }
  };
  const range = (a: number, b: number) => {
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    if (!inRange(lo, LIMITS.bpm) || !inRange(hi, LIMITS.bpm)) return false;
    facts.bpmRange = [lo, hi];
    facts.understood.push(`tempo ${lo}–${hi} BPM`);
    return true;
  };
  const unit = String.raw`(?:bpm|bmp|bpms|b\.p\.m\.?|beats? per minute|beats a minute)`;
  text.scan(pattern(String.raw`(\d{2,3})\s*(?:-|~|to|–)\s*(\d{2,3})\s*${unit}`, "g"), (m) =>
    range(Number(m[1]), Number(m[2])),
  );
  text.scan(pattern(String.raw`between\s+(\d{2,3})\s+and\s+(\d{2,3})\s*${unit}`, "g"), (m) =>
    range(Number(m[1]), Number(m[2])),
  );
  text.scan(pattern(String.raw`(${NUM})\s*-?\s*${unit}`, "g"), (m) => take(parseNumber(m[1] ?? "")));
  text.scan(
    pattern(
      String.raw`(?:\bbpm|\btempo(?: of)?|♩\s*=|\bq\s*=|\b(?:quarter|crotchet)(?:[- ]note)?s?\s*=|四分音符\s*=|节奏|速度|节拍|拍速)\s*(?:is|of|at|to|around|about|~|:|=|为|是|在|约|大约|改成|改为|调到|调成|设为|设成|变成|换成)?\s*(${NUM})(?:\s*(?:拍|bpm))?`,
      "g",
    ),
    (m) => {
      const v = parseNumber(m[1] ?? "");
      if (!(v >= 30)) return false;
      take(v);
    },
  );
  text.scan(pattern(String.raw`每分钟\s*(${NUM})\s*(?:拍|下)`, "g"), (m) => take(parseNumber(m[1] ?? "")));
  text.scan(pattern(String.raw`(${NUM})\s*拍(?:每分钟|/分钟|/分)?(?!子)`, "g"), (m) => {
    const v = parseNumber(m[1] ?? "");
    if (!(v >= 30)) return false;
    take(v);
  });
}

export const CLOCK = String.raw`(\d{1,2}):([0-5]\d(?:\.\d+)?)`;
export const SECS = String.raw`(\d+(?:\.\d+)?)\s*-?\s*(?:seconds?|secs?|s)\b`;

export function clockSeconds(min: string | undefined, sec: string | undefined): number {
  return Number(min ?? "0") * 60 + Number(sec ?? "0");
}

const DURATION_FOLLOWERS =
  /^(?:\s*(?:-?\s*)?(?:loop|long|track|clip|spot|video|version|piece|intro|outro|cue|jingle|ad|teaser|trailer|reel|bumper|sting|stinger|edit|cut|bed|theme|song|tune|music|of|in|max|total|length|duration|or|and|with|at|please|for|background|instrumental|ambient|beat)\b|\s*[,.;!?)]|\s*$)/;

export function readDuration(text: BriefText, facts: Facts): void {
  const spots: { seconds: number; at: number }[] = [];
  let at = 0;
  const take = (seconds: number) => {
    if (!Number.isFinite(seconds)) return false;
    spots.push({ seconds: Math.round(seconds * 1000) / 1000, at });
  };
  const scan = (pattern: RegExp, accept: (m: RegExpExecArray) => unknown): void =>
    text.scan(pattern, (m) => {
      at = m.index;
      return accept(m);
    });
  scan(/(\d+(?:\.\d+)?)\s+and\s+a\s+half\s*-?\s*(?:minutes?|mins?)\b/g, (m) => take((Number(m[1]) + 0.5) * 60));
  scan(/\b(?:a|1)\s+minute\s+and\s+a\s+half\b/g, () => take(90));
  scan(/\b(?:a|1)\s+minute\s+(\d{1,2})(?:\s*(?:seconds?|secs?|s)\b)?/g, (m) => take(60 + Number(m[1])));
  scan(/\bhalf\s+a\s+minute\b|\bhalf[- ]minute\b/g, () => take(30));
  scan(
    /(\d+(?:\.\d+)?)\s*-?\s*(?:minutes?|mins?|m)\.?\s*(?:and\s+)?(\d{1,2}(?:\.\d+)?)\s*(?:seconds?|secs?|s)\b/g,
    (m) => take(Number(m[1]) * 60 + Number(m[2])),
  );
  // "1 min 30", "2 minutes 15" (seconds without their unit).
  scan(
    /(\d+)\s*-?\s*(?:minutes?|mins?)\.?\s*(?:and\s+)?([0-5]?\d)\b(?!\s*(?:bpm|%|bars?|beats|:|\/|-?\s*(?:seconds?|secs?|s)\b))/g,
    (m) => take(Number(m[1]) * 60 + Number(m[2])),
  );
  scan(/(\d+(?:\.\d+)?)\s*-?\s*(?:minutes?|mins?)\b\.?/g, (m) => take(Number(m[1]) * 60));
  scan(/\b(?:a|1)[ -]minute\b|\bminute[- ]long\b/g, () => take(60));
  scan(/(?<![\d:.])(?:(19|20)?(\d0))s\b/g, (m) => {
    // "80s" is an era unless it reads as a length ("a 30s loop").
    const after = text.lower.slice(m.index + m[0].length, m.index + m[0].length + 24);
    const before = text.lower.slice(Math.max(0, m.index - 6), m.index);
    const decade = Number(m[2]);
    const era =
      m[1] !== undefined ||
      /(?:'|the |from |retro |of )$/.test(before) ||
      (decade >= 50 && !DURATION_FOLLOWERS.test(after));
    if (!era) return take(decade);
    addOnce(facts.tags, `${decade}s`);
    facts.understood.push(`${decade}s era`);
  });
  // "808s" and "909s" are drum machines, not lengths.
  // 3'30" (minutes and seconds with primes).
  scan(/(?<![\d.])(\d{1,2})'\s?([0-5]\d)(?:"|'')?/g, (m) => take(Number(m[1]) * 60 + Number(m[2])));
  scan(pattern(SECS, "g"), (m) => (/^(?:808|909|303)s$/.test(m[0]) ? false : take(Number(m[1]))));
  scan(pattern(`(?<![\\d.])${CLOCK}(?![\\d:])`, "g"), (m) => take(clockSeconds(m[1], m[2])));
  scan(pattern(String.raw`(${NUM})\s*分(?:钟)?\s*(${NUM})\s*秒(?:钟)?`, "g"), (m) =>
    take(parseNumber(m[1] ?? "") * 60 + parseNumber(m[2] ?? "")),
  );
  scan(pattern(String.raw`(${NUM})\s*(?:分半钟|分钟半|分半|个半分钟)`, "g"), (m) =>
    take((parseNumber(m[1] ?? "") + 0.5) * 60),
  );
  scan(/半分钟/g, () => take(30));
  scan(pattern(String.raw`(${NUM})\s*(?:分钟|分(?![之贝]))`, "g"), (m) => take(parseNumber(m[1] ?? "") * 60));
  scan(pattern(String.raw`(${NUM})\s*秒(?:钟)?`, "g"), (m) => take(parseNumber(m[1] ?? "")));
  const found = spots.sort((a, b) => a.at - b.at).map((s) => s.seconds);
  const valid = found.filter((s) => s >= LIMITS.durationSeconds[0] && s <= LIMITS.durationSeconds[1]);
  for (const s of found) {
    if (!valid.includes(s)) facts.ignored.push(`duration ${s} s (allowed 1–1200 s)`);
  }
  const first = valid[0];
  if (first === undefined) return;
  if (facts.durationSeconds === undefined) {
    facts.durationSeconds = first;
    facts.understood.push(`duration ${formatSeconds(first)}`);
  }
  for (const other of valid.slice(1)) {
    if (other !== first) facts.ignored.push(`second length ${formatSeconds(other)} (one length per track)`);
  }
}

/**
 * A tempo written without its unit, read last and only when nothing else gave one: "house at 124",
 * "EDM banger, 128, drop at 0:32" (a bare number between commas, in the usual tempo range).
 */
export function readBareTempo(text: BriefText, facts: Facts): void {
  if (facts.bpm !== undefined || facts.bpmRange) return;
  const take = (m: RegExpExecArray, raw: string | undefined) => {
    const v = Number(raw);
    if (facts.bpm !== undefined || !(v >= 50 && v <= 220)) return false;
    facts.bpm = v;
    facts.understood.push(`tempo ${v} BPM ("${m[0].trim()}")`);
  };
  text.scan(
    /\bat\s+(\d{2,3})(?![\d.%:/]|\s*(?:%|seconds?|secs?|s\b|minutes?|mins?|bars?|hz|khz|k\b|percent|db|lufs|fps))/g,
    (m) => take(m, m[1]),
  );
  text.scan(/(?:^|[,;，；])\s*(\d{2,3})\s*(?=[,;.，；。]|$)/g, (m) => take(m, m[1]));
}
