/**
 * The brief as text the readers can scan: Unicode-normalised, control characters blanked, English number words
 * turned into digits, ASCII letters lower-cased (so `lower` and `cased` keep the same indices), and a mask of
 * characters already claimed by a reader so no word is used twice and what is left can be reported.
 */
import { toSimplified } from "./hant.js";
import { rewriteNumberWords } from "./numbers.js";

/** Briefs longer than this are read up to here (the tool caps prompts at 4000 characters anyway). */
export const MAX_READ_CHARS = 8000;

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}

/** Control characters, zero-width marks and line separators become spaces (same length). */
function blankInvisible(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const invisible =
      c < 0x20 ||
      (c >= 0x7f && c <= 0x9f) ||
      (c >= 0x200b && c <= 0x200f) ||
      c === 0x2028 ||
      c === 0x2029 ||
      c === 0xfeff;
    out += invisible ? " " : text[i];
  }
  return out;
}

function normalise(raw: string): string {
  let text = raw.length > MAX_READ_CHARS ? raw.slice(0, MAX_READ_CHARS) : raw;
  text = text.normalize("NFKC");
  return (
    toSimplified(blankInvisible(text))
      // Typographic minus, dashes and primes people paste from documents.
      .replace(/[\u2212\u2012\u2013\u2014\u2015]/g, "-")
      .replace(/[\u2018\u2019\u2032]/g, "'")
      .replace(/[\u201c\u201d\u2033]/g, '"')
      .replace(/[\u3001\uff64]/g, ",")
      .replace(/\u3002/g, ".")
      // Control characters, lone surrogates and zero-width marks become spaces.
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, " ")
  );
}

export class BriefText {
  /** Normalised text with letters in their original case. */
  readonly cased: string;
  /** Same text, ASCII letters lower-cased; same length and indices as `cased`. */
  readonly lower: string;
  readonly truncated: boolean;
  private readonly used: Uint8Array;

  constructor(raw: string) {
    this.truncated = raw.length > MAX_READ_CHARS;
    this.cased = rewriteNumberWords(normalise(raw));
    this.lower = asciiLower(this.cased);
    this.used = new Uint8Array(this.lower.length);
  }

  get length(): number {
    return this.lower.length;
  }

  isFree(start: number, end: number): boolean {
    for (let i = start; i < end; i++) if (this.used[i]) return false;
    return true;
  }

  claim(start: number, end: number): void {
    this.used.fill(1, Math.max(0, start), Math.min(this.used.length, end));
  }

  /**
   * Every match of `pattern` (must have the g flag) over the unclaimed text, each claimed as it is accepted.
   * `accept` may refuse a match by returning false (then it stays unclaimed).
   */
  scan(pattern: RegExp, accept: (m: RegExpExecArray) => unknown): void {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(this.lower); m !== null; m = pattern.exec(this.lower)) {
      if (m[0].length === 0) {
        pattern.lastIndex++;
        continue;
      }
      const start = m.index;
      const end = start + m[0].length;
      if (!this.isFree(start, end)) continue;
      if (accept(m) !== false) this.claim(start, end);
    }
  }

  /** The unclaimed text, with claimed characters as spaces. */
  leftover(): string {
    let out = "";
    for (let i = 0; i < this.lower.length; i++) out += this.used[i] ? " " : this.cased[i];
    return out;
  }
}

/** True when `text[at]` is not a letter or digit (or out of range), for word boundaries in mixed scripts. */
export function isBoundary(text: string, at: number): boolean {
  if (at < 0 || at >= text.length) return true;
  return !/[a-z0-9]/i.test(text[at] ?? "");
}
