/**
 * Render benchmark: a 90 s electronic piece, a 90 s orchestral piece (built-in and SoundFont), a 10-minute
 * ambient piece (plus 150 s of it, to show time grows linearly with length) and a 10-minute orchestral piece
 * through the SoundFont. Each case runs in its own process (bare node running bench/render-case.mjs) so peak
 * RSS is its own — with any child process it starts (a long piece's SoundFont notes), sampled together. Prints
 * wall time, real-time factor, CPU time, peak RSS, loudness and true peak, and FluidSynth rendering the same
 * score's MIDI with the same GM SoundFont for comparison.
 * The short cases render five times in a process: the first is a cold process; the second, and the median of
 * the next three, are what a running server sees. The "server" case's first render is a server's first track:
 * its workers started two seconds before and rehearsed, as a server's do. They run in `SHORT_RUNS` processes:
 * each figure is the median over them (the run with the median cold total, and the median FluidSynth time),
 * as this machine's speed drifts.
 *
 *   npx tsx bench/render.ts            (uses dist/ when built — the shipped code — else src/)
 *   npx tsx bench/render.ts --src      (force the TypeScript sources)
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";

interface Case {
  name: string;
  brief: string;
  seconds: number;
  soundfont?: boolean;
  stems: boolean;
  /** A server's first track: its workers started a while before and rehearsed (render/rehearsal.ts). */
  rehearsed?: boolean;
}

const CASES: Case[] = [
  { name: "electronic 90 s", brief: "an energetic house track", seconds: 90, stems: true },
  {
    name: "electronic 90 s, server",
    brief: "an energetic house track",
    seconds: 90,
    stems: true,
    rehearsed: true,
  },
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
  // the SoundFont path is the default wherever a GM bank is installed: its long pieces must fit too
  {
    name: "orchestral 10 min (SoundFont)",
    brief: "an epic orchestral cue with strings and horns",
    seconds: 600,
    stems: false,
    soundfont: true,
  },
];

/** Processes per short case (a 10-minute case runs once). */
const SHORT_RUNS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

// biome-ignore lint/suspicious/noExplicitAny: the case's JSON line
type CaseResult = any;

/** The case in `runs` fresh processes: the run with the median cold total, with the median FluidSynth time. */
function runCase(c: Case, useSrc: boolean, runs: number): CaseResult | string {
  const results: CaseResult[] = [];
  for (let r = 0; r < runs; r++) {
    const out = spawnSync(
      process.execPath,
      [
        ...(useSrc ? ["--import", "tsx"] : []),
        join(import.meta.dirname, "render-case.mjs"),
        JSON.stringify(c),
        ...(useSrc ? ["--src"] : []),
      ],
      { encoding: "utf8", maxBuffer: 1 << 24 },
    );
    const line = out.stdout.trim().split("\n").at(-1);
    if (out.status !== 0 || !line) return out.stderr.slice(-2000);
    results.push(JSON.parse(line));
  }
  const byTotal = [...results].sort((a, b) => a.totalS - b.totalS);
  const chosen = byTotal[Math.floor((byTotal.length - 1) / 2)];
  const fluid = results.map((x) => x.fluidS).filter((f): f is number => f !== null);
  return { ...chosen, fluidS: fluid.length > 0 ? median(fluid) : null, runs };
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
    const c = CASES[i]!;
    const x = runCase(c, useSrc, c.seconds <= 150 ? SHORT_RUNS : 1);
    if (typeof x === "string") {
      console.log(`${c.name}: failed\n${x}`);
      continue;
    }
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
    if (i === 0) console.log(`  (code from ${x.code}; engine ${x.engine})`);
    if (x.runs > 1) console.log(`  (median of ${x.runs} fresh processes, FluidSynth's time too)`);
    if (x.warm) {
      const w = x.warm;
      console.log(
        `  second render in the same process: render ${w.renderS.toFixed(2)} master ${w.masterS.toFixed(2)} total ${w.totalS.toFixed(2)} s = ${(x.seconds / w.totalS).toFixed(1)}× RT, cpu ${w.cpuS.toFixed(2)} s${x.fluidS === null ? "" : `, ${(x.fluidS / w.totalS).toFixed(2)}× faster than FluidSynth`}`,
      );
    }
    if (x.steady) {
      const w = x.steady;
      console.log(
        `  third to fifth render (median): render ${w.renderS.toFixed(2)} master ${w.masterS.toFixed(2)} total ${w.totalS.toFixed(2)} s = ${(x.seconds / w.totalS).toFixed(1)}× RT, cpu ${w.cpuS.toFixed(2)} s${x.fluidS === null ? "" : `, ${(x.fluidS / w.totalS).toFixed(2)}× faster than FluidSynth`}`,
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

parent(process.argv.slice(2).includes("--src"));
