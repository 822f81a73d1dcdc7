/**
 * Numbers written as words: English number words become digits before any reader runs ("ninety seconds" →
 * "90 seconds", "one hundred and twenty BPM" → "120 BPM"); Chinese numerals are parsed where a reader finds them
 * ("九十", "一百二十", "两", "一分半" is handled by the duration reader).
 */
import { pattern } from "./regex.js";

const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fourty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const WORDS = [...Object.keys(UNITS), ...Object.keys(TENS), "hundred"].sort((a, b) => b.length - a.length).join("|");
const RUN = pattern(`\\b(?:${WORDS})(?:(?:[ -]+(?:and[ -]+)?)(?:${WORDS}))*\\b`, "gi");
const WORD = pattern(`${WORDS}|and`, "gi");

/** Parses one run of number words into one or more numbers ("one two" → [1, 2], "twenty one" → [21]). */
function parseRun(run: string): number[] {
  const words = run.toLowerCase().match(WORD) ?? [];
  const out: number[] = [];
  let current: number | null = null;
  let last: "unit" | "tens" | "hundred" | null = null;
  const flush = () => {
    if (current !== null) out.push(current);
    current = null;
    last = null;
  };
  for (const word of words) {
    if (word === "and") continue;
    if (word === "hundred") {
      if (last === "hundred") flush();
      current = (current === null || last === null ? 1 : current) * 100;
      last = "hundred";
    } else if (word in TENS) {
      if (last === "unit" || last === "tens") flush();
      current = (current ?? 0) + (TENS[word] ?? 0);
      last = "tens";
    } else {
      const value = UNITS[word] ?? 0;
      if (last === "unit" || (last === "tens" && value >= 10)) flush();
      current = (current ?? 0) + value;
      last = "unit";
    }
  }
  flush();
  return out;
}

/** English number words → digits, keeping everything else as it was. */
export function rewriteNumberWords(text: string): string {
  if (!/[a-z]/i.test(text)) return text;
  return text.replace(RUN, (run) => parseRun(run).join(" "));
}

const ZH_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** Characters a Chinese numeral may contain (for building reader patterns). */
export const ZH_NUMERAL_CHARS = "零〇一二两三四五六七八九十百";
export const NUMBER_PATTERN = `(?:\\d+(?:\\.\\d+)?|[${ZH_NUMERAL_CHARS}]+)`;

/** "90", "1.5", "九十", "一百二十", "一百二" (120), "十五" → a number; NaN when it is not one. */
export function parseNumber(text: string): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  if (t.length === 0 || !/^[零〇一二两三四五六七八九十百]+$/.test(t)) return Number.NaN;
  let total = 0;
  let digit: number | null = null;
  let lastUnit = 1;
  let gap = false;
  for (const c of t) {
    if ((c === "零" || c === "〇") && lastUnit > 1 && digit === null) {
      gap = true;
      continue;
    }
    if (c === "十" || c === "百") {
      const unit = c === "十" ? 10 : 100;
      total += (digit ?? 1) * unit;
      digit = null;
      lastUnit = unit;
    } else {
      const d = ZH_DIGITS[c] ?? 0;
      // Digits written one by one ("一二〇") read as a positional number.
      digit = digit === null ? d : digit * 10 + d;
    }
  }
  // "一百二" is 120 (the ten is implied), "一百零二" is 102.
  if (digit !== null) total += lastUnit === 100 && digit < 10 && !gap ? digit * 10 : digit;
  return total;
}
