/**
 * One case of the render benchmark (bench/render.ts runs each in its own process). Plain JavaScript, so the
 * compiled engine is measured under a bare `node` — no TypeScript loader in the memory figures. With `--src`
 * the parent starts it under tsx to measure the sources instead.
 *
 *   node bench/render-case.mjs '<case json>' [--src]
 */
import { spawnSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = resolve(import.meta.dirname, "..");
const SOUNDFONT = "/usr/share/sounds/sf2/FluidR3_GM.sf2";
const SR = 44100;

async function engine(useSrc, rehearse) {
  const base = !useSrc && existsSync(join(ROOT, "dist/engine/synthesize/index.js")) ? "dist/engine" : "src/engine";
  const ext = base.startsWith("dist") ? "js" : "ts";
  const load = (p) => import(pathToFileURL(join(ROOT, `${base}/${p}.${ext}`)).href);
  // as the command line and the server do: the render workers start before the engine's code loads (and, as
  // the server's do, they rehearse when the case stands for a server's first track)
  (await load("synthesize/render/pool")).warmWorkers(undefined, { rehearse });
  return {
    base,
    synth: await load("synthesize/index"),
    master: await load("master/index"),
    encode: await load("encode/index"),
    midi: await load("encode/midi"),
    plan: await load("plan/index"),
    compose: await load("compose/index"),
  };
}

async function once(c, e, score) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const stems = await e.synth.renderStems(score, {
    sampleRate: SR,
    stems: c.stems,
    soundfont: c.soundfont ? SOUNDFONT : undefined,
  });
  const t1 = performance.now();
  // as the product does: the render's idle workers finish the stems while the master finishes the mix
  const mastered = e.master.masterTrack(stems, score, { lufs: score.lufs, helpers: e.synth.masterHelpers?.() });
  const t2 = performance.now();
  const midi = e.midi.scoreToMidi(score);
  // the WAV streams to a file in chunks, as the product writes it
  const dir = mkdtempSync(join(tmpdir(), "composer-bench-wav-"));
  const fd = openSync(join(dir, "mix.wav"), "w");
  let wavBytes = 0;
  for (const chunk of e.encode.encodeAudioChunks(mastered.mix, "wav", { title: score.title }) ?? []) {
    writeSync(fd, chunk);
    wavBytes += chunk.length;
  }
  closeSync(fd);
  rmSync(dir, { recursive: true, force: true });
  // the files are written: as generate_track does, the buffers go back for the next render
  e.synth.recycleRender?.(stems);
  const t3 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  return {
    timing: {
      renderS: (t1 - t0) / 1000,
      masterS: (t2 - t1) / 1000,
      midiWavS: (t3 - t2) / 1000,
      totalS: (t3 - t0) / 1000,
      cpuS: (cpu.user + cpu.system) / 1e6,
    },
    lufs: mastered.integratedLufs,
    truePeak: mastered.truePeakDbtp,
    wavBytes,
    midi,
    engine: stems.engine,
  };
}

/** Resident KB of a process, from /proc (0 where there is none). */
function residentKb(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * This process and its children together, sampled: a long piece's SoundFont notes come from a child process
 * (its memory is its own, so the process's maxRSS alone would leave it out).
 */
function watchFamilyRss() {
  let peakKb = 0;
  const sample = () => {
    let kb = residentKb(process.pid);
    try {
      for (const tid of readdirSync("/proc/self/task")) {
        const kids = readFileSync(`/proc/self/task/${tid}/children`, "utf8").trim();
        for (const kid of kids ? kids.split(/\s+/) : []) kb += residentKb(kid);
      }
    } catch {}
    peakKb = Math.max(peakKb, kb);
  };
  const timer = setInterval(sample, 20);
  return () => {
    clearInterval(timer);
    sample();
    return (peakKb * 1024) / 1e6;
  };
}

const c = JSON.parse(process.argv[2]);
const useSrc = process.argv.includes("--src");
const e = await engine(useSrc, c.rehearsed === true);
const { plan } = e.plan.interpret(c.brief, { overrides: { durationSeconds: c.seconds, seed: 42 } });
// as generate_track does: the render's workers start while the score is composed
e.synth.prepareRender?.(plan.durationSeconds);
const score = e.compose.compose(plan);
// a server's first track comes after its workers have rehearsed (a bar, ~0.3 s on 2 cores)
if (c.rehearsed) await new Promise((r) => setTimeout(r, 2000));
const family = watchFamilyRss();
const cold = await once(c, e, score);
const peakRssMb = Math.max((process.resourceUsage().maxRSS * 1024) / 1e6, family());
// a server renders track after track: the second render in the same process, then (the code fully
// optimised) the median of three more
const warm = c.seconds <= 150 ? await once(c, e, score) : undefined;
const later = [];
for (let r = 0; warm && r < 3; r++) later.push((await once(c, e, score)).timing);
later.sort((a, b) => a.totalS - b.totalS);
const steady = later[1] ?? null;
const dir = mkdtempSync(join(tmpdir(), "composer-bench-"));
const midPath = join(dir, "score.mid");
writeFileSync(midPath, cold.midi);
let fluid = null;
if (existsSync(SOUNDFONT) && spawnSync("fluidsynth", ["--version"]).status === 0) {
  const f0 = performance.now();
  const r = spawnSync("fluidsynth", ["-ni", "-F", join(dir, "fluid.wav"), "-r", String(SR), SOUNDFONT, midPath], {
    stdio: "ignore",
  });
  if (r.status === 0) fluid = (performance.now() - f0) / 1000;
}
rmSync(dir, { recursive: true, force: true });
const result = {
  name: c.name,
  code: e.base,
  engine: cold.engine,
  seconds: score.duration,
  ...cold.timing,
  warm: warm ? warm.timing : null,
  steady,
  peakRssMb,
  lufs: cold.lufs,
  targetLufs: score.lufs,
  truePeak: cold.truePeak,
  wavBytes: cold.wavBytes,
  fluidS: fluid,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
