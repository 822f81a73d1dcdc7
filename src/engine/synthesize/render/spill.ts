/**
 * A long render's output on disk while it renders. The windows write their finished blocks to a scratch file
 * instead of to buffers the size of the piece; once the workers have ended and the note bank is garbage, the
 * file is read back into the shared buffers mastering works on. The whole mix and the note bank are then
 * never resident together — the moment a 10-minute piece's memory used to peak (~210 MB of mix beside
 * ~50 MB of SoundFont notes). The file's pages sit in the page cache, which the system may reclaim; so it
 * belongs on a disk (the caller's data folder), not in a memory-backed /tmp.
 *
 *   window ─▶ SpillWriter (a chunk per channel) ─▶ scratch file: one plane of Float32 samples per channel
 *   main, after the render: scratch file ─▶ readSpill ─▶ one SharedArrayBuffer per channel ─▶ file removed
 */
import { randomBytes } from "node:crypto";
import {
  closeSync,
  ftruncateSync,
  openSync,
  readdirSync,
  readSync,
  rmSync,
  statfsSync,
  statSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { isProcessRunning } from "../../dsp/processes.js";
import { ComposerError, type Role } from "../../types.js";
import type { SharedStereo } from "./protocol.js";

/** What a plane holds: the mix, or one role's stem. */
export type SpillOutput = Role | "mix";

export interface SpillLayout {
  file: string;
  /** Samples per channel. */
  frames: number;
  /** Output k's left channel is plane 2k, its right 2k + 1. */
  outputs: SpillOutput[];
}

const BYTES = 4;
/** Samples a channel gathers before one write (128 KB): few system calls, a few MB a worker at most. */
export const CHUNK = 32768;

/** Scratch files not yet removed: a process that exits mid-render removes them on the way out. */
const live = new Set<string>();
let exitHooked = false;

/** Space a scratch file leaves free on its disk (it is sparse: the space is taken as the windows write). */
const SPARE_BYTES = 256 * 1024 * 1024;

/**
 * A sparse scratch file for `outputs` of `frames` samples in `dir`; undefined when it cannot be made there or
 * the disk lacks the room for it (the render then keeps its output in memory, as a short piece does).
 */
export function createSpill(dir: string, frames: number, outputs: SpillOutput[]): SpillLayout | undefined {
  removeOrphans(dir);
  const size = outputs.length * 2 * frames * BYTES;
  try {
    const disk = statfsSync(dir);
    if (disk.bavail * disk.bsize < size + SPARE_BYTES) return undefined;
  } catch {
    return undefined;
  }
  const file = join(dir, `${PREFIX}${process.pid}-${randomBytes(6).toString("hex")}.f32`);
  let fd: number;
  try {
    fd = openSync(file, "wx");
  } catch {
    return undefined;
  }
  try {
    ftruncateSync(fd, size);
  } catch {
    closeSync(fd);
    removeQuietly(file);
    return undefined;
  }
  closeSync(fd);
  if (!exitHooked) {
    exitHooked = true;
    process.once("exit", () => {
      for (const f of live) removeQuietly(f);
    });
  }
  live.add(file);
  return { file, frames, outputs };
}

const PREFIX = "composer-render-";
const SCRATCH_NAME = /^composer-render-(\d+)-[0-9a-f]+\.f32$/;
/** A scratch file untouched this long, of a process that is not running, was left by a render that died. */
const ORPHAN_AFTER_MS = 15 * 60 * 1000;

/**
 * Scratch files of renders that died (the process was killed, so its exit hook never ran). A file counts as
 * one when no running process on this host owns it — or this process does but no longer uses it (a restarted
 * server can get a dead one's pid) — and nothing has written to it for a while (a process in another pid
 * namespace sharing the folder looks dead here, but its render keeps writing).
 */
function removeOrphans(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const now = Date.now();
  for (const name of names) {
    const pid = Number(SCRATCH_NAME.exec(name)?.[1]);
    if (!(pid > 0)) continue;
    const file = join(dir, name);
    if (pid === process.pid ? live.has(file) : isProcessRunning(pid)) continue;
    try {
      if (now - statSync(file).mtimeMs < ORPHAN_AFTER_MS) continue;
    } catch {
      continue;
    }
    removeQuietly(file);
  }
}

/** A file another user owns in a shared folder cannot be removed: that must not fail a render. */
function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // left for its owner
  }
}

export function removeSpill(layout: SpillLayout): void {
  removeQuietly(layout.file);
  live.delete(layout.file);
}

/** The file's planes read into one shared buffer per channel, by output. */
export function readSpill(layout: SpillLayout): Map<SpillOutput, SharedStereo> {
  const fd = openSync(layout.file, "r");
  const bytes = layout.frames * BYTES;
  const plane = (p: number) => {
    const buffer = new SharedArrayBuffer(bytes);
    const view = new Uint8Array(buffer);
    for (let at = 0; at < bytes; ) {
      const got = readSync(fd, view, at, bytes - at, p * bytes + at);
      if (got <= 0) throw new ComposerError("INTERNAL", `The render's scratch file ${layout.file} ended early.`);
      at += got;
    }
    return buffer;
  };
  try {
    return new Map(layout.outputs.map((o, k) => [o, { left: plane(2 * k), right: plane(2 * k + 1) }]));
  } finally {
    closeSync(fd);
  }
}

/**
 * A window's writer: each channel gathers contiguous samples into its chunk and writes it out when full, when
 * the next samples are not contiguous, or at `close`. Writes nothing after a failure (the render fails with it).
 */
export class SpillWriter {
  private readonly fd: number;
  private readonly chunks: Float32Array[];
  private readonly starts: number[];
  private readonly filled: number[];

  constructor(private readonly layout: SpillLayout) {
    this.fd = openSync(layout.file, "r+");
    const planes = layout.outputs.length * 2;
    this.chunks = Array.from({ length: planes }, () => new Float32Array(CHUNK));
    this.starts = new Array<number>(planes).fill(0);
    this.filled = new Array<number>(planes).fill(0);
  }

  /** The plane of an output's left channel (its right is the next), or −1 when the file holds no such output. */
  planeOf(output: SpillOutput): number {
    const k = this.layout.outputs.indexOf(output);
    return k < 0 ? -1 : 2 * k;
  }

  /** Samples [from, n) of `src` to plane `p` at sample t + from. */
  put(p: number, src: Float32Array, t: number, from: number, n: number): void {
    const at = t + from;
    const count = n - from;
    let filled = this.filled[p]!;
    if (filled > 0 && (at !== this.starts[p]! + filled || filled + count > CHUNK)) {
      this.flush(p);
      filled = 0;
    }
    if (filled === 0) this.starts[p] = at;
    const chunk = this.chunks[p]!;
    if (from === 0 && n === src.length) chunk.set(src, filled);
    else for (let i = from; i < n; i++) chunk[filled + i - from] = src[i]!;
    this.filled[p] = filled + count;
  }

  /** Writes what every channel has gathered (unless `flush` is false) and closes the file. */
  close(flush = true): void {
    try {
      if (flush) for (let p = 0; p < this.chunks.length; p++) this.flush(p);
    } finally {
      closeSync(this.fd);
    }
  }

  private flush(p: number): void {
    const count = this.filled[p]!;
    if (count === 0) return;
    const chunk = this.chunks[p]!;
    const bytes = new Uint8Array(chunk.buffer, 0, count * BYTES);
    const position = (p * this.layout.frames + this.starts[p]!) * BYTES;
    try {
      for (let at = 0; at < bytes.length; ) {
        at += writeSync(this.fd, bytes, at, bytes.length - at, position + at);
      }
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      throw new Error(
        `could not write the render's scratch file ${this.layout.file} (${reason}); free some disk space`,
      );
    }
    this.filled[p] = 0;
  }
}
