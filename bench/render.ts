/**
 * Render benchmark: a 90 s electronic piece, a 90 s orchestral piece (built-in and SoundFont), and a
 * 10-minute ambient piece (plus 150 s of it, to show time grows linearly with length). Each case runs in
 * its own process so peak RSS is its own. Prints wall time, real-time factor, CPU time, peak RSS, loudness
 * and true peak, and FluidSynth rendering the same score's MIDI with the same GM SoundFont for comparison.
 * The short cases render twice: the first is a cold process; the second is what a running server sees.
 *
 *   npx tsx bench/render.ts            (uses dist/ when built — the shipped code — else src/)
 *   npx tsx bench/render.ts --src      (force the TypeScript sources)
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Score } from "../src/engine/types.js";

const ROOT = resolve(import.meta.dirname, "..");
const SOUNDFONT = "/usr/share/sounds/sf2/FluidR3_GM.sf2";
const SR = 44100;

interface Case {
  name: string;
  brief: string;
  seconds: number;
  soundfont?: boolean;
  stems: boolean;
}

const CASES: Case[] = [
  { name: "electronic 90 s", brief: "an energetic house track", seconds: 90, stems: true },
  { name: "orchestral 90 s", brief: "an epic orchestral cue with strings and horns", seconds: 90, stems: true },
  {
    name: "orchestral 90 s (SoundFont)",
    brief: "an epic orchestral cue with strings and horns",
    seconds: 90,
    stems: true,
    soundfont: true,
  },
  { name: "ambient 150 s", brief: "a calm ambient piece", seconds: 150, stems: false },
  { name: "ambient 10 min", brief: "a calm ambient piece", seconds: 600, stems: false },
];

async function engine(useSrc: boolean) {
  const base = !useSrc && existsSync(join(ROOT, "dist/engine/synthesize/index.js")) ? "dist/engine" : "src/engine";
  const ext = base.startsWith("dist") ? "js" : "ts";
  const load = (p: string) => import(pathToFileURL(join(ROOT, `${base}/${p}.${ext}`)).href);
  return {
    base,
    synth: (await load("synthesize/index")) as typeof import("../src/engine/synthesize/index.js"),
    master: (await load("master/index")) as typeof import("../src/engine/master/index.js"),
    encode: (await load("encode/index")) as typeof import("../src/engine/encode/index.js"),
    midi: (await load("encode/midi")) as typeof import("../src/engine/encode/midi.js"),
    plan: (await load("plan/index")) as typeof import("../src/engine/plan/index.js"),
    compose: (await load("compose/index")) as typeof import("../src/engine/compose/index.js"),
  };
}

async function scoreFor(c: Case, e: Awaited<ReturnType<typeof engine>>): Promise<{ score: Score; source: string }> {
  try {
    const { plan } = e.plan.interpret(c.brief, { overrides: { durationSeconds: c.seconds, seed: 42 } });
    return { score: e.compose.compose(plan), source: "compose()" };
  } catch {
    const f = await import("../test/unit/engine/synthesize/score-fixture.js");
    const make = c.brief.includes("house")
      ? f.electronicScore
      : c.brief.includes("orchestral")
        ? f.orchestralScore
        : f.ambientScore;
    return { score: make(c.seconds), source: "fixture" };
  }
}

interface Timing {
  renderS: number;
  masterS: number;
  midiWavS: number;
  totalS: number;
  cpuS: number;
}

async function once(
  c: Case,
  e: Awaited<ReturnType<typeof engine>>,
  score: Score,
): Promise<Timing & { lufs: number; truePeak: number; wav: Uint8Array; midi: Uint8Array; engine: string }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const stems = await e.synth.renderStems(score, {
    sampleRate: SR,
    stems: c.stems,
    soundfont: c.soundfont ? SOUNDFONT : undefined,
  });
  const t1 = performance.now();
  const mastered = e.master.masterTrack(stems, score, { lufs: score.lufs });
  const t2 = performance.now();
  const midi = e.midi.scoreToMidi(score);
  const wav = await e.encode.encodeAudio(mastered.mix, "wav", { title: score.title });
  const t3 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  return {
    renderS: (t1 - t0) / 1000,
    masterS: (t2 - t1) / 1000,
    midiWavS: (t3 - t2) / 1000,
    totalS: (t3 - t0) / 1000,
    cpuS: (cpu.user + cpu.system) / 1e6,
    lufs: mastered.integratedLufs,
    truePeak: mastered.truePeakDbtp,
    wav,
    midi,
    engine: stems.engine,
  };
}

async function child(index: number, useSrc: boolean): Promise<void> {
  const c = CASES[index]!;
  const e = await engine(useSrc);
  const { score, source } = await scoreFor(c, e);
  const cold = await once(c, e, score);
  const peakRssMb = (process.resourceUsage().maxRSS * 1024) / 1e6;
  // a server renders track after track: the second render of the same process shows the steady state
  const warm = c.seconds <= 150 ? await once(c, e, score) : undefined;
  const dir = mkdtempSync(join(tmpdir(), "composer-bench-"));
  const midPath = join(dir, "score.mid");
  writeFileSync(midPath, cold.midi);
  let fluid: number | null = null;
  if (existsSync(SOUNDFONT) && spawnSync("fluidsynth", ["--version"]).status === 0) {
    const f0 = performance.now();
    const r = spawnSync("fluidsynth", ["-ni", "-F", join(dir, "fluid.wav"), "-r", String(SR), SOUNDFONT, midPath], {
      stdio: "ignore",
    });
    if (r.status === 0) fluid = (performance.now() - f0) / 1000;
  }
  rmSync(dir, { recursive: true, force: true });
  const pick = ({ renderS, masterS, midiWavS, totalS, cpuS }: Timing): Timing => ({
    renderS,
    masterS,
    midiWavS,
    totalS,
    cpuS,
  });
  const result = {
    name: c.name,
    source,
    code: e.base,
    engine: cold.engine,
    seconds: score.duration,
    ...pick(cold),
    warm: warm ? pick(warm) : null,
    peakRssMb,
    lufs: cold.lufs,
    targetLufs: score.lufs,
    truePeak: cold.truePeak,
    wavBytes: cold.wav.length,
    fluidS: fluid,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function parent(useSrc: boolean): void {
  const load = spawnSync("cat", ["/proc/loadavg"], { encoding: "utf8" }).stdout.trim();
  console.log(`load average before: ${load} (other processes share these cores; CPU time is the steadier figure)`);
  const header = [
    "case".padEnd(30),
    "render".padStart(7),
    "master".padStart(7),
    "total".padStart(7),
    "× RT".padStart(7),
    "cpu s".padStart(7),
    "RSS MB".padStart(7),
    "LUFS".padStart(7),
    "dBTP".padStart(6),
    "fluid s".padStart(8),
    "vs fluid".padStart(9),
  ];
  console.log(header.join(" "));
  const rows: { name: string; totalS: number; seconds: number }[] = [];
  for (let i = 0; i < CASES.length; i++) {
    const r = spawnSync(
      process.execPath,
      [...process.execArgv, import.meta.filename, "--case", String(i), ...(useSrc ? ["--src"] : [])],
      {
        encoding: "utf8",
        maxBuffer: 1 << 24,
      },
    );
    const line = r.stdout.trim().split("\n").at(-1);
    if (r.status !== 0 || !line) {
      console.log(`${CASES[i]!.name}: failed\n${r.stderr.slice(-2000)}`);
      continue;
    }
    const x = JSON.parse(line);
    rows.push(x);
    console.log(
      [
        x.name.padEnd(30),
        x.renderS.toFixed(2).padStart(7),
        x.masterS.toFixed(2).padStart(7),
        x.totalS.toFixed(2).padStart(7),
        (x.seconds / x.totalS).toFixed(1).padStart(7),
        x.cpuS.toFixed(2).padStart(7),
        x.peakRssMb.toFixed(0).padStart(7),
        x.lufs.toFixed(2).padStart(7),
        x.truePeak.toFixed(2).padStart(6),
        (x.fluidS === null ? "—" : x.fluidS.toFixed(2)).padStart(8),
        (x.fluidS === null ? "—" : `${(x.fluidS / x.totalS).toFixed(2)}×`).padStart(9),
      ].join(" "),
    );
    if (i === 0) console.log(`  (scores from ${x.source}; code from ${x.code}; engine ${x.engine})`);
    if (x.warm) {
      const w = x.warm;
      console.log(
        `  second render in the same process: render ${w.renderS.toFixed(2)} master ${w.masterS.toFixed(2)} total ${w.totalS.toFixed(2)} s = ${(x.seconds / w.totalS).toFixed(1)}× RT, cpu ${w.cpuS.toFixed(2)} s${x.fluidS === null ? "" : `, ${(x.fluidS / w.totalS).toFixed(2)}× faster than FluidSynth`}`,
      );
    }
  }
  console.log(
    "targets (issue 5): ≥ 180× real time and ≤ ⅓ of FluidSynth's time (vs fluid ≥ 3.00×) for 90 s with stems; 10 min under 400 MB",
  );
  const short = rows.find((r) => r.name === "ambient 150 s");
  const long = rows.find((r) => r.name === "ambient 10 min");
  if (short && long) {
    console.log(
      `linearity: 10 min / 150 s time ratio ${(long.totalS / short.totalS).toFixed(2)} for a length ratio of ${(long.seconds / short.seconds).toFixed(2)}`,
    );
  }
}

const args = process.argv.slice(2);
const useSrc = args.includes("--src");
const caseAt = args.indexOf("--case");
if (caseAt >= 0) await child(Number(args[caseAt + 1]), useSrc);
else parent(useSrc);
