/**
 * Mastering benchmark: renders a 90 s electronic piece with stems once, then masters fresh copies of it
 * several times and prints wall and CPU time per master (median), the loudness it reports against a full
 * BS.1770 re-measure, the true peak, and the stems-vs-mix null. Also times the WAV encode.
 *
 *   npx tsx bench/master.ts                 (dist/ when built, else src/)
 *   npx tsx bench/master.ts --src           (force the TypeScript sources)
 *   npx tsx bench/master.ts --root <dir>    (a build elsewhere: <dir>/engine/...)
 *   npx tsx bench/master.ts --seconds 600   (another length)
 */

import type { RenderedStems, StereoBuffer } from "../src/engine/types.js";
import { engineLoader } from "./engine.js";

const args = process.argv.slice(2);
const arg = (name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const seconds = Number(arg("--seconds") ?? 90);
const runs = Number(arg("--runs") ?? 7);
const { base, load } = engineLoader(args);

const synth = (await load("synthesize/index")) as typeof import("../src/engine/synthesize/index.js");
const master = (await load("master/index")) as typeof import("../src/engine/master/index.js");
const encode = (await load("encode/index")) as typeof import("../src/engine/encode/index.js");
const loudness = (await load("dsp/loudness")) as typeof import("../src/engine/dsp/loudness.js");
const plan = (await load("plan/index")) as typeof import("../src/engine/plan/index.js");
const compose = (await load("compose/index")) as typeof import("../src/engine/compose/index.js");
const types = (await load("types")) as typeof import("../src/engine/types.js");

const { plan: p } = plan.interpret("an energetic house track", { overrides: { durationSeconds: seconds, seed: 42 } });
const score = compose.compose(p);
const rendered = await synth.renderStems(score, { sampleRate: 44100, stems: true });

const copy = (b: StereoBuffer): StereoBuffer => ({
  sampleRate: b.sampleRate,
  left: b.left.slice(),
  right: b.right.slice(),
});
// the master works in place: every run gets its own copy of the mix and stems (the render's measures describe
// them as rendered, and are only read)
const fresh = (): RenderedStems => ({
  ...rendered,
  ...(rendered.mix ? { mix: copy(rendered.mix) } : {}),
  stems: Object.fromEntries(types.ROLES.map((r) => [r, copy(rendered.stems[r])])) as RenderedStems["stems"],
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const walls: number[] = [];
const cpus: number[] = [];
let last: ReturnType<typeof master.masterTrack> | undefined;
for (let i = 0; i < runs; i++) {
  const input = fresh();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  last = master.masterTrack(input, score, { lufs: score.lufs });
  walls.push((performance.now() - t0) / 1000);
  const c = process.cpuUsage(c0);
  cpus.push((c.user + c.system) / 1e6);
}
const m = last!;
const measured = loudness.integratedLoudness(m.mix);
let residual = 0;
let energy = 0;
for (const key of ["left", "right"] as const) {
  const mix = m.mix[key];
  for (let i = 0; i < mix.length; i++) {
    let sum = 0;
    for (const r of types.ROLES) sum += m.stems[r][key][i] ?? 0;
    residual += (sum - mix[i]!) ** 2;
    energy += mix[i]! ** 2;
  }
}
const e0 = performance.now();
const ec0 = process.cpuUsage();
const wav = await encode.encodeAudio(m.mix, "wav", { title: score.title });
const ec = process.cpuUsage(ec0);
const encodeS = (performance.now() - e0) / 1000;
process.stdout.write(
  `${JSON.stringify({
    code: base,
    seconds: score.duration,
    runs,
    masterWallS: median(walls),
    masterCpuS: median(cpus),
    walls: walls.map((w) => Number(w.toFixed(3))),
    reportedLufs: m.integratedLufs,
    remeasuredLufs: measured,
    targetLufs: score.lufs,
    truePeakDbtp: m.truePeakDbtp,
    stemNullDb: 10 * Math.log10(residual / energy + 1e-30),
    wavEncodeWallS: encodeS,
    wavEncodeCpuS: (ec.user + ec.system) / 1e6,
    wavBytes: wav.length,
  })}\n`,
);
