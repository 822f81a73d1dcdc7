/**
 * What a creator waits for: the whole command, `node dist/index.js compose …`, from a fresh process to the
 * files on disk — plan, compose, render (workers started while composing), master, the WAV, MP3 and MIDI of
 * the mix, five WAV stems and the pictures — next to FluidSynth rendering the MIDI that command wrote, with
 * the same GM SoundFont. Peak memory is the command's process: the high-water mark (VmHWM) /proc keeps, read
 * until it exits. A 10-minute piece shows the memory a long track takes, the way a user makes it.
 *
 *   npx tsx bench/command-line.ts      (needs dist/: npm run build)
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");
const ENTRY = join(ROOT, "dist/index.js");
const SOUNDFONT = "/usr/share/sounds/sf2/FluidR3_GM.sf2";
const RUNS = 3;
interface Case {
  name: string;
  brief: string;
  args: string[];
  /** Fresh processes to take the median of (default RUNS). */
  runs?: number;
  /** Time FluidSynth on the command's MIDI (default true). */
  fluid?: boolean;
}

const CASES: Case[] = [
  { name: "house 90 s + stems", brief: "an energetic house track", args: ["--duration", "90", "--stems"] },
  {
    name: "orchestral 90 s + stems",
    brief: "an epic orchestral cue with strings and horns",
    args: ["--duration", "90", "--stems"],
  },
  {
    // the heaviest long piece: every orchestral family, the SoundFont where one is installed
    name: "epic orchestral 10 min",
    brief: "epic orchestral trailer with choir, strings, brass, piano, harp and taiko",
    args: ["--duration", "600"],
    runs: 1,
    fluid: false,
  },
];

/** The process's peak resident memory so far (MB). */
function peakResidentMb(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** One run of the command: wall seconds, peak RSS (MB), and the MIDI file it wrote. */
async function once(
  brief: string,
  args: string[],
  dir: string,
): Promise<{ seconds: number; peakMb: number; midi?: string }> {
  const out = join(dir, "out");
  const env = { ...process.env, COMPOSER_OUTPUT_DIR: out, COMPOSER_DATA_DIR: join(dir, "data"), HOME: dir };
  const t0 = performance.now();
  const child = spawn(process.execPath, [ENTRY, "compose", brief, ...args, "--seed", "42", "--quiet"], {
    env,
    stdio: "ignore",
  });
  let peakMb = 0;
  const timer = setInterval(() => {
    if (child.pid) peakMb = Math.max(peakMb, peakResidentMb(child.pid));
  }, 20);
  const code = await new Promise<number | null>((r) => child.on("exit", r));
  clearInterval(timer);
  const seconds = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`compose exited with ${code}`);
  const midi = readdirSync(out).find((f) => f.endsWith(".mid"));
  return { seconds, peakMb, ...(midi ? { midi: join(out, midi) } : {}) };
}

function fluidSeconds(midi: string, dir: string): number | undefined {
  if (!existsSync(SOUNDFONT) || spawnSync("fluidsynth", ["--version"]).status !== 0) return undefined;
  const t0 = performance.now();
  const r = spawnSync("fluidsynth", ["-ni", "-F", join(dir, "fluid.wav"), "-r", "44100", SOUNDFONT, midi], {
    stdio: "ignore",
  });
  return r.status === 0 ? (performance.now() - t0) / 1000 : undefined;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

if (!existsSync(ENTRY)) {
  console.log("no dist/index.js: run npm run build first");
  process.exit(0);
}
console.log(`the whole command (wav, mp3, mid, pictures; five stems where named), median of ${RUNS} fresh processes`);
for (const c of CASES) {
  const runs: { seconds: number; peakMb: number }[] = [];
  const fluid: number[] = [];
  for (let i = 0; i < (c.runs ?? RUNS); i++) {
    const dir = mkdtempSync(join(tmpdir(), "composer-bench-cli-"));
    try {
      const run = await once(c.brief, c.args, dir);
      runs.push(run);
      const f = run.midi && c.fluid !== false ? fluidSeconds(run.midi, dir) : undefined;
      if (f !== undefined) fluid.push(f);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const s = median(runs.map((r) => r.seconds));
  const f = fluid.length > 0 ? median(fluid) : undefined;
  const vs =
    f !== undefined
      ? `; FluidSynth renders its MIDI in ${f.toFixed(2)} s (the command takes ${(s / f).toFixed(2)}×)`
      : "";
  const single = runs.length === 1 ? " (one run)" : "";
  console.log(
    `  ${c.name.padEnd(26)} ${s.toFixed(2)} s, peak ${median(runs.map((r) => r.peakMb)).toFixed(0)} MB${vs}${single}`,
  );
}
