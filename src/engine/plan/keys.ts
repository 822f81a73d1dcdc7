/**
 * Keys and modes as people write them: "D minor", "Dm", "Bb major", "E-flat major", "F# dorian",
 * "A minor pentatonic", "D小调", "降E大调", "升F小调", "宫调式". Also the key override of the tools ("A dorian").
 */
import { mod12, pitchClassOf } from "../theory/scales.js";
import { ComposerError, type Key, type Mode } from "../types.js";
import type { Facts } from "./facts.js";
import { pattern } from "./regex.js";
import type { BriefText } from "./text.js";

const MODE_WORDS: [string, Mode][] = [
  ["harmonic minor", "harmonic minor"],
  ["major pentatonic", "major pentatonic"],
  ["minor pentatonic", "minor pentatonic"],
  ["pentatonic major", "major pentatonic"],
  ["pentatonic minor", "minor pentatonic"],
  ["mixolydian", "mixolydian"],
  ["dorian", "dorian"],
  ["phrygian", "phrygian"],
  ["lydian", "lydian"],
  ["locrian", "locrian"],
  ["aeolian", "minor"],
  ["ionian", "major"],
  ["major", "major"],
  ["minor", "minor"],
  ["maj", "major"],
  ["min", "minor"],
];
const MODE_ALT = MODE_WORDS.map(([w]) => w.replace(" ", "\\s+")).join("|");

function modeOf(word: string): Mode | undefined {
  const w = word.replace(/\s+/g, " ");
  return MODE_WORDS.find(([name]) => name === w)?.[1];
}

/** Canonical spelling: upper-case letter plus "#" or "b". Undefined when it is not a pitch name. */
export function spellTonic(letter: string, accidental = ""): string | undefined {
  const l = letter.toUpperCase();
  if (!/^[A-G]$/.test(l)) return undefined;
  const a = accidental.trim().toLowerCase();
  let acc = "";
  if (/^(#|♯|sharp|-sharp|升)$/.test(a)) acc = "#";
  else if (/^(b|♭|flat|-flat|降)$/.test(a)) acc = "b";
  const name = l + acc;
  return pitchClassOf(name) === undefined ? undefined : name;
}

const FLAT_NAMES = ["C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B"];
const SHARP_NAMES = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"];

/** The tonic moved by semitones, spelled the usual way for that key. */
export function transposeTonic(tonic: string, semitones: number, mode: Mode): string {
  const pc = mod12((pitchClassOf(tonic) ?? 0) + semitones);
  const minorish = mode.includes("minor") || mode === "dorian" || mode === "phrygian";
  const preferSharps = minorish ? [4, 11, 6, 1, 8].includes(pc) : [7, 2, 9, 4, 11, 6].includes(pc);
  return (preferSharps ? SHARP_NAMES : FLAT_NAMES)[pc] ?? "C";
}

function setKey(facts: Facts, tonic: string | undefined, mode: Mode | undefined): boolean {
  if (tonic === undefined || mode === undefined) return false;
  if (facts.tonic !== undefined) return true;
  facts.tonic = tonic;
  facts.mode = mode;
  facts.understood.push(`key ${tonic} ${mode}`);
  return true;
}

const ZH_MODES: [RegExp, Mode][] = [
  [/和声小调/, "harmonic minor"],
  [/小调五声|五声小调|羽调式?/, "minor pentatonic"],
  [/大调五声|五声大调|宫调式?/, "major pentatonic"],
  [/多利亚|多里安/, "dorian"],
  [/弗里几亚|弗里吉亚/, "phrygian"],
  [/混合利底亚|混合利地亚/, "mixolydian"],
  [/利底亚|利地亚/, "lydian"],
  [/小调/, "minor"],
  [/大调/, "major"],
];

function zhMode(word: string): Mode | undefined {
  return ZH_MODES.find(([re]) => re.test(word))?.[1];
}

export function readKey(text: BriefText, facts: Facts): void {
  const accidental = String.raw`(#|♯|b|♭|-?\s?sharp|-?\s?flat)?`;
  // "F# dorian", "Bb major", "E-flat minor pentatonic", "a minor" (ambiguous lower-case "a" needs key context).
  text.scan(
    pattern(String.raw`\b([a-g])${accidental}\s*(${MODE_ALT})\b(\s+pentatonic\b)?(\s+(?:key|scale|mode))?`, "g"),
    (m) => {
      const letterAt = m.index;
      const letterCased = text.cased[letterAt] ?? "";
      const before = text.lower.slice(Math.max(0, letterAt - 12), letterAt);
      if (m[1] === "a" && letterCased === "a" && (!/(?:\bin|key of|\bkey\s*[:=]?|\bto|into)\s*$/.test(before) || m[5]))
        return false;
      let mode = modeOf(m[3] ?? "");
      if (mode && m[4]) mode = mode === "minor" ? "minor pentatonic" : mode === "major" ? "major pentatonic" : mode;
      return setKey(facts, spellTonic(m[1] ?? "", m[2] ?? ""), mode);
    },
  );
  // "Dm", "F#m", "Bbm", "C#min" (capital letter required: "am" is a word).
  text.scan(/\b([a-g])(#|b)?m\b/g, (m) => {
    const cased = text.cased.slice(m.index, m.index + m[0].length);
    if (!/^[A-G]/.test(cased) || !cased.endsWith("m")) return false;
    return setKey(facts, spellTonic(m[1] ?? "", m[2] ?? ""), "minor");
  });
  // Chinese: "D小调", "降E大调", "升F小调", "bE大调", "A调" (major), "C宫调式".
  text.scan(
    /(?<![a-z])(降|升|#|b)?\s?([a-g])\s?(#|b)?\s?(和声小调|小调五声|大调五声|五声小调|五声大调|多利亚|多里安|弗里几亚|弗里吉亚|混合利底亚|利底亚|小调|大调|宫调式?|羽调式?|调)/g,
    (m) => {
      const mode = m[4] === "调" ? "major" : zhMode(m[4] ?? "");
      return setKey(facts, spellTonic(m[2] ?? "", m[1] ?? m[3] ?? ""), mode);
    },
  );
  // "in G", "key of D" (major unless a mode word elsewhere says otherwise).
  text.scan(
    /\b(?:in(?: the)? key of|key of|in key|key:?|in)\s+([a-g])(#|b|♯|♭|-flat|-sharp| flat| sharp)?(?![a-z0-9#♯♭'-])/g,
    (m) => {
      const letterAt = m.index + m[0].length - (m[1] ?? "").length - (m[2] ?? "").length;
      if (!/[A-G]/.test(text.cased[letterAt] ?? "")) return false;
      return setKey(facts, spellTonic(m[1] ?? "", m[2] ?? ""), "major");
    },
  );
  readModeOnly(text, facts);
}

/** A mode without a tonic: "in a minor key", "pentatonic", "小调", "五声音阶". */
function readModeOnly(text: BriefText, facts: Facts): void {
  const noteMode = (mode: Mode) => {
    if (facts.mode !== undefined) return;
    facts.mode = mode;
    facts.understood.push(`${mode} mode`);
  };
  text.scan(/\b(harmonic minor|dorian|phrygian|mixolydian|lydian|locrian)(?:\s+(?:key|mode|scale|feel))?\b/g, (m) => {
    const mode = modeOf(m[1] ?? "");
    if (mode) noteMode(mode);
  });
  // "major"/"minor" alone is often an adjective ("a major hit"); take it with key words or at a clause end.
  text.scan(
    /\b(?:in\s+(?:a\s+)?)?(major|minor)(?:\s+(?:key|mode|tonality|scale|feel|chords?|tonal\w*)\b|(?=\s*(?:[,.;!?]|$)))|\bin\s+(major|minor)\b/g,
    (m) => {
      const mode = modeOf(m[1] ?? m[2] ?? "");
      if (mode) noteMode(mode);
    },
  );
  text.scan(/和声小调|多利亚|多里安|弗里几亚|弗里吉亚|混合利底亚|利底亚|小调|大调/g, (m) => {
    const mode = zhMode(m[0]);
    if (mode) noteMode(mode);
  });
  text.scan(/\bpentatonic(?:\s+scale)?\b|五声音阶|五声调式|五声/g, () => {
    facts.pentatonic = true;
    facts.understood.push("pentatonic scale");
  });
}

/** The tools' `key` argument ("D minor", "Bb", "A dorian", "F#m", "D小调"); throws INVALID_ARGUMENT otherwise. */
export function parseKeyArgument(value: string): Key {
  const v = value.normalize("NFKC").trim();
  const m = /^([A-Ga-g])\s*(#|♯|b|♭|-?\s?sharp|-?\s?flat)?\s*(.*)$/i.exec(v);
  const zh = /^(降|升)?\s*([A-Ga-g])\s*(#|b)?\s*(.+)$/.exec(v);
  if (zh && /调/.test(zh[4] ?? "")) {
    const tonic = spellTonic(zh[2] ?? "", zh[1] ?? zh[3] ?? "");
    const mode = zh[4] === "调" ? "major" : zhMode(zh[4] ?? "");
    if (tonic && mode) return { tonic, mode };
  }
  if (m) {
    const tonic = spellTonic(m[1] ?? "", m[2] ?? "");
    const rest = (m[3] ?? "").toLowerCase().replace(/\s+/g, " ").trim();
    let mode: Mode | undefined = rest === "" ? "major" : rest === "m" ? "minor" : modeOf(rest);
    if (!mode && /^(major|minor) pentatonic$|^pentatonic (major|minor)$/.test(rest)) {
      mode = rest.includes("minor") ? "minor pentatonic" : "major pentatonic";
    }
    if (tonic && mode) return { tonic, mode };
  }
  throw new ComposerError("INVALID_ARGUMENT", `\`key\` is not a key I can read (got: "${value.slice(0, 40)}").`, {
    hint: 'Write a tonic A–G with an optional # or b, then a mode: "D minor", "Bb major", "F# dorian", "A minor pentatonic".',
  });
}
