/**
 * Readers for edits relative to what exists: "slightly slower", "much faster", "10% faster", "稍微快一点",
 * "20 seconds shorter", "twice as long", "up two semitones", "升高两个半音". Used by follow-ups, and harmless in a
 * first brief (they nudge the defaults).
 */
import type { Facts } from "./facts.js";
import { NUMBER_PATTERN as NUM, parseNumber } from "./numbers.js";
import { pattern } from "./regex.js";
import type { BriefText } from "./text.js";

export const TEMPO_STEPS = { slight: 6, normal: 10, big: 20 };

function setTempo(facts: Facts, percent: number, words: string): void {
  if (facts.tempoPercent !== undefined || facts.tempoDeltaBpm !== undefined) return;
  facts.tempoPercent = percent;
  facts.understood.push(`${words.trim()} (${percent > 0 ? "+" : ""}${percent}% tempo)`);
}

export function readRelativeTempo(text: BriefText, facts: Facts): void {
  const sign = (word: string) => (/slow|lower|decrease|down|慢|减|降/.test(word) ? -1 : 1);
  text.scan(
    /\b(?:make it\s+)?(\d+(?:\.\d+)?)\s*(%|percent|bpm)\s*(faster|slower|quicker|higher|lower|up|down)\b/g,
    (m) => {
      const n = Number(m[1]) * sign(m[3] ?? "");
      if (m[2] === "bpm") {
        facts.tempoDeltaBpm = n;
        facts.understood.push(`tempo ${n > 0 ? "+" : ""}${n} BPM`);
      } else setTempo(facts, n, m[0]);
    },
  );
  text.scan(
    /\b(speed up|slow down|increase|decrease|raise|lower|drop|bump)\s+(?:it|the tempo|the bpm|tempo|bpm)?\s*by\s+(\d+(?:\.\d+)?)\s*(%|percent|bpm)?/g,
    (m) => {
      const n = Number(m[2]) * sign(m[1] ?? "");
      if (m[3] === "bpm" || m[3] === undefined) {
        facts.tempoDeltaBpm = n;
        facts.understood.push(`tempo ${n > 0 ? "+" : ""}${n} BPM`);
      } else setTempo(facts, n, m[0]);
    },
  );
  const slight =
    "(?:slightly|a bit|a little(?: bit)?|a touch|a tad|somewhat|marginally|just a bit|a hair|a little more|a bit more)";
  const big = "(?:much|a lot|way|far|significantly|considerably|substantially|dramatically|lots)";
  text.scan(pattern(String.raw`\b${slight}\s+(slower|faster|quicker)\b`, "g"), (m) =>
    setTempo(facts, sign(m[1] ?? "") * TEMPO_STEPS.slight, m[0]),
  );
  text.scan(pattern(String.raw`\b${big}\s+(slower|faster|quicker)\b`, "g"), (m) =>
    setTempo(facts, sign(m[1] ?? "") * TEMPO_STEPS.big, m[0]),
  );
  text.scan(
    pattern(
      String.raw`\b(slow|speed)\s+(?:it|things|the tempo|the track)?\s*(down|up)(\s+(?:just\s+)?${slight})?(\s+${big})?`,
      "g",
    ),
    (m) => {
      const step = m[3] ? TEMPO_STEPS.slight : m[4] ? TEMPO_STEPS.big : TEMPO_STEPS.normal;
      setTempo(facts, (m[1] === "slow" ? -1 : 1) * step, m[0]);
    },
  );
  text.scan(/\b(slower|faster|quicker)(?:\s+(?:tempo|pace))?\b/g, (m) =>
    setTempo(facts, sign(m[1] ?? "") * TEMPO_STEPS.normal, m[0]),
  );
  text.scan(
    /\b(?:(increase|raise|up|bump up)\s+the\s+(?:tempo|bpm)|(decrease|lower|reduce)\s+the\s+(?:tempo|bpm)|tempo\s+(up|down))\b/g,
    (m) => setTempo(facts, (m[2] || m[3] === "down" ? -1 : 1) * TEMPO_STEPS.normal, m[0]),
  );
  // Chinese: 稍微快一点 (slight), 快一点 (a little), 更快/加快 (normal), 快很多 (big).
  text.scan(
    /(?:稍微|稍稍|略微|略|稍|有点|一点点|微微)\s*(?:再)?\s*(快|慢|加快|放慢)\s*(?:一点儿|一点点|一点|一些|点儿|点|些)?/g,
    (m) => setTempo(facts, sign(m[1] ?? "") * TEMPO_STEPS.slight, m[0]),
  );
  text.scan(/(快很多|快得多|快一倍|大幅加快|快多了|快非常多|慢很多|慢得多|慢多了|大幅放慢|大幅减速)/g, (m) =>
    setTempo(facts, sign(m[1] ?? "") * TEMPO_STEPS.big, m[0]),
  );
  text.scan(/(?:节奏|速度|再)?(快|慢)\s*(?:一点儿|一点点|一点|一些|点儿|些|点)/g, (m) =>
    setTempo(facts, sign(m[1] ?? "") * 8, m[0]),
  );
  text.scan(/(更快|加快|再快|提速|加速|更慢|放慢|减速|再慢|降速|变快|变慢)/g, (m) =>
    setTempo(facts, sign(m[1] ?? "") * TEMPO_STEPS.normal, m[0]),
  );
}

export function readRelativeLength(text: BriefText, facts: Facts): void {
  text.scan(/(\d+(?:\.\d+)?)\s*(?:seconds?|secs?|s)\s+(shorter|longer)\b/g, (m) => {
    facts.durationDeltaSeconds = Number(m[1]) * (m[2] === "shorter" ? -1 : 1);
    facts.understood.push(m[0]);
  });
  text.scan(/\b(?:twice as long|double the length|double length|double it)\b|长一倍|加长一倍/g, (m) => {
    facts.durationScale = 2;
    facts.understood.push(m[0]);
  });
  text.scan(/\b(?:half as long|half the length|half length|halve it)\b|缩短一半|短一半/g, (m) => {
    facts.durationScale = 0.5;
    facts.understood.push(m[0]);
  });
}

export function readTranspose(text: BriefText, facts: Facts): void {
  const set = (n: number, words: string) => {
    facts.transposeSemitones = n;
    facts.understood.push(words.trim());
  };
  text.scan(
    /\b(?:transpose\s+)?(up|down)\s+(?:by\s+)?(\d+|a|one)\s*(semitones?|half[- ]steps?|whole[- ]steps?|tones?|steps?)\b/g,
    (m) => {
      const count = /^\d+$/.test(m[2] ?? "") ? Number(m[2]) : 1;
      const size = /whole|^tones?$|^steps?$/.test(m[3] ?? "") ? 2 : 1;
      set((m[1] === "down" ? -1 : 1) * count * size, m[0]);
    },
  );
  text.scan(pattern(String.raw`(升高|降低|提高|调高|调低)\s*(${NUM})?\s*个?\s*(半音|全音)`, "g"), (m) => {
    const count = m[2] ? parseNumber(m[2]) : 1;
    const size = m[3] === "全音" ? 2 : 1;
    set((/降|低/.test(m[1] ?? "") ? -1 : 1) * (Number.isFinite(count) ? count : 1) * size, m[0]);
  });
}

/** "32 bars", "64-bar loop", "16小节" (not "12-bar blues", not an intro length). */
export function readLengthBars(text: BriefText, facts: Facts): void {
  text.scan(
    pattern(String.raw`(${NUM})\s*-?\s*(?:bars?\b|measures?\b|小节)(?!\s*-?\s*(?:blues|intro|前奏))`, "g"),
    (m) => {
      const bars = parseNumber(m[1] ?? "");
      if (!(bars >= 1 && bars <= 512) || facts.lengthBars !== undefined) return false;
      facts.lengthBars = Math.round(bars);
      facts.understood.push(`length ${facts.lengthBars} bars`);
    },
  );
}

export function readIntroBars(text: BriefText, facts: Facts): void {
  const set = (bars: number, words: string) => {
    if (!(bars >= 0 && bars <= 64)) return false;
    facts.introBars = Math.round(bars);
    facts.understood.push(`intro ${facts.introBars} bars`);
    void words;
  };
  text.scan(/(\d+)[- ]?bars?\s+(?:of\s+)?intro\b|\bintro\s+(?:of\s+)?(\d+)\s*bars?\b/g, (m) =>
    set(Number(m[1] ?? m[2]), m[0]),
  );
  text.scan(pattern(String.raw`(${NUM})\s*(?:个)?小节(?:的)?前奏|前奏\s*(${NUM})\s*(?:个)?小节`, "g"), (m) =>
    set(parseNumber(m[1] ?? m[2] ?? ""), m[0]),
  );
}
