/**
 * A seeded generator of briefs with known answers: length, tempo, key, meter and instruments in and out, written
 * the many ways people write them (English and Chinese, digits and words), in random order with a style and a mood.
 */
import type { Rng } from "../../../../src/engine/dsp/random.js";

export interface Truth {
  brief: string;
  duration?: number;
  bpm?: number;
  key?: string;
  meter?: [number, number];
  has: string[];
  lacks: string[];
  lang: "en" | "zh";
}

const EN_UNITS = [
  "zero",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
];
const EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
function enWords(n: number): string {
  if (n < 20) return EN_UNITS[n] ?? String(n);
  if (n < 100) return `${EN_TENS[Math.floor(n / 10)]}${n % 10 ? `-${EN_UNITS[n % 10]}` : ""}`;
  return `${EN_UNITS[Math.floor(n / 100)]} hundred${n % 100 ? ` and ${enWords(n % 100)}` : ""}`;
}
const ZH_DIGITS = "零一二三四五六七八九";
function zhWords(n: number): string {
  if (n < 10) return n === 2 ? "两" : (ZH_DIGITS[n] ?? "");
  if (n < 20) return `十${n % 10 ? ZH_DIGITS[n % 10] : ""}`;
  if (n < 100) return `${ZH_DIGITS[Math.floor(n / 10)]}十${n % 10 ? ZH_DIGITS[n % 10] : ""}`;
  return `${ZH_DIGITS[Math.floor(n / 100)]}百${n % 100 ? (n % 100 < 10 ? `零${ZH_DIGITS[n % 100]}` : zhWords(n % 100).replace(/^十/, "一十")) : ""}`;
}

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)] as T;

function duration(rng: Rng, zh: boolean): [string, number] {
  const s = rng.int(5, 300);
  const m = Math.floor(s / 60);
  const r = s % 60;
  const forms: (() => [string, number] | undefined)[] = zh
    ? [
        () => [`${s}秒`, s],
        () => [`${zhWords(s)}秒`, s],
        () => (m >= 1 && r === 0 ? [`${pick(rng, [String(m), zhWords(m)])}分钟`, s] : undefined),
        () => (m >= 1 && r > 0 ? [`${m}分${r}秒`, s] : undefined),
        () => (m >= 1 && r === 30 ? [`${zhWords(m)}分半`, s] : undefined),
        () => [`时长${s}秒`, s],
      ]
    : [
        () => [`${s} seconds`, s],
        () => [`a ${s}-second`, s],
        () => [`${s} sec`, s],
        () => [`${s}s`, s],
        () => [`${enWords(s)} seconds`, s],
        () => (m >= 1 ? [`${m}:${String(r).padStart(2, "0")}`, s] : undefined),
        () => (m >= 1 && r === 0 ? [`${pick(rng, [String(m), enWords(m)])} minute${m > 1 ? "s" : ""}`, s] : undefined),
        () => (m >= 1 && r > 0 ? [`${m} minute${m > 1 ? "s" : ""} ${r} seconds`, s] : undefined),
        () => (m === 1 && r === 30 ? ["a minute and a half", 90] : undefined),
        () => (s === 30 ? ["half a minute", 30] : undefined),
      ];
  for (;;) {
    const got = pick(rng, forms)();
    if (got) return got;
  }
}

function tempo(rng: Rng, zh: boolean): [string, number] {
  const b = rng.int(50, 190);
  const forms = zh
    ? [`节奏${b}`, `${b}拍`, `每分钟${b}拍`, `速度${b}`, `${b} BPM`, `${b}bpm`]
    : [`${b} BPM`, `${b}bpm`, `tempo ${b}`, `at ${b} bpm`, `${enWords(b)} beats per minute`, `${b}-bpm`, `BPM: ${b}`];
  return [pick(rng, forms), b];
}

const TONICS = ["C", "D", "E", "F", "G", "A", "B", "Bb", "Eb", "Ab", "F#", "C#", "Db"];
function key(rng: Rng, zh: boolean): [string, string] {
  const t = pick(rng, TONICS);
  const minor = rng.chance(0.5);
  const mode = minor ? "minor" : "major";
  if (zh) {
    const zhT = t.endsWith("b") ? `降${t[0]}` : t.endsWith("#") ? `升${t[0]}` : t;
    return [`${zhT}${minor ? "小调" : "大调"}`, `${t} ${mode}`];
  }
  const forms = [`${t} ${mode}`, `in ${t} ${mode}`, `key of ${t} ${mode}`, ...(minor ? [`${t}m`] : [])];
  return [pick(rng, forms), `${t} ${mode}`];
}

const METERS: [number, number][] = [
  [4, 4],
  [3, 4],
  [6, 8],
  [12, 8],
  [5, 4],
];
function meter(rng: Rng, zh: boolean): [string, [number, number]] {
  const m = pick(rng, METERS);
  return [zh ? `${m[0]}/${m[1]}拍` : pick(rng, [`${m[0]}/${m[1]}`, `in ${m[0]}/${m[1]} time`]), m];
}

const INSTRUMENTS: [string, string, string][] = [
  ["piano", "钢琴", "piano"],
  ["electric piano", "电钢琴", "epiano"],
  ["organ", "风琴", "organ"],
  ["acoustic guitar", "木吉他", "guitar_family"],
  ["electric guitar", "电吉他", "guitar_family"],
  ["bass", "贝斯", "bass"],
  ["upright bass", "低音提琴", "bass"],
  ["strings", "弦乐", "strings"],
  ["violin", "小提琴", "strings"],
  ["cello", "大提琴", "strings"],
  ["brass", "铜管", "brass"],
  ["trumpet", "小号", "brass"],
  ["flute", "长笛", "woodwind"],
  ["saxophone", "萨克斯", "woodwind"],
  ["synths", "合成器", "synth"],
  ["marimba", "马林巴", "mallets"],
  ["glockenspiel", "钟琴", "mallets"],
  ["drums", "鼓", "drums"],
];
const STYLES_EN = [
  "pop",
  "rock",
  "house",
  "jazz",
  "lo-fi",
  "ambient",
  "cinematic",
  "folk",
  "funk",
  "corporate",
  "trap",
  "reggae",
];
const STYLES_ZH = ["流行", "摇滚", "电子", "爵士", "氛围", "电影配乐", "民谣", "放克", "企业宣传", "嘻哈", "中国风"];
const MOODS_EN = ["happy", "calm", "dark", "uplifting", "tense", "dreamy", "energetic", "sad", "playful"];
const MOODS_ZH = ["欢快", "平静", "悬疑", "励志", "紧张", "梦幻", "动感", "悲伤", "俏皮"];

export function generateBrief(rng: Rng): Truth {
  const zh = rng.chance(0.45);
  const parts: string[] = [];
  const truth: Truth = { brief: "", has: [], lacks: [], lang: zh ? "zh" : "en" };
  parts.push(zh ? pick(rng, STYLES_ZH) : pick(rng, STYLES_EN));
  if (rng.chance(0.5)) parts.push(zh ? pick(rng, MOODS_ZH) : pick(rng, MOODS_EN));
  if (rng.chance(0.85)) {
    const [text, s] = duration(rng, zh);
    parts.push(text);
    truth.duration = s;
  }
  if (rng.chance(0.7)) {
    const [text, b] = tempo(rng, zh);
    parts.push(text);
    truth.bpm = b;
  }
  if (rng.chance(0.6)) {
    const [text, k] = key(rng, zh);
    parts.push(text);
    truth.key = k;
  }
  if (rng.chance(0.4)) {
    const [text, m] = meter(rng, zh);
    parts.push(text);
    truth.meter = m;
  }
  const chosen = [...INSTRUMENTS].sort(() => rng.next() - 0.5).slice(0, rng.int(0, 4));
  const include = chosen.slice(0, Math.max(0, chosen.length - 1));
  const exclude = chosen.length > 0 && rng.chance(0.5) ? chosen.slice(-1) : [];
  const excludedFamilies = new Set(exclude.map((i) => i[2]));
  const included = include.filter((i) => !excludedFamilies.has(i[2]));
  if (included.length) {
    const names = included.map((i) => (zh ? i[1] : i[0]));
    const list = zh
      ? names.join("和")
      : names.length > 1
        ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`
        : names[0];
    parts.push(zh ? `${pick(rng, ["用", "加入", ""])}${list}` : `${pick(rng, ["with ", "featuring ", ""])}${list}`);
    truth.has = [...new Set(included.map((i) => i[2]))];
  }
  for (const i of exclude) {
    parts.push(zh ? `${pick(rng, ["不要", "没有", "去掉"])}${i[1]}` : `${pick(rng, ["no ", "without "])}${i[0]}`);
    truth.lacks.push(i[2]);
  }
  const [first, ...rest] = parts;
  const shuffled = [first ?? "", ...rest.sort(() => rng.next() - 0.5)];
  truth.brief = shuffled.join(zh ? "，" : pick(rng, [", ", ". ", "; "]));
  return truth;
}
