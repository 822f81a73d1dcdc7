/**
 * A long render keeps its output in a scratch file until its note bank is gone (render/spill.ts). What comes
 * back from the file must be the very samples the windows would have written to memory, the file must be gone
 * when renderStems returns (finished, failed or cancelled), and a folder that cannot take the file must leave
 * the render in memory rather than fail it.
 */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closeRenderWorkers, DEFAULTS, renderStems } from "../../../../src/engine/synthesize/index.js";
import { bankOf, energiesOf, synthesizeShare } from "../../../../src/engine/synthesize/render/note-bank.js";
import { BLOCK } from "../../../../src/engine/synthesize/render/part.js";
import { targetOf } from "../../../../src/engine/synthesize/render/protocol.js";
import { CHUNK, createSpill, readSpill, removeSpill } from "../../../../src/engine/synthesize/render/spill.js";
import { renderWindow } from "../../../../src/engine/synthesize/render/window.js";
import { ComposerError, ROLES } from "../../../../src/engine/types.js";
import { fixtureScore } from "./score-fixture.js";

const SR = 44100;
const dirs: string[] = [];
const scratch = () => {
  const d = mkdtempSync(join(tmpdir(), "composer-spill-test-"));
  dirs.push(d);
  return d;
};

afterAll(() => {
  closeRenderWorkers();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function sameSamples(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let differing = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) differing++;
  return differing;
}

describe("render scratch file", () => {
  const score = fixtureScore({ durationSeconds: 16, style: "house" });
  const n = 16 * SR;
  const roles = ROLES.filter((r) => score.parts.some((p) => p.role === r));
  const scope = { score, sampleRate: SR, roles: [...roles] };
  const shares = [synthesizeShare(scope, 0, 1)!];
  const bank = { bank: bankOf(shares), energies: energiesOf(shares) };
  // two windows, the second starting off a chunk's boundary and pre-rolling into the first's samples
  const joins = [0, 7 * BLOCK * 97, n];

  it("gives back, plane by plane, exactly what two windows write to memory", () => {
    const memory = {
      outputs: Object.fromEntries(roles.map((r) => [r, { left: new Float32Array(n), right: new Float32Array(n) }])),
      mix: { left: new Float32Array(n), right: new Float32Array(n) },
    };
    const layout = createSpill(scratch(), n, ["mix", ...roles])!;
    expect(layout).toBeDefined();
    for (let w = 0; w < 2; w++) {
      const job = { ...scope, ...bank, start: joins[w]!, end: joins[w + 1]! };
      renderWindow(job, memory);
      renderWindow(job, targetOf({ outputs: {}, spill: layout }));
    }
    const planes = readSpill(layout);
    expect([...planes.keys()]).toEqual(["mix", ...roles]);
    let energy = 0;
    for (const [output, stereo] of planes) {
      const want = output === "mix" ? memory.mix : memory.outputs[output]!;
      expect(sameSamples(new Float32Array(stereo.left), want.left)).toBe(0);
      expect(sameSamples(new Float32Array(stereo.right), want.right)).toBe(0);
      for (const x of want.left) energy += x * x;
    }
    expect(energy).toBeGreaterThan(0);
    removeSpill(layout);
    expect(existsSync(layout.file)).toBe(false);
  });

  it("writes nothing a failed window gathered after its last full chunk, and reports a file cut short", () => {
    const layout = createSpill(scratch(), n, ["mix"])!;
    const target = targetOf({ outputs: {}, spill: layout });
    let failedAt = 0;
    const job = {
      ...scope,
      ...bank,
      start: 0,
      end: n,
      onProgress: (f: number) => {
        if (f < 0.6) return;
        failedAt = Math.floor(f * n);
        throw new Error("stopped part-way");
      },
    };
    expect(() => renderWindow(job, target)).toThrow("stopped part-way");
    const left = new Float32Array(readSpill(layout).get("mix")!.left);
    // a chunk is written when the next samples no longer fit in it
    const flushed = Math.floor((failedAt - 1) / CHUNK) * CHUNK;
    expect(flushed).toBeGreaterThan(0);
    expect(failedAt - flushed).toBeGreaterThan(BLOCK);
    // the full chunks were written; what was gathered since is not (the sparse file reads back as silence)
    expect(left.subarray(flushed - CHUNK, flushed).some((x) => x !== 0)).toBe(true);
    expect(left.subarray(flushed).every((x) => x === 0)).toBe(true);
    removeSpill(layout);
    const short = createSpill(scratch(), n, ["mix"])!;
    truncateSync(short.file, 1000);
    expect(() => readSpill(short)).toThrow(/ended early/);
    removeSpill(short);
  });

  it("removes the scratch files of renders that died, and keeps those of processes that run or write", () => {
    const dir = scratch();
    // a process that has ended: a child that ran and exited
    const ended = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
      encoding: "utf8",
    });
    const name = (pid: number | string, id: string) => join(dir, `composer-render-${pid}-${id}.f32`);
    const orphan = name(ended.stdout, "aa01");
    // this process's own pid, not in use by it (a restarted server can be given a dead one's pid)
    const ownOrphan = name(process.pid, "aa02");
    const running = name(process.ppid, "aa03");
    // a dead pid whose file was written a moment ago: a process in another pid namespace, still rendering
    const fresh = name(ended.stdout, "aa04");
    // a foreign folder, not a scratch file, however old: never touched
    const unrelated = join(dir, "composer-render-notes");
    // an orphan that cannot be removed (as another user's in a shared /tmp): the render goes on regardless
    const stuck = name(ended.stdout, "aa05");
    const old = (Date.now() - 60 * 60 * 1000) / 1000;
    for (const f of [orphan, ownOrphan, running, fresh, unrelated, stuck]) {
      if (f === unrelated || f === stuck) mkdirSync(f);
      else writeFileSync(f, "x");
      if (f !== fresh) utimesSync(f, old, old);
    }
    const layout = createSpill(dir, 10, ["mix"])!;
    expect(layout).toBeDefined();
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(ownOrphan)).toBe(false);
    expect(existsSync(running)).toBe(true);
    expect(existsSync(fresh)).toBe(true);
    expect(existsSync(unrelated)).toBe(true);
    // the new file is this process's and in use: a second render in the folder leaves it alone
    utimesSync(layout.file, old, old);
    removeSpill(createSpill(dir, 10, ["mix"])!);
    expect(existsSync(layout.file)).toBe(true);
    removeSpill(layout);
    expect(existsSync(layout.file)).toBe(false);
  });

  it("is not made on a disk without room for it", () => {
    // more samples than any disk holds
    expect(createSpill(scratch(), 2 ** 50, ["mix"])).toBeUndefined();
  });

  it("is not made where no file can be written", () => {
    expect(createSpill(join(scratch(), "no", "such", "folder"), n, ["mix"])).toBeUndefined();
  });
});

describe("a long render through its scratch file", () => {
  const seconds = DEFAULTS.spillSeconds + 5;
  const score = fixtureScore({ durationSeconds: seconds, style: "ambient" });

  it("renders the same mix as from memory, and leaves the folder as it found it", async () => {
    const dir = scratch();
    let filesWhileRendering = 0;
    const spilled = await renderStems(score, {
      sampleRate: SR,
      stems: false,
      scratchDir: dir,
      onProgress: () => {
        filesWhileRendering = Math.max(filesWhileRendering, readdirSync(dir).length);
      },
    });
    expect(filesWhileRendering).toBe(1);
    expect(readdirSync(dir)).toEqual([]);
    // a folder that cannot take the file: the render stays in memory
    const inMemory = await renderStems(score, { sampleRate: SR, stems: false, scratchDir: join(dir, "missing") });
    expect(spilled.mix!.left.length).toBe(Math.round(seconds * SR));
    expect(sameSamples(spilled.mix!.left, inMemory.mix!.left)).toBe(0);
    expect(sameSamples(spilled.mix!.right, inMemory.mix!.right)).toBe(0);
    expect(spilled.analysis).toBeDefined();
    let energy = 0;
    for (const x of spilled.mix!.left) energy += x * x;
    expect(energy).toBeGreaterThan(0);
  }, 120_000);

  it("removes the file when the render is cancelled", async () => {
    const dir = scratch();
    const controller = new AbortController();
    const rendering = renderStems(score, {
      sampleRate: SR,
      stems: false,
      scratchDir: dir,
      signal: controller.signal,
      onProgress: (f) => {
        if (f > 0.5) controller.abort();
      },
    });
    await expect(rendering).rejects.toBeInstanceOf(ComposerError);
    expect(readdirSync(dir)).toEqual([]);
  }, 120_000);
});
