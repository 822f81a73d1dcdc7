/**
 * Hit points: "drop at 0:30", "the drop hits at 0:20", "big hit at 0:40", "hits at 0:45 and 1:30",
 * "move the drop to 0:30", "在0:30进入高潮", "第20秒爆发". Read before lengths so a time point is never a length.
 */
import type { HitPoint } from "../types.js";
import type { Facts } from "./facts.js";
import { CLOCK, clockSeconds, formatSeconds, LIMITS, SECS } from "./measures.js";
import { NUMBER_PATTERN as NUM, parseNumber } from "./numbers.js";
import { pattern } from "./regex.js";
import type { BriefText } from "./text.js";

const DROP_WORDS = /drop|climax|peak|kicks? in|chorus|explo|full band|everything comes in|高潮|爆发|副歌|进入|释放/;
const CUT_WORDS = /\bcut\b|scene|transition|切换|转场|镜头|剪辑/;
// "the drop hits at 0:20" is a drop: a hit word right after a drop word is its verb.
const HIT_WORDS =
  /(?<!(?:drop|drops|climax|chorus|beat)\s+)(?:hit|impact|accent|stab|boom|sting|slam)|重音|冲击|鼓点|重拍/;

type Kind = HitPoint["kind"];
const KIND_WORDS: [RegExp, Kind][] = [
  [DROP_WORDS, "drop"],
  [CUT_WORDS, "cut"],
  [HIT_WORDS, "hit"],
];

/** The kind named nearest the time: the last one before it in its clause, else the first one after it. */
function hitKind(text: string, start: number, end: number): Kind {
  const before =
    text
      .slice(Math.max(0, start - 48), start)
      .split(/[,.;!?，。；！？]/)
      .pop() ?? "";
  const after = text.slice(end, end + 32).split(/[,.;!?，。；！？]/)[0] ?? "";
  let best: { at: number; kind: Kind } | undefined;
  for (const [re, kind] of KIND_WORDS) {
    for (const m of before.matchAll(pattern(re.source, "g"))) {
      if (!best || m.index > best.at) best = { at: m.index, kind };
    }
  }
  if (best) return best.kind;
  for (const [re, kind] of KIND_WORDS) {
    const m = pattern(re.source).exec(after);
    if (m && (!best || m.index < best.at)) best = { at: m.index, kind };
  }
  return best?.kind ?? "hit";
}

export function readHits(text: BriefText, facts: Facts): void {
  const add = (at: number, start: number, end: number, named?: Kind) => {
    if (!Number.isFinite(at) || at <= 0 || at > LIMITS.durationSeconds[1]) return false;
    const kind = named ?? hitKind(text.lower, start, end);
    if (facts.hits.some((h) => Math.abs(h.at - at) < 1e-6)) return;
    facts.hits.push({ at, kind });
    facts.understood.push(`${kind} at ${formatSeconds(at)}`);
  };
  const lead = String.raw`(?:\b(?:at|@|around|by|on|from)\s+(?:the\s+)?|@\s*)`;
  // "move the drop to 0:30", "put the hit on 1:10".
  text.scan(
    pattern(String.raw`\b(?:drop|hit|impact|climax|accent|cut)s?\b[^,.;\d]{0,24}?\bto\s+(?:${CLOCK}|${SECS})`, "g"),
    (m) => {
      const at = m[1] !== undefined ? clockSeconds(m[1], m[2]) : Number(m[3]);
      const time = /\d[\d:.]*\s*[a-z]*$/.exec(m[0]);
      const start = m.index + (time?.index ?? 0);
      return add(at, start, m.index + m[0].length);
    },
  );
  // "at 0:45", and lists: "hits at 0:45, 1:10 and 1:30".
  const more = String.raw`(?:(?:\s*,\s*|\s+and\s+|\s*&\s*|\s*和\s*|\s*、\s*)\d{1,2}:[0-5]\d(?:\.\d+)?)*`;
  text.scan(pattern(`${lead}${CLOCK}${more}(?:\\s*mark)?`, "g"), (m) => {
    for (const t of m[0].matchAll(/(\d{1,2}):([0-5]\d(?:\.\d+)?)/g)) {
      add(clockSeconds(t[1], t[2]), m.index + (t.index ?? 0), m.index + (t.index ?? 0) + t[0].length);
    }
  });
  text.scan(pattern(`${lead}${SECS}(?:\\s*mark)?`, "g"), (m) => add(Number(m[1]), m.index, m.index + m[0].length));
  text.scan(/(\d+(?:\.\d+)?)\s*(?:seconds?|secs?|s)\s+in\b/g, (m) => add(Number(m[1]), m.index, m.index + m[0].length));
  const zhTime = String.raw`(?:${CLOCK}|(${NUM})\s*秒(?:钟)?)`;
  const zhSeconds = (m: RegExpExecArray) => (m[1] !== undefined ? clockSeconds(m[1], m[2]) : parseNumber(m[3] ?? ""));
  text.scan(pattern(`(?:在|于|到|第)\\s*${CLOCK}${more}`, "g"), (m) => {
    for (const t of m[0].matchAll(/(\d{1,2}):([0-5]\d(?:\.\d+)?)/g)) {
      add(clockSeconds(t[1], t[2]), m.index + (t.index ?? 0), m.index + (t.index ?? 0) + t[0].length);
    }
  });
  text.scan(pattern(String.raw`(?:在|于|到|第)\s*${zhTime}(?:处|时|的时候|左右|的地方)?`, "g"), (m) =>
    add(zhSeconds(m), m.index, m.index + m[0].length),
  );
  text.scan(pattern(String.raw`${zhTime}\s*(?:处|时|的时候|的地方)`, "g"), (m) =>
    add(zhSeconds(m), m.index, m.index + m[0].length),
  );
  // A bare clock time followed by a hit word ("0:30 drop").
  text.scan(pattern(`${CLOCK}\\s+(drop|hit|impact|climax|cut)`, "g"), (m) => {
    const word = m[3] ?? "";
    const kind: Kind = /drop|climax/.test(word) ? "drop" : word === "cut" ? "cut" : "hit";
    return add(clockSeconds(m[1], m[2]), m.index, m.index + m[0].length, kind);
  });
  // A bare time followed by a Chinese climax word ("0:20进入高潮", "20秒爆发", "1:10 迎来副歌").
  text.scan(
    pattern(
      String.raw`${zhTime}\s*(?:开始|就|要)?\s*(?:进入|迎来|来到|到达|推向)?\s*(?:高潮|爆发|副歌|drop|climax)`,
      "g",
    ),
    (m) => add(zhSeconds(m), m.index, m.index + m[0].length, "drop"),
  );
  facts.hits.sort((a, b) => a.at - b.at);
}
