/**
 * One message → Facts: numbers first (so "drop at 0:20" is not a length), then keys, relative edits, shape, and
 * finally every lexicon phrase, each read with its negation ("no drums", "without piano", "去掉鼓", "把钢琴换成吉他")
 * and "only" ("just piano"). Whatever is left unread is reported as ignored.
 */
import { VOICES } from "../theory/voices.js";
import type { Family } from "../types.js";
import { addOnce, emptyFacts, type Facts } from "./facts.js";
import { applyFlag } from "./flags.js";
import { readHits } from "./hits.js";
import { readKey } from "./keys.js";
import { leftoverWords } from "./leftover.js";
import { scanPhrases, type Token } from "./lexicon/index.js";
import { MOOD_STYLES } from "./lexicon/moods.js";
import { readBareTempo, readDuration, readLoudness, readMeter, readTempo } from "./measures.js";
import { readIntroBars, readLengthBars, readRelativeLength, readRelativeTempo, readTranspose } from "./relative.js";
import { readAnchors, readForm } from "./shape.js";
import { STYLES } from "./styles.js";
import { BriefText } from "./text.js";

const NEGATOR =
  /(?:\b(?:no|without|w\/o|minus|sans|zero|remove|removing|drop|lose|ditch|skip|cut|mute|kill|exclude|excluding|omit|get rid of|take out|leave out|strip out|strip|no more|not|don't use|do not use|dont use|don't want|do not want|don't include|do not include|don't add|never|avoid|replace|swap|swap out|instead of|rather than|free of|except|turn off)\s+(?:the\s+|any\s+|all\s+|of\s+the\s+|a\s+|an\s+|those\s+|these\s+|more\s+|with\s+)*|(?:不要|没有|去掉|去除|不用|别用|别加|别|不加|不带|不含|无需|无|拿掉|删掉|删除|除去|取消|关掉|静音|省略|不需要)\s*(?:任何|所有|掉|的|有|加|用|了)*\s*)$/;
const POST_NEGATOR = /^\s*(?:(?:removed|out|off|gone|muted|free)\b|(?:去掉|不要|删掉|拿掉|去了|删了|不用|静音|免了))/;
/** "no drums until the drop": the drums come in later, they are not excluded. */
const NOT_YET =
  /^\s*(?:until|till|before|in the intro|at first|at the start|for the first|during the intro)\b|^\s*(?:直到|之前|前奏里|开头)/;
const REPLACE_AFTER = /^\s*(?:换成|改成|替换成|替换为|换为|改为)/;
const ONLY =
  /(?:\b(?:only|just|nothing but|solely|purely|exclusively)\s+(?:a\s+|an\s+|the\s+)?|(?:只用|只有|只要|仅用|仅有|仅|只|纯))\s*$/;
const BRING_BACK =
  /(?:\b(?:add|bring back|bring in|restore|put back|re-add|readd)\s+(?:the\s+|a\s+|some\s+)?|(?:加上|加回|恢复|加入|加)\s*)$/;
const ONLY_AFTER = /^\s*(?:only|alone)\b/;
/** Between two instruments of one list: "no drums or bass", "没有鼓和贝斯" (a bare comma ends the list). */
const CHAIN = /^\s*(?:,\s*)?(?:or|nor|and|&|\/|和|或|或者|与|跟|及|以及|也不要|还有)\s*(?:the\s+|any\s+)?$|^\s*$/;
const LISTABLE = new Set(["instrument", "role"]);

/** A canonical phrase, with the person's own words when they differ ("with acoustic guitar (原声吉他)"). */
function named(canonical: string, words: string): string {
  const w = words.trim();
  return canonical.toLowerCase().endsWith(w.toLowerCase()) ? canonical : `${canonical} (${w})`;
}

function instrumentName(token: Token): string {
  if (token.entry.kind !== "instrument") return token.word.trim();
  const names = token.entry.item.picks.map((p) => ("voice" in p ? VOICES[p.voice].label : FAMILY_NAMES[p.family]));
  return names.join(", ");
}

const FAMILY_NAMES: Record<Family, string> = {
  piano: "keys",
  epiano: "electric piano",
  organ: "organ",
  guitar_family: "guitar",
  bass: "bass",
  strings: "strings",
  brass: "brass",
  woodwind: "woodwinds",
  synth: "synths",
  mallets: "mallets",
  drums: "drums",
  choir: "choir",
  ethnic: "Chinese instruments",
  fx: "effects",
};

function familiesOf(token: Token): Family[] {
  if (token.entry.kind !== "instrument") return [];
  return token.entry.item.picks.map((p) => ("voice" in p ? VOICES[p.voice].family : p.family));
}

function readTokens(text: BriefText, facts: Facts, tokens: Token[]): void {
  let prev: { token: Token; negated: boolean; only: boolean } | undefined;
  for (const token of tokens) {
    const near = text.lower.slice(Math.max(0, token.start - 40), token.start);
    const before = near.slice(near.search(/[^,.;!?]*$/));
    const gap = prev && prev.token.end <= token.start ? text.lower.slice(prev.token.end, token.start) : "";
    const after = text.lower.slice(token.end, token.end + 12);
    const chained =
      prev !== undefined &&
      prev.token.end <= token.start &&
      LISTABLE.has(prev.token.entry.kind) &&
      LISTABLE.has(token.entry.kind) &&
      CHAIN.test(gap);
    const replaced = /把\s*$/.test(before) && REPLACE_AFTER.test(after);
    const negated =
      !NOT_YET.test(text.lower.slice(token.end, token.end + 24)) &&
      (NEGATOR.test(before) ||
        POST_NEGATOR.test(after) ||
        replaced ||
        (chained && prev?.negated === true && !/\bwith\b/.test(gap)));
    const only = ONLY.test(before) || ONLY_AFTER.test(after) || (chained && prev?.only === true);
    const entry = token.entry;
    switch (entry.kind) {
      case "style":
        if (!negated) {
          facts.styles.set(entry.id, (facts.styles.get(entry.id) ?? 0) + entry.weight);
          // Some genre words are meters too.
          if (/^(?:jigs?|吉格)$/i.test(token.word.trim())) facts.meter ??= { beatsPerBar: 6, beatUnit: 8 };
          if (entry.id === "waltz") facts.meter ??= { beatsPerBar: 3, beatUnit: 4 };
          facts.understood.push(named(`style ${STYLES[entry.id].label}`, token.word));
        }
        break;
      case "instrument":
        if (negated) {
          for (const family of familiesOf(token)) {
            addOnce(facts.excludeFamilies, family);
            if (family === "drums") addOnce(facts.muteRoles, "drums");
            if (family === "bass") addOnce(facts.muteRoles, "bass");
          }
          if (entry.item.role) addOnce(facts.muteRoles, entry.item.role);
          facts.understood.push(named(`no ${instrumentName(token)}`, token.word));
        } else {
          for (const pick of entry.item.picks) {
            facts.include.push(
              entry.item.role
                ? { pick, words: token.word.trim(), role: entry.item.role }
                : { pick, words: token.word.trim() },
            );
          }
          if (only) facts.onlyNamed = true;
          facts.understood.push(named(`${only ? "only" : "with"} ${instrumentName(token)}`, token.word));
        }
        break;
      case "role":
        if (negated) {
          addOnce(facts.muteRoles, entry.role);
          facts.understood.push(`no ${entry.role}`);
        } else if (BRING_BACK.test(before)) {
          addOnce(facts.unmuteRoles, entry.role);
          facts.understood.push(`${entry.role} back`);
        }
        break;
      case "mood":
        if (!negated) {
          addOnce(facts.moods, entry.item.mood);
          facts.energies.push(entry.item.energy);
          facts.valence += entry.item.valence;
          if (entry.item.tempo) facts.tempoRanges.push(entry.item.tempo);
          const hint = entry.item.hint ?? MOOD_STYLES[entry.item.mood];
          if (hint) facts.styleHints.push(hint);
          facts.understood.push(named(`mood ${entry.item.mood}`, token.word));
        }
        break;
      case "tempo":
        if (!negated) {
          facts.tempoRanges.unshift(entry.range);
          facts.understood.push(named(`tempo ${entry.range[0]}–${entry.range[1]} BPM`, token.word));
        }
        break;
      case "use":
        if (!negated) {
          facts.useCase ??= entry.item.id;
          if (entry.item.hint) facts.styleHints.push(entry.item.hint);
          if (entry.item.valence) facts.valence += entry.item.valence;
          facts.understood.push(`use: ${entry.item.label}`);
        }
        break;
      case "flag":
        applyFlag(facts, entry.flag, negated, token.word);
        break;
    }
    prev = { token, negated, only };
  }
}

/** Reads one message. Never throws. */
export function readBrief(brief: string): Facts {
  const facts = emptyFacts();
  const text = new BriefText(typeof brief === "string" ? brief : String(brief ?? ""));
  readMeter(text, facts);
  readLoudness(text, facts);
  readTempo(text, facts);
  readHits(text, facts);
  readIntroBars(text, facts);
  readRelativeLength(text, facts);
  readDuration(text, facts);
  readLengthBars(text, facts);
  readKey(text, facts);
  readTranspose(text, facts);
  readRelativeTempo(text, facts);
  readAnchors(text, facts);
  readForm(text, facts);
  text.scan(/\b(?:drumless|beatless|percussionless|drum-free|drums-free|percussion-free|no-drums)\b/g, (m) => {
    addOnce(facts.excludeFamilies, "drums");
    addOnce(facts.muteRoles, "drums");
    facts.understood.push(`no drums (${m[0]})`);
  });
  text.scan(
    /\b(?:no other instruments?|nothing else|by itself|on its own|unaccompanied|and nothing else)\b|(?:不要|没有|不加|无)其他乐器/g,
    (m) => {
      facts.onlyNamed = true;
      facts.understood.push(`only the named instruments (${m[0]})`);
    },
  );
  readTokens(text, facts, scanPhrases(text));
  readBareTempo(text, facts);
  facts.ignored.push(...leftoverWords(text.leftover()));
  if (text.truncated) facts.ignored.push("text after the first 8000 characters");
  return facts;
}
