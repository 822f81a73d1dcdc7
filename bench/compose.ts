/**
 * Composition benchmark: plan + compose time for 3-minute pieces (target < 50 ms), MIDI encoding time, and
 * the "Done when" figures on a generated set of briefs the engine has not seen (English and Chinese):
 * duration / tempo / meter / key exactness and families read back from the MIDI bytes, and the musical measures.
 *   npx tsx bench/compose.ts
 */
import { compose } from "../src/engine/compose/index.js";
import { scoreToMidi } from "../src/engine/encode/midi.js";
import { interpret } from "../src/engine/plan/index.js";
import { pitchClassOf } from "../src/engine/theory/scales.js";
import { hasFamily, melodyMeasures, rangeViolations, readMidi } from "../test/unit/engine/compose/midi-facts.js";

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

// ── speed ──────────────────────────────────────────────────────────────────────────────────────────
const THREE_MINUTES = [
  "Epic cinematic trailer music, 3 minutes, huge drums, brass and strings, D minor",
  "Upbeat pop track for a product video, 3 minutes, 120 BPM, piano, bass, drums and synth lead",
  "三分钟的中国风音乐,古筝和笛子,舒缓",
  "Lo-fi hip hop beat, 180 seconds, jazzy electric piano, dusty drums, vinyl crackle",
];
for (let i = 0; i < 20; i++) compose(interpret(THREE_MINUTES[i % THREE_MINUTES.length] ?? "").plan);
const planCompose: number[] = [];
const midiTimes: number[] = [];
for (let i = 0; i < 200; i++) {
  const brief = THREE_MINUTES[i % THREE_MINUTES.length] ?? "";
  const t0 = performance.now();
  const score = compose(interpret(brief, { overrides: { seed: i + 1 } }).plan);
  const t1 = performance.now();
  scoreToMidi(score);
  midiTimes.push(performance.now() - t1);
  planCompose.push(t1 - t0);
}
console.log("plan + compose, 3-minute pieces (200 runs, 4 briefs):");
console.log(
  `  median ${percentile(planCompose, 0.5).toFixed(2)} ms · p95 ${percentile(planCompose, 0.95).toFixed(2)} ms · max ${Math.max(...planCompose).toFixed(2)} ms (target < 50 ms)`,
);
console.log(`  scoreToMidi median ${percentile(midiTimes, 0.5).toFixed(2)} ms`);

// ── unseen briefs ──────────────────────────────────────────────────────────────────────────────────
interface Case {
  brief: string;
  duration: number;
  bpm?: number;
  key?: string;
  meter?: number;
  has: string[];
  lacks: string[];
}

const EN_STYLES: [string, string[]][] = [
  ["pop", ["piano"]],
  ["rock", ["guitar_family", "drums"]],
  ["house", ["drums"]],
  ["jazz", ["piano"]],
  ["bossa nova", ["guitar_family"]],
  ["cinematic", ["strings"]],
  ["lo-fi hip hop", ["drums"]],
  ["funk", ["bass"]],
  ["reggae", ["drums"]],
  ["synthwave", ["synth"]],
  ["ambient", []],
  ["folk", ["guitar_family"]],
  ["trap", ["drums"]],
  ["drum and bass", ["drums"]],
  ["gospel", ["organ"]],
];
const ZH_STYLES: [string, string[]][] = [
  ["流行", []],
  ["电子", []],
  ["爵士", []],
  ["摇滚", []],
  ["中国风", []],
  ["钢琴", ["piano"]],
];
const KEYS = ["C major", "G major", "D minor", "A minor", "E minor", "F major", "Bb major", "C minor"];
const ZH_KEY: Record<string, string> = {
  "C major": "C大调",
  "G major": "G大调",
  "D minor": "D小调",
  "A minor": "A小调",
  "E minor": "E小调",
  "F major": "F大调",
  "Bb major": "降B大调",
  "C minor": "C小调",
};
const DURATIONS = [15, 30, 45, 60, 75, 90, 120, 150];

const cases: Case[] = [];
EN_STYLES.forEach(([style, has], i) => {
  for (let k = 0; k < 4; k++) {
    const key = KEYS[(i + k) % KEYS.length] ?? "C major";
    const duration = DURATIONS[(i * 3 + k) % DURATIONS.length] ?? 60;
    const bpm = 80 + ((i * 7 + k * 11) % 60);
    const noDrums = k === 3 && !has.includes("drums");
    const waltz = k === 2 && (style === "folk" || style === "jazz");
    cases.push({
      brief: `A ${duration}-second ${style} piece in ${key}${waltz ? " in 3/4" : ""}, ${bpm} BPM${noDrums ? ", no drums" : ""}`,
      duration,
      bpm,
      key,
      ...(waltz ? { meter: 3 } : {}),
      has,
      lacks: noDrums ? ["drums"] : [],
    });
  }
});
ZH_STYLES.forEach(([style, has], i) => {
  for (let k = 0; k < 4; k++) {
    const key = KEYS[(i * 2 + k) % KEYS.length] ?? "C major";
    const duration = DURATIONS[(i + k * 2) % DURATIONS.length] ?? 60;
    const bpm = 70 + ((i * 13 + k * 9) % 70);
    const noDrums = k === 1;
    cases.push({
      brief: `生成一段${duration}秒的${style}音乐,${ZH_KEY[key]},${bpm}拍${noDrums ? ",不要鼓" : ""}`,
      duration,
      bpm,
      key,
      has,
      lacks: noDrums ? ["drums"] : [],
    });
  }
});

let exactTotal = 0;
let exactOk = 0;
let famTotal = 0;
let famOk = 0;
let musicTotal = 0;
let musicOk = 0;
const misses: string[] = [];
for (const c of cases) {
  const { plan } = interpret(c.brief);
  const facts = readMidi(scoreToMidi(compose(plan)));
  const checks: [string, boolean][] = [["duration", Math.abs(facts.duration - c.duration) <= 0.1]];
  if (c.bpm !== undefined) checks.push(["bpm", Math.abs(facts.bpm - c.bpm) < 0.01]);
  if (c.meter !== undefined) checks.push(["meter", facts.meter[0] === c.meter]);
  if (c.key !== undefined) {
    const [tonic = "", mode = ""] = c.key.split(" ");
    checks.push(["key", facts.key?.tonicPc === pitchClassOf(tonic) && facts.key?.mode === mode]);
  }
  for (const [name, ok] of checks) {
    exactTotal++;
    if (ok) exactOk++;
    else
      misses.push(
        `${name}: ${c.brief} → bpm ${facts.bpm.toFixed(2)} dur ${facts.duration.toFixed(2)} key ${facts.key?.tonicPc} ${facts.key?.mode}`,
      );
  }
  for (const f of c.has) {
    famTotal++;
    if (hasFamily(facts, f)) famOk++;
    else misses.push(`has ${f}: ${c.brief}`);
  }
  for (const f of c.lacks) {
    famTotal++;
    if (!hasFamily(facts, f)) famOk++;
    else misses.push(`lacks ${f}: ${c.brief}`);
  }
  const m = melodyMeasures(facts);
  const musical =
    rangeViolations(facts).length === 0 && (!m || (m.stepRatio >= 0.55 && m.reuse >= 0.25 && m.scaleShare >= 0.9));
  musicTotal++;
  if (musical) musicOk++;
  else misses.push(`music: ${c.brief} → ${JSON.stringify(m)} ${rangeViolations(facts).join("; ")}`);
}
const pct = (a: number, b: number) => `${((100 * a) / Math.max(1, b)).toFixed(1)} % (${a}/${b})`;
console.log(`\nunseen briefs (${cases.length}, English and Chinese), facts read from the MIDI bytes:`);
console.log(`  duration, tempo, meter, key exact: ${pct(exactOk, exactTotal)} (target ≥ 98 %)`);
console.log(`  families present / absent:         ${pct(famOk, famTotal)} (target ≥ 95 %)`);
console.log(`  musical measures hold:             ${pct(musicOk, musicTotal)} (target ≥ 90 %)`);
if (misses.length > 0) console.log(`  misses:\n    ${misses.slice(0, 25).join("\n    ")}`);
