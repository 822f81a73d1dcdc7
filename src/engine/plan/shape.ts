/**
 * Readers for the shape of a piece: an explicit form ("intro, verse, chorus, outro", "前奏-主歌-副歌") and energy
 * anchors ("quiet intro, building middle, explosive finale", "from soft piano to full band", "从安静到激昂").
 */
import type { SectionKind } from "../types.js";
import type { Facts } from "./facts.js";
import { pattern } from "./regex.js";
import type { BriefText } from "./text.js";

const SECTION_WORDS: [string, SectionKind][] = [
  ["pre-chorus", "pre"],
  ["prechorus", "pre"],
  ["pre chorus", "pre"],
  ["build-up", "build"],
  ["buildup", "build"],
  ["breakdown", "breakdown"],
  ["intro", "intro"],
  ["verse", "verse"],
  ["chorus", "chorus"],
  ["hook", "chorus"],
  ["refrain", "chorus"],
  ["build", "build"],
  ["drop", "drop"],
  ["bridge", "bridge"],
  ["solo", "solo"],
  ["outro", "outro"],
  ["前奏", "intro"],
  ["主歌", "verse"],
  ["导歌", "pre"],
  ["副歌", "chorus"],
  ["间奏", "bridge"],
  ["桥段", "bridge"],
  ["尾奏", "outro"],
  ["结尾", "outro"],
  ["高潮", "chorus"],
  ["独奏", "solo"],
];
const SECTION_RE = pattern(
  SECTION_WORDS.map(([w]) => (/^[a-z]/.test(w) ? `\\b${w.replace(/[- ]/g, "[- ]?")}\\b` : w)).join("|"),
  "g",
);
const SEPARATOR = /^\s*(?:,|->|→|=>|>|-|–|\+|\/|\bthen\b|,\s*then|and then|and|,\s*and|、|然后|再|接)?\s*$/;

function sectionOf(word: string): SectionKind | undefined {
  const w = word.replace(/[- ]/g, "");
  return SECTION_WORDS.find(([name]) => name.replace(/[- ]/g, "") === w)?.[1];
}

export function readForm(text: BriefText, facts: Facts): void {
  const hits: { start: number; end: number; kind: SectionKind }[] = [];
  SECTION_RE.lastIndex = 0;
  for (let m = SECTION_RE.exec(text.lower); m !== null; m = SECTION_RE.exec(text.lower)) {
    const kind = sectionOf(m[0]);
    if (kind && text.isFree(m.index, m.index + m[0].length)) {
      hits.push({ start: m.index, end: m.index + m[0].length, kind });
    }
  }
  let run: typeof hits = [];
  let best: typeof hits = [];
  for (const hit of hits) {
    const prev = run.at(-1);
    if (prev && SEPARATOR.test(text.lower.slice(prev.end, hit.start))) run.push(hit);
    else run = [hit];
    if (run.length > best.length) best = [...run];
  }
  if (best.length < 3) return;
  facts.form = best.map((h) => h.kind);
  text.claim(best[0]?.start ?? 0, best.at(-1)?.end ?? 0);
  facts.understood.push(`form ${facts.form.join("–")}`);
}

const LEVELS: [string, number][] = [
  ["silence", 0.02],
  ["nothing", 0.02],
  ["whisper", 0.08],
  ["very quiet", 0.08],
  ["quiet", 0.15],
  ["soft", 0.2],
  ["gentle", 0.22],
  ["calm", 0.2],
  ["sparse", 0.18],
  ["minimal", 0.18],
  ["peaceful", 0.15],
  ["tender", 0.25],
  ["slow", 0.3],
  ["mellow", 0.3],
  ["low", 0.2],
  ["subtle", 0.22],
  ["reflective", 0.25],
  ["building", 0.55],
  ["rising", 0.55],
  ["growing", 0.55],
  ["medium", 0.5],
  ["moderate", 0.5],
  ["steady", 0.5],
  ["hopeful", 0.5],
  ["uplifting", 0.7],
  ["big", 0.85],
  ["full", 0.85],
  ["loud", 0.85],
  ["huge", 0.92],
  ["massive", 0.95],
  ["explosive", 1],
  ["epic", 0.95],
  ["intense", 0.9],
  ["powerful", 0.9],
  ["climactic", 1],
  ["triumphant", 0.95],
  ["dramatic", 0.8],
  ["energetic", 0.85],
  ["driving", 0.8],
  ["punchy", 0.85],
  ["安静", 0.15],
  ["轻柔", 0.2],
  ["舒缓", 0.25],
  ["平静", 0.2],
  ["温柔", 0.25],
  ["柔和", 0.2],
  ["渐强", 0.55],
  ["激昂", 0.9],
  ["爆发", 1],
  ["宏大", 0.9],
  ["热烈", 0.9],
  ["激烈", 0.9],
  ["高亢", 0.9],
  ["磅礴", 0.95],
  ["震撼", 0.95],
  ["强烈", 0.9],
];
const LEVEL_ALT = LEVELS.map(([w]) => w).join("|");
const START = "intro|opening|start|beginning|open";
const MIDDLE = "middle|mid-section|midsection|middle section|centre|center";
const END = "end|ending|finale|finish|outro|climax|close|conclusion";

function level(word: string): number | undefined {
  return LEVELS.find(([w]) => w === word)?.[1];
}

function position(word: string): number {
  if (pattern(`^(?:${START}|开头|开场|前奏|开始)$`).test(word)) return 0;
  if (pattern(`^(?:${MIDDLE}|中段|中间|中部)$`).test(word)) return 0.5;
  return 1;
}

/** Energy anchors; reads without claiming so the same words still count as moods and flags. */
export function readAnchors(text: BriefText, facts: Facts): void {
  const t = text.lower;
  const add = (at: number, word: string | undefined) => {
    const energy = level(word ?? "");
    if (energy === undefined) return;
    if (!facts.anchors.some((a) => a.at === at)) facts.anchors.push({ at, energy });
  };
  const each = (re: RegExp, fn: (m: RegExpExecArray) => void) => {
    for (const m of t.matchAll(re)) fn(m as RegExpExecArray);
  };
  each(pattern(String.raw`\b(${LEVEL_ALT})\s+(${START}|${MIDDLE}|${END})\b`, "g"), (m) =>
    add(position(m[2] ?? ""), m[1]),
  );
  each(
    pattern(String.raw`\b(${START}|${MIDDLE}|${END})\s+(?:is\s+|that's\s+|gets\s+|goes\s+)?(${LEVEL_ALT})\b`, "g"),
    (m) => add(position(m[1] ?? ""), m[2]),
  );
  each(pattern(String.raw`\b(?:starts?|begins?|opens?|starting|beginning)\s+(?:\w+\s+)?(${LEVEL_ALT})\b`, "g"), (m) =>
    add(0, m[1]),
  );
  each(pattern(String.raw`\b(?:ends?|finish(?:es)?|ending|finishing)\s+(?:\w+\s+)?(${LEVEL_ALT})\b`, "g"), (m) =>
    add(1, m[1]),
  );
  each(
    pattern(
      String.raw`\bfrom\s+(?:a\s+|an\s+)?(${LEVEL_ALT})\b[^.;]{0,60}?\bto\s+(?:a\s+|an\s+|the\s+)?(${LEVEL_ALT})\b`,
      "g",
    ),
    (m) => {
      add(0, m[1]);
      add(1, m[2]);
    },
  );
  each(pattern(`(${LEVEL_ALT})的?(开头|开场|前奏|开始|中段|中间|中部|结尾|尾声|高潮|结束|最后)`, "g"), (m) =>
    add(position(m[2] ?? ""), m[1]),
  );
  each(pattern(`(开头|开场|前奏|开始|中段|中间|结尾|尾声|最后)\\s*(${LEVEL_ALT})`, "g"), (m) =>
    add(position(m[1] ?? ""), m[2]),
  );
  each(pattern(`从\\s*(${LEVEL_ALT})[^。；]{0,20}?(?:到|变得|变成)\\s*(${LEVEL_ALT})`, "g"), (m) => {
    add(0, m[1]);
    add(1, m[2]);
  });
  facts.anchors.sort((a, b) => a.at - b.at);
  if (facts.anchors.length > 0) {
    facts.understood.push(
      `energy ${facts.anchors.map((a) => `${a.energy} at ${Math.round(a.at * 100)}%`).join(" → ")}`,
    );
  }
}
