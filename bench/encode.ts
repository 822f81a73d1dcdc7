/**
 * Encoder benchmark: renders and masters a 90 s electronic piece once, then writes it in every format the
 * built-in encoders make (median wall time of a few runs each), and MP3 and Ogg Vorbis both ways: on this thread
 * alone and in segments on the workers (encode/segments.ts). M4A and raw AAC go through ffmpeg and are left out.
 *
 *   npx tsx bench/encode.ts                 (dist/ when built, else src/)
 *   npx tsx bench/encode.ts --seconds 600   (another length)
 */
import { engineLoader } from "./engine.js";

const args = process.argv.slice(2);
const at = args.indexOf("--seconds");
const seconds = Number(at >= 0 ? args[at + 1] : 90);
const runs = 3;
const { load } = engineLoader(args);

const synth = (await load("synthesize/index")) as typeof import("../src/engine/synthesize/index.js");
const master = (await load("master/index")) as typeof import("../src/engine/master/index.js");
const encode = (await load("encode/index")) as typeof import("../src/engine/encode/index.js");
const lossy = (await load("encode/lossy")) as typeof import("../src/engine/encode/lossy.js");
const segments = (await load("encode/mp3-segments")) as typeof import("../src/engine/encode/mp3-segments.js");
const oggSegments = (await load("encode/ogg-segments")) as typeof import("../src/engine/encode/ogg-segments.js");
const pool = (await load("encode/segments")) as typeof import("../src/engine/encode/segments.js");
const guard = (await load("dsp/peak-guard")) as typeof import("../src/engine/dsp/peak-guard.js");
const plan = (await load("plan/index")) as typeof import("../src/engine/plan/index.js");
const compose = (await load("compose/index")) as typeof import("../src/engine/compose/index.js");

const { plan: p } = plan.interpret("an energetic house track", { overrides: { durationSeconds: seconds, seed: 42 } });
const score = compose.compose(p);
const rendered = await synth.renderStems(score, { sampleRate: 44100, stems: false });
synth.closeRenderWorkers();
const { mix } = master.masterTrack(rendered, score, { lufs: score.lufs });

async function median(fn: () => Promise<number>): Promise<{ seconds: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    bytes = await fn();
    times.push((performance.now() - t0) / 1000);
  }
  times.sort((a, b) => a - b);
  return { seconds: times[Math.floor(runs / 2)]!, bytes };
}

const row = (name: string, r: { seconds: number; bytes: number }) =>
  console.log(
    `${name.padEnd(28)} ${r.seconds.toFixed(2).padStart(6)} s  ${(seconds / r.seconds).toFixed(0).padStart(5)}× real time  ${(r.bytes / 1e6).toFixed(1).padStart(6)} MB`,
  );

console.log(`encoding ${seconds} s of mastered stereo at 44.1 kHz (median of ${runs})\n`);
for (const [format, options] of [
  ["wav", {}],
  ["wav", { bitDepth: 24 }],
  ["flac", {}],
  ["ogg", {}],
  ["mp3", {}],
] as const) {
  const name = `${format}${"bitDepth" in options ? ` ${options.bitDepth}-bit` : ""}`;
  row(
    name,
    await median(async () => (await encode.encodeAudio(mix, format, { title: "bench", ...options })).byteLength),
  );
}
const job = {
  buffer: mix,
  bitrate: 256 as const,
  loop: false,
  gains: guard.peakGuard(mix),
  from: 0,
  to: mix.left.length,
};
row("mp3 frames, one thread", await median(async () => (await lossy.encodeMp3Range(job)).byteLength));
row(
  "mp3 frames, in segments",
  await median(async () => {
    const parts = await segments.encodeMp3InSegments(job);
    if (!parts) throw new Error("segments were not used (one core, or a short piece)");
    return parts.reduce((n, b) => n + b.byteLength, 0);
  }),
);
const oggJob = { ...job, vbrQuality: 5 };
row("ogg stream, one thread", await median(async () => (await lossy.encodeOggRange(oggJob)).byteLength));
row(
  "ogg stream, in segments",
  await median(async () => {
    const bytes = await oggSegments.encodeOggInSegments(oggJob);
    if (!bytes) throw new Error("segments were not used (one core, or a short piece)");
    return bytes.byteLength;
  }),
);
pool.closeEncodeWorkers();
