/**
 * One phrase table over every lexicon (styles, instruments, roles, moods, tempo words, use cases, flags) and a
 * longest-match-first scanner: "acoustic guitar" wins over "acoustic", "钢琴独奏" over "钢琴", "drum and bass" over
 * "drum". English phrases need word boundaries (an optional plural "s" is allowed); Chinese phrases do not.
 */
import type { StyleId } from "../../theory/voices.js";
import type { Role } from "../../types.js";
import { rewriteNumberWords } from "../numbers.js";
import { styleWords } from "../styles.js";
import { type BriefText, isBoundary } from "../text.js";
import { INSTRUMENT_WORDS, type InstrumentWord, ROLE_WORDS } from "./instruments.js";
import { MOOD_WORDS, type MoodWord, TEMPO_WORDS } from "./moods.js";
import { USE_CASES, type UseCase } from "./uses.js";
import { FLAG_WORDS, type Flag } from "./words.js";

export type Entry =
  | { kind: "style"; id: StyleId; weight: number }
  | { kind: "instrument"; item: InstrumentWord }
  | { kind: "role"; role: Role }
  | { kind: "mood"; item: MoodWord }
  | { kind: "tempo"; range: [number, number] }
  | { kind: "use"; item: UseCase }
  | { kind: "flag"; flag: Flag };

export interface Token {
  start: number;
  end: number;
  /** The phrase as matched. */
  word: string;
  entry: Entry;
}

let table: [string, Entry][] | undefined;

function buildTable(): [string, Entry][] {
  const seen = new Set<string>();
  const out: [string, Entry][] = [];
  const add = (word: string, entry: Entry) => {
    // Briefs are read after number words became digits ("one drop" → "1 drop"), so phrases are too.
    const w = rewriteNumberWords(word.toLowerCase());
    if (seen.has(w)) return;
    seen.add(w);
    out.push([w, entry]);
  };
  for (const [word, id, weight] of styleWords()) add(word, { kind: "style", id, weight });
  for (const [words, flag] of FLAG_WORDS) for (const w of words) add(w, { kind: "flag", flag });
  for (const item of INSTRUMENT_WORDS) for (const w of item.words) add(w, { kind: "instrument", item });
  for (const [words, role] of ROLE_WORDS) for (const w of words) add(w, { kind: "role", role });
  for (const item of USE_CASES) for (const w of item.words) add(w, { kind: "use", item });
  for (const item of MOOD_WORDS) for (const w of item.words) add(w, { kind: "mood", item });
  for (const [words, range] of TEMPO_WORDS) for (const w of words) add(w, { kind: "tempo", range });
  // Longest first; ties keep registration order (styles, flags, instruments, …).
  return out
    .map((row, i) => [row, i] as const)
    .sort((a, b) => b[0][0].length - a[0][0].length || a[1] - b[1])
    .map(([row]) => row);
}

function isAscii(word: string): boolean {
  return /^[\x20-\x7e]+$/.test(word);
}

/** Every lexicon phrase in the unclaimed text, claimed, in text order. */
export function scanPhrases(text: BriefText): Token[] {
  table ??= buildTable();
  const lower = text.lower;
  const tokens: Token[] = [];
  for (const [word, entry] of table) {
    const ascii = isAscii(word);
    const wordStartsAlnum = /^[a-z0-9]/.test(word);
    const wordEndsAlnum = /[a-z0-9]$/.test(word);
    for (let at = lower.indexOf(word); at !== -1; at = lower.indexOf(word, at + 1)) {
      let end = at + word.length;
      if (ascii) {
        if (wordStartsAlnum && !isBoundary(lower, at - 1)) continue;
        if (wordEndsAlnum && !isBoundary(lower, end)) {
          // Plurals: "pads", "drums", "brushes".
          let extra = 0;
          if (lower[end] === "s" && isBoundary(lower, end + 1)) extra = 1;
          else if (lower.slice(end, end + 2) === "es" && isBoundary(lower, end + 2)) extra = 2;
          if (extra === 0 || !/[a-z]$/.test(word)) continue;
          end += extra;
        }
      }
      if (!text.isFree(at, end)) continue;
      text.claim(at, end);
      tokens.push({ start: at, end, word: text.cased.slice(at, end), entry });
    }
  }
  return tokens.sort((a, b) => a.start - b.start);
}
