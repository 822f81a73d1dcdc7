/**
 * Independent QA evaluator: composes every brief in bench/briefs-unseen.json with the BUILT command line and
 * measures the files without any of the engine's own code — ffprobe/ffmpeg (ebur128 true peak and loudness,
 * astats) for the audio, our own WAV reader for clipping and the loop seam, @tonejs/midi plus our own
 * Krumhansl–Schmuckler key finder for the MIDI. Prints pass rates per expect key and every failure.
 * Beyond the briefs' own expectations it measures the issue's "Done when" on every track: loudness (±1 LU),
 * true peak (≤ -1 dBTP), zero full-scale samples, stems summing to the mix (every other brief asks for stems),
 * loop seams, and every format (every Nth brief asks for all of them) decoding with the WAV's rate, channels, length.
 *   npm run build && npx tsx bench/evaluate.ts [--limit N] [--only id,id] [--jobs N] [--briefs file] [--work dir]
 *     [--all-formats-every N] [--stems-every N] [--seed-base X]
 */
import { execFile, spawn } from "node:child_process";
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import * as tonejsMidi from "@tonejs/midi";

type MidiModule = typeof import("@tonejs/midi");
const tonejs = tonejsMidi as MidiModule & { default?: MidiModule };
const Midi = tonejs.Midi ?? tonejs.default?.Midi;
const run = promisify(execFile);

interface Expect {
  duration?: number;
  bpm?: number;
  bpm_range?: [number, number];
  key?: string;
  mode?: "major" | "minor";
  meter?: number;
  has?: string[];
  lacks?: string[];
  loop?: boolean;
  drop_at?: number;
  rising?: boolean;
  lufs?: number;
  pentatonic?: boolean;
  lang?: string;
}
interface Brief {
  id: string;
  brief: string;
  expect: Expect;
}
interface Check {
  key: string;
  pass: boolean;
  expected: string;
  measured: string;
}

// ── arguments ────────────────────────────────────────────────────────────────────────────────────
const argv = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const LIMIT = Number(arg("limit") ?? Number.POSITIVE_INFINITY);
const ONLY = arg("only")?.split(",");
const JOBS = Number(arg("jobs") ?? 2);
const BRIEFS_FILE = arg("briefs") ?? join(import.meta.dirname, "briefs-unseen.json");
const CLI = arg("cli") ?? join(import.meta.dirname, "..", "dist", "index.js");
/** Every Nth brief also asks for every audio format, to check that each one decodes. */
const ALL_FORMATS_EVERY = Number(arg("all-formats-every") ?? 6);
/** Every Nth brief (counting from the Nth) also asks for stems, to check that they sum back to the mix. */
const STEMS_EVERY = Number(arg("stems-every") ?? 2);
/** By default the engine picks the seed (a hash of the brief, so the same brief gives the same music and a
 *  failure reproduces with the printed command). --seed-base X composes each brief with a seed derived from X and
 *  its id (FNV-1a) instead: other music from the same briefs, for wider coverage. */
const SEED_BASE = arg("seed-base");
function briefSeed(id: string): number | undefined {
  if (SEED_BASE === undefined) return undefined;
  let h = 0x811c9dc5;
  for (const ch of `${SEED_BASE}:${id}`) h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  return h & 0x7fffffff;
}
/** The loudness `compose --help` documents when a brief names none. */
const DEFAULT_LUFS = -14;
/** Scratch folder; a brief's files are kept there only when one of its checks failed. */
const WORK = arg("work") ?? join(tmpdir(), "composer-qa");
rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });

// ── General MIDI families (strict GM categories; 'lenient' also accepts the engine's 105 banjo / 110 fiddle) ─
function gmFamilies(program: number, channel: number, lenient: boolean): string[] {
  if (channel === 9) return ["drums"];
  const p = program;
  if (p <= 3) return ["piano"];
  if (p <= 5) return ["epiano"];
  if (p <= 7) return ["piano"];
  if (p <= 15) return ["mallets"];
  if (p <= 23) return ["organ"];
  if (p <= 31) return ["guitar_family"];
  if (p <= 39) return ["bass"];
  if (p <= 45 || (p >= 48 && p <= 51)) return ["strings", "synth_pad_or_strings"];
  if (p === 46) return ["strings"]; // harp: GM "strings" category, but not a pad-or-strings bed
  if (p === 47) return ["timpani"];
  if (p <= 54) return ["choir"];
  if (p === 55) return ["orchestra_hit"];
  if (p <= 63) return ["brass"];
  if (p <= 79) return ["woodwind"];
  if (p <= 87) return ["synth"];
  if (p <= 95) return ["synth", "synth_pad_or_strings"];
  if (p <= 103) return ["synth_fx"];
  if (lenient && p === 105) return ["guitar_family"];
  if (lenient && p === 110) return ["strings"];
  if (p <= 111) return ["ethnic"];
  if (p <= 119) return ["percussive"];
  return ["sound_fx"];
}
const UNPITCHED = (program: number, channel: number) => channel === 9 || program >= 112;

// ── key finding: Krumhansl–Kessler profiles, Pearson correlation over duration-weighted pitch classes ───
const KK_MAJOR = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88];
const KK_MINOR = [6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17];
const PC_NAMES = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"];
function pearson(a: number[], b: number[]): number {
  const ma = a.reduce((s, v) => s + v, 0) / a.length;
  const mb = b.reduce((s, v) => s + v, 0) / b.length;
  let num = 0;
  let da = 0;
  let db = 0;
  a.forEach((v, i) => {
    const x = v - ma;
    const y = (b[i] ?? 0) - mb;
    num += x * y;
    da += x * x;
    db += y * y;
  });
  return da && db ? num / Math.sqrt(da * db) : 0;
}
function estimateKey(histogram: number[]): { tonic: number; mode: "major" | "minor"; r: number } {
  let best = { tonic: 0, mode: "major" as "major" | "minor", r: -2 };
  for (let tonic = 0; tonic < 12; tonic++) {
    const rotated = histogram.map((_, i) => histogram[(i + tonic) % 12] ?? 0);
    for (const [mode, profile] of [
      ["major", KK_MAJOR],
      ["minor", KK_MINOR],
    ] as const) {
      const r = pearson(rotated, profile);
      if (r > best.r) best = { tonic, mode, r };
    }
  }
  return best;
}
function parseKey(text: string): { tonic: number; mode: string } | undefined {
  const m = /^([A-Ga-g])\s*([#♯b♭]?)\s*(major|minor)$/i.exec(text.trim());
  if (!m) return undefined;
  const base = { c: 0, d: 2, e: 4, f: 5, g: 7, a: 9, b: 11 }[(m[1] ?? "c").toLowerCase() as "c"];
  const acc = m[2] === "#" || m[2] === "♯" ? 1 : m[2] === "b" || m[2] === "♭" ? -1 : 0;
  return { tonic: (base + acc + 12) % 12, mode: (m[3] ?? "").toLowerCase() };
}

// ── audio measurements ───────────────────────────────────────────────────────────────────────────
interface Pcm {
  rate: number;
  channels: Float32Array[];
  fullScaleRuns: number;
  fullScaleSamples: number;
  /** The first loop of a `smpl` chunk (sample frames, end inclusive as the chunk stores it), if any. */
  smplLoop?: { start: number; end: number };
}
/** RIFF/WAVE reader (PCM 16/24/32-bit int, 32-bit float, WAVE_FORMAT_EXTENSIBLE); also reads a `smpl` loop. */
function readWav(path: string): Pcm {
  const buf = readFileSync(path);
  let pos = 12;
  let format = 1;
  let channels = 2;
  let rate = 48000;
  let bits = 16;
  let data: Buffer | undefined;
  let smplLoop: Pcm["smplLoop"];
  while (pos + 8 <= buf.length) {
    const id = buf.toString("ascii", pos, pos + 4);
    const size = buf.readUInt32LE(pos + 4);
    const body = buf.subarray(pos + 8, pos + 8 + size);
    if (id === "fmt ") {
      format = body.readUInt16LE(0);
      channels = body.readUInt16LE(2);
      rate = body.readUInt32LE(4);
      bits = body.readUInt16LE(14);
      if (format === 0xfffe) format = body.readUInt16LE(24);
    } else if (id === "data") data = body;
    else if (id === "smpl" && body.length >= 60 && body.readUInt32LE(28) > 0) {
      // smpl: 36-byte header (loop count at 28), then 24-byte loops: id, type, start, end, fraction, play count.
      smplLoop = { start: body.readUInt32LE(36 + 8), end: body.readUInt32LE(36 + 12) };
    }
    pos += 8 + size + (size % 2);
  }
  if (!data) throw new Error("no data chunk");
  const bytes = bits / 8;
  const frames = Math.floor(data.length / (bytes * channels));
  const out = Array.from({ length: channels }, () => new Float32Array(frames));
  let fullScaleSamples = 0;
  let fullScaleRuns = 0;
  const run: number[] = new Array(channels).fill(0);
  for (let f = 0; f < frames; f++) {
    for (let c = 0; c < channels; c++) {
      const o = (f * channels + c) * bytes;
      let v: number;
      let full: boolean;
      if (format === 3) {
        v = data.readFloatLE(o);
        full = Math.abs(v) >= 1;
      } else if (bits === 16) {
        const s = data.readInt16LE(o);
        v = s / 32768;
        full = s >= 32767 || s <= -32768;
      } else if (bits === 24) {
        const s = data.readIntLE(o, 3);
        v = s / 8388608;
        full = s >= 8388607 || s <= -8388608;
      } else {
        const s = data.readInt32LE(o);
        v = s / 2147483648;
        full = s >= 2147483647 || s <= -2147483648;
      }
      (out[c] as Float32Array)[f] = v;
      if (full) {
        fullScaleSamples++;
        run[c] = (run[c] ?? 0) + 1;
        if (run[c] === 2) fullScaleRuns++; // two or more consecutive full-scale samples = a clipped run
      } else run[c] = 0;
    }
  }
  return { rate, channels: out, fullScaleRuns, fullScaleSamples, ...(smplLoop ? { smplLoop } : {}) };
}
function rmsDb(pcm: Pcm, from: number, to: number): number {
  let sum = 0;
  let n = 0;
  for (const ch of pcm.channels) {
    for (let i = Math.max(0, from); i < Math.min(ch.length, to); i++) {
      const v = ch[i] ?? 0;
      sum += v * v;
      n++;
    }
  }
  return n ? 10 * Math.log10(sum / n + 1e-20) : -200;
}
/** Steps under 0.002 (−54 dBFS) count as inaudible in the click ratio. */
const CLICK_FLOOR = 0.002;
/** Running maximum of `s` over windows of `w` (van Herk / Gil–Werman): out[j] = max(s[j..j+w-1]). */
function windowMax(s: Float32Array, w: number): Float32Array {
  const m = s.length;
  const prefix = new Float32Array(m);
  const suffix = new Float32Array(m);
  for (let i = 0; i < m; i++) prefix[i] = i % w === 0 ? (s[i] ?? 0) : Math.max(prefix[i - 1] ?? 0, s[i] ?? 0);
  for (let i = m - 1; i >= 0; i--)
    suffix[i] = i % w === w - 1 || i === m - 1 ? (s[i] ?? 0) : Math.max(suffix[i + 1] ?? 0, s[i] ?? 0);
  const out = new Float32Array(Math.max(0, m - w + 1));
  for (let j = 0; j < out.length; j++) out[j] = Math.max(suffix[j] ?? 0, prefix[j + w - 1] ?? 0);
  return out;
}
/** Click ratio of one channel: the step across each boundary against twice the largest step within 1 ms either
 *  side (a smooth signal's step barely changes from sample to sample; a discontinuity is one step far larger than
 *  its neighbours). Returns the ratio at the loop join (last sample → first) and the largest ratio at any
 *  boundary inside the file — the music's own onsets (a drum hit starting on a sample) reach about 1–1.5. */
function clickRatios(ch: Float32Array, rate: number): { join: number; interior: number } {
  const n = ch.length;
  const w = Math.max(4, Math.round(rate * 0.001));
  const at = (i: number) => ch[((i % n) + n) % n] ?? 0;
  let local = 0;
  for (let k = 1; k <= w; k++)
    local = Math.max(local, Math.abs(at(n - k) - at(n - 1 - k)), Math.abs(at(k) - at(k - 1)));
  const join = Math.abs(at(0) - at(n - 1)) / (2 * local + CLICK_FLOOR);
  const steps = new Float32Array(Math.max(0, n - 1));
  for (let i = 0; i < steps.length; i++) steps[i] = Math.abs((ch[i + 1] ?? 0) - (ch[i] ?? 0));
  const around = windowMax(steps, w);
  let interior = 0;
  for (let i = w; i < steps.length - w; i++) {
    const neighbours = Math.max(around[i - w] ?? 0, around[i + 1] ?? 0);
    interior = Math.max(interior, (steps[i] ?? 0) / (2 * neighbours + CLICK_FLOOR));
  }
  return { join, interior };
}
/** The file concatenated with itself: the join must be no more click-like than 1 or the file's own most abrupt
 *  onset, whichever is larger (see clickRatios), its step no larger than the largest step anywhere inside the
 *  file, the 100 ms either side of the join within 10 dB of each other, and neither edge near silence (a gap). */
function loopSeam(pcm: Pcm): { pass: boolean; text: string } {
  let worstJump = 0;
  let worstRatio = 0;
  let clickPass = true;
  const clicks: string[] = [];
  for (const ch of pcm.channels) {
    const n = ch.length;
    let maxStep = 0;
    for (let i = 1; i < n; i++) maxStep = Math.max(maxStep, Math.abs((ch[i] ?? 0) - (ch[i - 1] ?? 0)));
    const jump = Math.abs((ch[0] ?? 0) - (ch[n - 1] ?? 0));
    worstJump = Math.max(worstJump, jump);
    worstRatio = Math.max(worstRatio, jump / Math.max(maxStep, 1e-6));
    const r = clickRatios(ch, pcm.rate);
    if (r.join > Math.max(1, r.interior)) clickPass = false;
    clicks.push(`${r.join.toFixed(2)} (inside ≤ ${r.interior.toFixed(2)})`);
  }
  const w = Math.round(pcm.rate * 0.1);
  const n = pcm.channels[0]?.length ?? 0;
  const endDb = rmsDb(pcm, n - w, n);
  const startDb = rmsDb(pcm, 0, w);
  const whole = rmsDb(pcm, 0, n);
  const levelGap = Math.abs(endDb - startDb);
  const silentEdge = Math.min(endDb, startDb) < whole - 30;
  const pass = clickPass && worstRatio <= 1 && levelGap <= 10 && !silentEdge;
  return {
    pass,
    text: `join click ratio per channel ${clicks.join(", ")}; join step ${worstJump.toFixed(4)} = ${worstRatio.toFixed(2)}× the largest step inside the file; last/first 100 ms ${endDb.toFixed(1)} / ${startDb.toFixed(1)} dBFS (whole ${whole.toFixed(1)})`,
  };
}
/** Mix minus the sum of the stems, as energy relative to the mix (dB); also checks the stems' shape. */
function stemsNull(
  mix: Pcm,
  stemPaths: string[],
): { db: number; problems: string[]; clipped: string[]; peaks: string[] } {
  const residual = mix.channels.map((ch) => Float32Array.from(ch));
  const problems: string[] = [];
  const clipped: string[] = [];
  const peaks: string[] = [];
  for (const path of stemPaths) {
    const stem = readWav(path);
    const name = path.slice(path.lastIndexOf("/") + 1);
    const frames = stem.channels[0]?.length ?? 0;
    if (stem.rate !== mix.rate || stem.channels.length !== mix.channels.length || frames !== residual[0]?.length)
      problems.push(`${name}: ${stem.rate} Hz ${stem.channels.length} ch ${frames} frames`);
    if (stem.fullScaleSamples > 0) clipped.push(`${name}: ${stem.fullScaleSamples} full-scale samples`);
    let peak = 0;
    for (const ch of stem.channels) for (let i = 0; i < ch.length; i++) peak = Math.max(peak, Math.abs(ch[i] ?? 0));
    peaks.push(`${name.replace(/^.*-v\d+-/, "").replace(/\.wav$/, "")} ${fmt(20 * Math.log10(peak + 1e-12), 2)}`);
    residual.forEach((r, c) => {
      const s = stem.channels[c];
      if (!s) return;
      for (let i = 0; i < Math.min(r.length, s.length); i++) r[i] = (r[i] ?? 0) - (s[i] ?? 0);
    });
  }
  let mixEnergy = 0;
  let residualEnergy = 0;
  mix.channels.forEach((ch, c) => {
    const r = residual[c] as Float32Array;
    for (let i = 0; i < ch.length; i++) {
      mixEnergy += (ch[i] ?? 0) ** 2;
      residualEnergy += (r[i] ?? 0) ** 2;
    }
  });
  return { db: 10 * Math.log10((residualEnergy + 1e-20) / (mixEnergy + 1e-20)), problems, clipped, peaks };
}
interface Loudness {
  integrated: number;
  truePeak: number;
  momentary: { t: number; m: number }[];
}
async function ebur128(path: string): Promise<Loudness> {
  const { stderr } = await run(
    "ffmpeg",
    ["-hide_banner", "-nostats", "-i", path, "-filter_complex", "ebur128=peak=true", "-f", "null", "-"],
    { maxBuffer: 256 * 1024 * 1024 },
  );
  const summary = stderr.slice(stderr.lastIndexOf("Summary:"));
  const integrated = Number(/I:\s*(-?[\d.]+|-inf) LUFS/.exec(summary)?.[1] ?? Number.NaN);
  const tp = /Peak:\s*(-?[\d.]+|-inf) dBFS/.exec(summary)?.[1];
  const momentary = [...stderr.matchAll(/t:\s*([\d.]+)\s+TARGET.*?M:\s*(-?[\d.]+)/g)].map((m) => ({
    t: Number(m[1]),
    m: Number(m[2]),
  }));
  return { integrated, truePeak: tp === "-inf" ? Number.NEGATIVE_INFINITY : Number(tp), momentary };
}
/** Mean loudness (energy average of momentary LUFS) of the 400 ms windows that lie inside [from, to]. */
function meanLoudness(l: Loudness, from: number, to: number): number {
  const inside = l.momentary.filter((p) => p.t - 0.4 >= from - 1e-6 && p.t <= to + 1e-6);
  if (inside.length === 0) return Number.NaN;
  return 10 * Math.log10(inside.reduce((s, p) => s + 10 ** (p.m / 10), 0) / inside.length);
}
async function astatsRms(path: string, from: number, length: number): Promise<number> {
  const { stderr } = await run("ffmpeg", [
    "-hide_banner",
    "-nostats",
    "-ss",
    String(from),
    "-t",
    String(length),
    "-i",
    path,
    "-af",
    "astats=metadata=0",
    "-f",
    "null",
    "-",
  ]);
  const overall = stderr.slice(stderr.lastIndexOf("Overall"));
  return Number(/RMS level dB:\s*(-?[\d.]+|-inf)/.exec(overall)?.[1] ?? Number.NaN);
}
async function astatsPeakDb(path: string): Promise<number> {
  const { stderr } = await run("ffmpeg", [
    "-hide_banner",
    "-nostats",
    "-i",
    path,
    "-af",
    "astats=metadata=0",
    "-f",
    "null",
    "-",
  ]);
  const overall = stderr.slice(stderr.lastIndexOf("Overall"));
  return Number(/Peak level dB:\s*(-?[\d.]+|-inf)/.exec(overall)?.[1] ?? Number.NaN);
}
async function probe(path: string): Promise<{ duration: number; rate: number; channels: number; codec: string }> {
  const { stdout } = await run("ffprobe", [
    "-v",
    "error",
    "-show_entries",
    "stream=sample_rate,channels,codec_name:format=duration",
    "-of",
    "json",
    path,
  ]);
  const j = JSON.parse(stdout) as {
    streams: { sample_rate?: string; channels?: number; codec_name?: string }[];
    format: { duration?: string };
  };
  const s = j.streams[0] ?? {};
  return {
    duration: Number(j.format.duration),
    rate: Number(s.sample_rate),
    channels: s.channels ?? 0,
    codec: s.codec_name ?? "?",
  };
}
/** Decoded length (sample frames per channel, from astats) and sample peak of any audio file. */
async function decodedStats(path: string): Promise<{ frames: number; peakDb: number }> {
  const { stderr } = await run(
    "ffmpeg",
    ["-hide_banner", "-nostats", "-i", path, "-af", "astats=metadata=0:measure_perchannel=none", "-f", "null", "-"],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const overall = stderr.slice(stderr.lastIndexOf("Overall"));
  return {
    frames: Number(/Number of samples:\s*(\d+)/.exec(overall)?.[1] ?? Number.NaN),
    peakDb: Number(/Peak level dB:\s*(-?[\d.]+|-inf)/.exec(overall)?.[1] ?? Number.NaN),
  };
}
/** How far each format's length may stray from the WAV's. MP3 and AAC decoders keep the encoder's priming and
 *  padding unless gapless metadata says otherwise — up to about two codec frames (2 × 1152 or 2 × 1024
 *  samples, under 55 ms at 44.1 kHz) — so they may run up to 100 ms long; nothing may run more than 50 ms short. */
const LENGTH_TOLERANCE_S: Record<string, { short: number; long: number }> = {
  mp3: { short: 0.05, long: 0.1 },
  aac: { short: 0.05, long: 0.1 },
  m4a: { short: 0.05, long: 0.1 },
};
/** One audio file against the WAV mix: same rate and channels, decoded length and the container's own length
 *  (ffprobe; skipped for raw ADTS .aac, whose length ffprobe only estimates from the bit rate) within tolerance. */
async function formatSpec(
  path: string,
  format: string,
  reference: { rate: number; channels: number; seconds: number },
): Promise<{ ok: boolean; text: string; truePeak: number; probedLengthOk: boolean }> {
  const info = await probe(path);
  const dec = await decodedStats(path);
  const loud = await ebur128(path);
  const decodedSeconds = dec.frames / info.rate;
  const tol = LENGTH_TOLERANCE_S[format] ?? { short: 0.05, long: 0.05 };
  const within = (s: number) => s - reference.seconds <= tol.long + 1e-9 && reference.seconds - s <= tol.short + 1e-9;
  const containerKnown = format !== "aac";
  const problems: string[] = [];
  if (info.rate !== reference.rate) problems.push(`rate ${info.rate}`);
  if (info.channels !== reference.channels) problems.push(`${info.channels} ch`);
  if (!within(decodedSeconds)) problems.push(`decoded ${fmt(decodedSeconds, 3)} s`);
  if (containerKnown && !within(info.duration)) problems.push(`ffprobe ${fmt(info.duration, 3)} s`);
  const text = `${format} ${info.codec} ${info.rate} Hz ${info.channels} ch, ffprobe ${fmt(info.duration, 3)} s, decoded ${fmt(decodedSeconds, 3)} s, TP ${fmt(loud.truePeak)} dBTP`;
  return {
    ok: problems.length === 0,
    text: problems.length ? `${text} [${problems.join(", ")}]` : text,
    truePeak: loud.truePeak,
    probedLengthOk: within(info.duration),
  };
}
async function decodes(path: string): Promise<string | undefined> {
  try {
    const { stderr } = await run("ffmpeg", ["-v", "error", "-i", path, "-f", "null", "-"]);
    return stderr.trim() ? stderr.trim().split("\n")[0] : undefined;
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? error).split("\n")[0];
  }
}

// ── MIDI measurements ────────────────────────────────────────────────────────────────────────────
interface MidiFacts {
  tempos: number[];
  tempoMap: string;
  meters: string[];
  duration: number;
  endOfTrack: number;
  lastNoteEnd: number;
  strict: Set<string>;
  lenient: Set<string>;
  programs: string[];
  key: { tonic: number; mode: "major" | "minor"; r: number };
  signature: string;
  pentatonicShare: number;
}
/** @tonejs/midi names a signature by its major key even with the minor flag set (F minor reads "Ab minor"). */
function signatureName(majorName: string, scale: string): string {
  const majorPc = parseKey(`${majorName} major`)?.tonic;
  if (majorPc === undefined) return `${majorName} ${scale}`;
  return scale === "minor" ? `${PC_NAMES[(majorPc + 9) % 12]} minor` : `${PC_NAMES[majorPc]} major`;
}
function readMidi(path: string): MidiFacts {
  if (!Midi) throw new Error("@tonejs/midi did not load");
  const midi = new Midi(readFileSync(path));
  const histogram = new Array<number>(12).fill(0);
  const strict = new Set<string>();
  const lenient = new Set<string>();
  const programs: string[] = [];
  let lastNoteEnd = 0;
  for (const t of midi.tracks) {
    if (t.notes.length === 0) continue;
    const program = t.instrument.number;
    for (const f of gmFamilies(program, t.channel, false)) strict.add(f);
    for (const f of gmFamilies(program, t.channel, true)) lenient.add(f);
    programs.push(t.channel === 9 ? "ch10" : String(program));
    for (const n of t.notes) {
      lastNoteEnd = Math.max(lastNoteEnd, n.time + n.duration);
      if (!UNPITCHED(program, t.channel)) histogram[n.midi % 12] = (histogram[n.midi % 12] ?? 0) + n.duration;
    }
  }
  const total = histogram.reduce((s, v) => s + v, 0) || 1;
  let pentatonicShare = 0;
  for (let root = 0; root < 12; root++) {
    const share = [0, 2, 4, 7, 9].reduce((s, i) => s + (histogram[(root + i) % 12] ?? 0), 0) / total;
    pentatonicShare = Math.max(pentatonicShare, share);
  }
  const sig = midi.header.keySignatures[0];
  const endOfTrackTicks = Math.max(0, ...midi.tracks.map((t) => t.endOfTrackTicks ?? 0));
  return {
    endOfTrack: midi.header.ticksToSeconds(endOfTrackTicks),
    tempos: midi.header.tempos.map((t) => Math.round(t.bpm * 1000) / 1000),
    tempoMap: midi.header.tempos.map((t) => `${Math.round(t.bpm * 100) / 100}@${(t.time ?? 0).toFixed(2)}s`).join(" "),
    meters: midi.header.timeSignatures.map((t) => t.timeSignature.join("/")),
    duration: midi.duration,
    lastNoteEnd,
    strict,
    lenient,
    programs,
    key: estimateKey(histogram),
    signature: sig ? signatureName(sig.key, sig.scale) : "none",
    pentatonicShare,
  };
}

// ── one brief ────────────────────────────────────────────────────────────────────────────────────
interface Outcome {
  brief: Brief;
  checks: Check[];
  wallSeconds: number;
  error?: string;
  summary?: string;
  command?: string;
}
/** The command line the evaluator runs for a brief (printed with every failure, to reproduce it). */
function composeArgs(brief: string, out: string, formats: string, stems: boolean, seed: number | undefined): string[] {
  return [
    "compose",
    brief,
    "--out",
    out,
    "--json",
    "--quiet",
    "--format",
    formats,
    ...(stems ? ["--stems"] : []),
    ...(seed !== undefined ? ["--seed", String(seed)] : []),
  ];
}
function compose(args: string[], out: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, COMPOSER_DATA_DIR: join(out, "data") },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
const fmt = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : String(v));

async function evaluate(brief: Brief, index: number): Promise<Outcome> {
  const out = join(WORK, brief.id);
  mkdirSync(out, { recursive: true });
  // Loops always ask for every format: a game or an editor may take any of them, and each must loop.
  const allFormats = (ALL_FORMATS_EVERY > 0 && index % ALL_FORMATS_EVERY === 0) || brief.expect.loop === true;
  const formats = allFormats ? "wav,mp3,flac,ogg,m4a,aac,mid" : "wav,mid";
  // Stems on every other brief: the engine renders the mix alone when no stems are asked for, so both paths
  // get measured.
  const stems = STEMS_EVERY > 0 && index % STEMS_EVERY === STEMS_EVERY - 1;
  const args = composeArgs(brief.brief, out, formats, stems, briefSeed(brief.id));
  const command = `node dist/index.js ${args.map((a) => (/^[\w,./-]+$/.test(a) ? a : JSON.stringify(a))).join(" ")}`;
  const t0 = performance.now();
  const res = await compose(args, out);
  const wallSeconds = (performance.now() - t0) / 1000;
  const checks: Check[] = [];
  const add = (key: string, pass: boolean, expected: unknown, measured: string) =>
    checks.push({ key, pass, expected: String(expected), measured });
  if (res.code !== 0) {
    add("decodes", false, "exit 0", `exit ${res.code}: ${res.stderr.trim().slice(0, 200)}`);
    return { brief, checks, wallSeconds, command, error: res.stderr.trim() };
  }
  const result = JSON.parse(res.stdout) as {
    summary: string;
    files: { path: string; format: string; kind: string; role?: string }[];
  };
  const mix = (f: string) => result.files.find((x) => x.format === f && (x.kind === "mix" || x.kind === "midi"))?.path;
  const wav = mix("wav");
  const mid = mix("mid");
  const e = brief.expect;
  if (!wav || !mid) {
    add("decodes", false, "wav+mid", `files: ${result.files.map((f) => f.format).join(",")}`);
    return { brief, checks, wallSeconds, command, summary: result.summary };
  }
  // decoding of every file asked for
  const bad: string[] = [];
  for (const f of result.files.filter((x) => x.kind === "mix" || x.kind === "stem")) {
    const err = await decodes(f.path);
    if (err) bad.push(`${f.format}: ${err}`);
  }
  let facts: MidiFacts | undefined;
  try {
    facts = readMidi(mid);
  } catch (error) {
    bad.push(`mid: ${String(error)}`);
  }
  add("decodes", bad.length === 0, formats, bad.length ? bad.join("; ") : "all decode");

  const info = await probe(wav);
  const pcm = readWav(wav);
  const loud = await ebur128(wav);
  const peakDb = await astatsPeakDb(wav);
  add(
    "true_peak",
    loud.truePeak <= -1.0,
    "≤ -1.0 dBTP",
    `${fmt(loud.truePeak)} dBTP (sample peak ${fmt(peakDb, 2)} dBFS)`,
  );
  add(
    "no_clipping",
    pcm.fullScaleRuns === 0 && pcm.fullScaleSamples === 0,
    "0 full-scale samples",
    `${pcm.fullScaleSamples} full-scale samples, ${pcm.fullScaleRuns} runs`,
  );
  if (e.duration !== undefined) {
    add("duration", Math.abs(info.duration - e.duration) <= 0.1 + 1e-9, e.duration, `${fmt(info.duration, 3)} s wav`);
    if (facts)
      add(
        "midi_duration",
        Math.abs(Math.max(facts.endOfTrack, facts.lastNoteEnd) - e.duration) <= 0.1 + 1e-9,
        e.duration,
        `end of track ${fmt(facts.endOfTrack, 3)} s, last note ends ${fmt(facts.lastNoteEnd, 3)} s`,
      );
  }
  // Loudness on every track: the brief's own target, else the documented default (-14 LUFS, `compose --help`).
  const target = e.lufs ?? DEFAULT_LUFS;
  add(
    "lufs",
    Math.abs(loud.integrated - target) <= 1,
    `${target} ± 1 LUFS${e.lufs === undefined ? " (default)" : ""}`,
    `${fmt(loud.integrated, 2)} LUFS`,
  );
  // Every other audio file asked for: decodes (above), same rate and channels as the WAV, right length.
  const others = result.files.filter((x) => x.kind === "mix" && x.format !== "wav");
  if (others.length > 0) {
    const reference = { rate: info.rate, channels: info.channels, seconds: info.duration };
    const specs = [];
    for (const f of others) specs.push({ format: f.format, ...(await formatSpec(f.path, f.format, reference)) });
    add(
      "format_specs",
      specs.every((x) => x.ok),
      `each format ${info.rate} Hz ${info.channels} ch, length of the WAV (${fmt(info.duration, 3)} s) ±50 ms (mp3/aac/m4a −50/+100 ms)`,
      specs.map((x) => x.text).join("; "),
    );
    // Not in the issue's text (which measures the master): lossy encoders can overshoot the -1 dBTP ceiling.
    add(
      "info_lossy_true_peak",
      specs.every((x) => x.truePeak <= -1.0),
      "≤ -1.0 dBTP after encoding (informational)",
      specs.map((x) => `${x.format} ${fmt(x.truePeak)}`).join(", "),
    );
    // Raw ADTS carries no length, so ffprobe estimates one from the bit rate (and says so); a user reading
    // ffprobe's duration sees that estimate. Reported, not counted: the decoded length is checked above.
    const probed = specs.filter((x) => !x.probedLengthOk);
    add(
      "info_ffprobe_length",
      probed.length === 0,
      "ffprobe's reported duration within tolerance for every format, raw .aac included (informational)",
      probed.length ? probed.map((x) => x.text).join("; ") : "all within tolerance",
    );
  }
  if (stems) {
    const stemFiles = result.files.filter((x) => x.kind === "stem" && x.format === "wav");
    const roles = stemFiles.map((x) => x.role ?? "?");
    if (stemFiles.length === 0) add("stems_null", false, "stem WAVs that sum to the mix", "no stem files");
    else {
      const nul = stemsNull(
        pcm,
        stemFiles.map((x) => x.path),
      );
      add(
        "stems_null",
        nul.db <= -30 && nul.problems.length === 0,
        "mix − Σ stems ≤ -30 dB, stems shaped like the mix",
        `residual ${fmt(nul.db, 1)} dB over ${stemFiles.length} stems (${roles.join(",")})${nul.problems.length ? `; ${nul.problems.join("; ")}` : ""}`,
      );
      // "Zero clipped samples" holds for every file a creator gets, stems included.
      add(
        "stems_no_clipping",
        nul.clipped.length === 0,
        "0 full-scale samples in every stem",
        `${nul.clipped.length ? nul.clipped.join("; ") : "none"} (sample peaks dBFS: ${nul.peaks.join(", ")})`,
      );
    }
  }
  if (e.rising) {
    const fifth = info.duration / 5;
    const first = await astatsRms(wav, 0, fifth);
    const last = await astatsRms(wav, info.duration - fifth, fifth);
    const lufsFirst = meanLoudness(loud, 0, fifth);
    const lufsLast = meanLoudness(loud, info.duration - fifth, info.duration);
    add(
      "rising",
      last - first >= 1,
      "last fifth ≥ first + 1 dB",
      `RMS first ${fmt(first)} last ${fmt(last)} dB (Δ ${fmt(last - first)}); momentary ${fmt(lufsFirst)} → ${fmt(lufsLast)} LUFS`,
    );
  }
  if (e.drop_at !== undefined) {
    const t = e.drop_at;
    const before = meanLoudness(loud, t - 2, t - 0.1);
    const after = meanLoudness(loud, t + 0.1, t + 2);
    let bestJump = Number.NEGATIVE_INFINITY;
    let bestAt = 0;
    for (let s = 2; s < info.duration - 2; s += 0.1) {
      const j = meanLoudness(loud, s, s + 1.9) - meanLoudness(loud, s - 2, s - 0.1);
      if (j > bestJump) {
        bestJump = j;
        bestAt = s;
      }
    }
    add(
      "drop_at",
      after - before >= 3,
      `jump ≥ 3 LU at ${t} s`,
      `${fmt(before)} → ${fmt(after)} LUFS (Δ ${fmt(after - before)}); biggest jump Δ ${fmt(bestJump)} at ${fmt(bestAt)} s`,
    );
  }
  if (e.loop) {
    const seam = loopSeam(pcm);
    add("loop", seam.pass, "seamless join", seam.text);
    const frames = pcm.channels[0]?.length ?? 0;
    const sl = pcm.smplLoop;
    add(
      "loop_points",
      !!sl && sl.start === 0 && Math.abs(sl.end - (frames - 1)) <= 1,
      `WAV smpl loop 0–${frames - 1}`,
      sl ? `smpl loop ${sl.start}–${sl.end}` : "no smpl loop",
    );
    // Every other format, decoded, must loop as the WAV does: the same length to 1 ms (else the join holds the
    // encoder's priming or padding — a gap), the first and last 10 ms within 3 dB of the WAV's, and no click (a
    // lossy codec smears onsets, so ogg/m4a/mp3/aac get 1.5× the WAV's click allowance). FLAC, Ogg Vorbis and
    // M4A (through its edit list) can carry an exact length, so they count; MP3 without a LAME/Xing gapless header
    // and raw ADTS .aac cannot — reported, not counted.
    const gapless: string[] = [];
    const padded: string[] = [];
    let gaplessOk = true;
    let paddedOk = true;
    const edge = (x: Pcm, from: number) => rmsDb(x, from, from + Math.round(x.rate * 0.01));
    const wavFrames = pcm.channels[0]?.length ?? 0;
    for (const f of result.files.filter((x) => x.kind === "mix" && x.format !== "wav")) {
      const decodedPath = `${f.path}.decoded.wav`;
      await run("ffmpeg", ["-v", "error", "-y", "-i", f.path, "-c:a", "pcm_f32le", decodedPath]);
      let dec = readWav(decodedPath);
      rmSync(decodedPath, { force: true });
      if (f.format === "m4a") {
        // The MP4 edit list gives the exact length, but ffmpeg 5.1 decodes the last AAC frame's padding past it;
        // a gapless player stops at the edit list, so trim there as it would.
        const { stdout } = await run("ffprobe", [
          "-v",
          "error",
          "-show_entries",
          "stream=duration_ts",
          "-of",
          "default=nw=1:nk=1",
          f.path,
        ]);
        const edited = Number(stdout.trim());
        if (Number.isFinite(edited) && edited > 0 && edited < (dec.channels[0]?.length ?? 0))
          dec = { ...dec, channels: dec.channels.map((ch) => ch.subarray(0, edited)) };
      }
      const frames = dec.channels[0]?.length ?? 0;
      const lengthOk = Math.abs(frames - wavFrames) <= dec.rate * 0.001;
      const headGap = edge(dec, 0) - edge(pcm, 0);
      const tailGap =
        edge(dec, frames - Math.round(dec.rate * 0.01)) - edge(pcm, wavFrames - Math.round(pcm.rate * 0.01));
      const edgesOk = Math.abs(headGap) <= 3 && Math.abs(tailGap) <= 3;
      const clicks = dec.channels.map((ch) => clickRatios(ch, dec.rate));
      const allowance = f.format === "flac" ? 1 : 1.5;
      const clickOk = clicks.every((r) => r.join <= allowance * Math.max(1, r.interior));
      const ok = lengthOk && edgesOk && clickOk;
      const text = `${f.format} ${ok ? "ok" : "FAIL"}: ${frames - wavFrames} frames vs WAV, edges ${fmt(headGap)} / ${fmt(tailGap)} dB vs WAV, join click ${clicks.map((r) => `${r.join.toFixed(2)} (inside ≤ ${r.interior.toFixed(2)})`).join(", ")}`;
      const strictFormat = f.format !== "mp3" && f.format !== "aac";
      if (strictFormat) gaplessOk &&= ok;
      else paddedOk &&= ok;
      (strictFormat ? gapless : padded).push(text);
    }
    if (gapless.length > 0) add("loop_formats", gaplessOk, "flac/ogg/m4a loop as the WAV does", gapless.join("; "));
    if (padded.length > 0)
      add("info_loop_mp3_aac", paddedOk, "mp3/aac seamless too (informational)", padded.join("; "));
  }
  if (facts) {
    const f = facts;
    if (e.bpm !== undefined)
      add(
        "bpm",
        f.tempos.length > 0 && f.tempos.every((b) => Math.abs(b - (e.bpm ?? 0)) < 0.05),
        e.bpm,
        f.tempos.join(",") || "no tempo",
      );
    if (e.bpm_range)
      add(
        "bpm_range",
        (f.tempos[0] ?? 0) >= e.bpm_range[0] && (f.tempos[0] ?? 0) <= e.bpm_range[1],
        e.bpm_range.join("–"),
        f.tempos.join(","),
      );
    if (e.meter !== undefined)
      add(
        "meter",
        f.meters.length > 0 && f.meters.every((m) => m.startsWith(`${e.meter}/`)),
        e.meter,
        f.meters.join(",") || "none",
      );
    const est = `${PC_NAMES[f.key.tonic]} ${f.key.mode} (r ${fmt(f.key.r, 2)}; sig ${f.signature})`;
    if (e.key) {
      const want = parseKey(e.key);
      add("key", !!want && want.tonic === f.key.tonic && want.mode === f.key.mode, e.key, est);
    }
    if (e.mode) add("mode", f.key.mode === e.mode, e.mode, est);
    for (const fam of e.has ?? []) {
      const strictOk = f.strict.has(fam);
      add(
        "has",
        strictOk,
        fam,
        `${strictOk ? "yes" : f.lenient.has(fam) ? "only non-GM-standard program" : "missing"} (programs ${f.programs.join(",")})`,
      );
    }
    for (const fam of e.lacks ?? []) {
      add("lacks", !f.lenient.has(fam), `no ${fam}`, `programs ${f.programs.join(",")}`);
    }
    if (e.pentatonic)
      add("pentatonic", f.pentatonicShare >= 0.9, "≥ 90 % on one pentatonic set", `${fmt(f.pentatonicShare * 100)} %`);
  }
  if (e.lang === "zh")
    add("lang", /[\u4e00-\u9fff]/.test(result.summary), "Chinese summary", result.summary.slice(0, 60));
  add(
    "format_48k_stereo",
    info.rate >= 44100 && info.channels === 2,
    "≥44.1 kHz stereo",
    `${info.rate} Hz ${info.channels} ch ${info.codec}`,
  );
  return { brief, checks, wallSeconds, command, summary: result.summary };
}

// ── run and report ───────────────────────────────────────────────────────────────────────────────
const all = (JSON.parse(readFileSync(BRIEFS_FILE, "utf8")) as { briefs: Brief[] }).briefs;
const briefs = all.filter((b) => !ONLY || ONLY.includes(b.id)).slice(0, LIMIT);
const outcomes: Outcome[] = new Array(briefs.length);
let next = 0;
const started = performance.now();
async function worker(): Promise<void> {
  while (next < briefs.length) {
    const i = next++;
    const brief = briefs[i] as Brief;
    let o: Outcome;
    try {
      o = await evaluate(brief, i);
    } catch (error) {
      o = {
        brief,
        checks: [{ key: "decodes", pass: false, expected: "measurable", measured: String(error) }],
        wallSeconds: 0,
      };
    }
    outcomes[i] = o;
    appendFileSync(join(WORK, "results.jsonl"), `${JSON.stringify(o)}\n`);
    const failed = o.checks.filter((c) => !c.pass).map((c) => c.key);
    process.stderr.write(
      `[${i + 1}/${briefs.length}] ${brief.id} ${o.wallSeconds.toFixed(1)} s ${failed.length ? `FAIL ${failed.join(",")}` : "ok"}\n`,
    );
    if (o.checks.every((c) => c.pass || c.key.startsWith("info_")))
      rmSync(join(WORK, brief.id), { recursive: true, force: true });
  }
}
await Promise.all(Array.from({ length: Math.max(1, JOBS) }, () => worker()));

const perKey = new Map<string, { pass: number; total: number }>();
for (const o of outcomes) {
  for (const c of o.checks) {
    const k = perKey.get(c.key) ?? { pass: 0, total: 0 };
    k.total++;
    if (c.pass) k.pass++;
    perKey.set(c.key, k);
  }
}
console.log(
  `\n${briefs.length} briefs, ${JOBS} at a time, ${((performance.now() - started) / 1000).toFixed(0)} s in all\n`,
);
console.log("key                  pass / total   rate");
for (const [key, k] of [...perKey].sort((a, b) => a[0].localeCompare(b[0])))
  console.log(
    `${key.padEnd(20)} ${String(k.pass).padStart(4)} / ${String(k.total).padEnd(5)}  ${((100 * k.pass) / k.total).toFixed(0)} %`,
  );
// "info_" checks go beyond the issue's text: reported, but not counted against a brief.
const fullyPassing = outcomes.filter((o) => o.checks.every((c) => c.pass || c.key.startsWith("info_"))).length;
console.log(`briefs passing every check: ${fullyPassing} / ${outcomes.length}`);

console.log("\nFailures (measured vs expected):");
for (const o of outcomes) {
  const failed = o.checks.filter((c) => !c.pass);
  if (failed.length === 0) continue;
  console.log(`\n${o.brief.id}  "${o.brief.brief}"`);
  if (o.summary) console.log(`   engine said: ${o.summary.split("\n")[0]}`);
  if (o.command) console.log(`   reproduce: ${o.command}`);
  for (const c of failed) console.log(`   ✗ ${c.key}: expected ${c.expected} — measured ${c.measured}`);
}
console.log("\nRender wall time per brief (s):");
const times = outcomes.map((o) => `${o.brief.id} ${o.wallSeconds.toFixed(1)}`);
for (let i = 0; i < times.length; i += 8) console.log(`  ${times.slice(i, i + 8).join("  ")}`);
const sorted = outcomes.map((o) => o.wallSeconds).sort((a, b) => a - b);
console.log(
  `  median ${(sorted[Math.floor(sorted.length / 2)] ?? 0).toFixed(1)} s · max ${(sorted.at(-1) ?? 0).toFixed(1)} s`,
);
const report = join(WORK, "results.json");
writeFileSync(report, JSON.stringify(outcomes, null, 1));
console.log(`\nFull results: ${report}`);
