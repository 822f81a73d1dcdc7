/**
 * A pure-JS reader for the few ISO-BMFF / QuickTime boxes that give duration, frame rate and track kinds
 * when ffprobe is not installed (ISO/IEC 14496-12 §8.2.2 mvhd, §8.4.2 mdhd, §8.4.3 hdlr, §8.6.1.2 stts).
 * Only the top-level box headers and the moov box are read, wherever moov sits in the file.
 */
import { open } from "node:fs/promises";
import { ComposerError, type Seconds } from "../../types.js";

export interface Mp4Track {
  handler: "vide" | "soun" | string;
  durationSeconds: Seconds;
  /** Video: samples (frames) per second from stts; audio: undefined. */
  frameRate: number | undefined;
  sampleCount: number;
}

export interface Mp4Info {
  durationSeconds: Seconds;
  tracks: Mp4Track[];
}

const MAX_MOOV_BYTES = 256 * 1024 * 1024;

function corrupt(why: string): ComposerError {
  return new ComposerError("UNSUPPORTED_FORMAT", `The MP4/MOV file cannot be read: ${why}; it may be truncated.`);
}

interface Box {
  type: string;
  /** Offset of the body (after the header) and its length, relative to the buffer/file. */
  body: number;
  size: number;
}

function* children(view: DataView, start: number, end: number): Generator<Box> {
  let at = start;
  while (at + 8 <= end) {
    let size = view.getUint32(at);
    const type = String.fromCharCode(
      view.getUint8(at + 4),
      view.getUint8(at + 5),
      view.getUint8(at + 6),
      view.getUint8(at + 7),
    );
    let header = 8;
    if (size === 1) {
      if (at + 16 > end) return;
      size = Number(view.getBigUint64(at + 8));
      header = 16;
    } else if (size === 0) size = end - at;
    if (size < header || at + size > end) throw corrupt(`box '${type}' runs past its parent`);
    yield { type, body: at + header, size: size - header };
    at += size;
  }
}

function child(view: DataView, parent: Box, type: string): Box | undefined {
  for (const box of children(view, parent.body, parent.body + parent.size)) if (box.type === type) return box;
  return undefined;
}

/** mvhd/mdhd: version 0 has 32-bit times, version 1 64-bit; returns timescale and duration. */
function timing(view: DataView, box: Box): { timescale: number; duration: number } {
  const version = view.getUint8(box.body);
  if (version === 1) {
    return { timescale: view.getUint32(box.body + 20), duration: Number(view.getBigUint64(box.body + 24)) };
  }
  return { timescale: view.getUint32(box.body + 12), duration: view.getUint32(box.body + 16) };
}

function readTrack(view: DataView, trak: Box): Mp4Track | undefined {
  const mdia = child(view, trak, "mdia");
  const mdhd = mdia && child(view, mdia, "mdhd");
  const hdlr = mdia && child(view, mdia, "hdlr");
  if (!mdia || !mdhd || !hdlr) return undefined;
  const { timescale, duration } = timing(view, mdhd);
  const handler = String.fromCharCode(...new Uint8Array(view.buffer, view.byteOffset + hdlr.body + 8, 4));
  const minf = child(view, mdia, "minf");
  const stbl = minf && child(view, minf, "stbl");
  const stts = stbl && child(view, stbl, "stts");
  let sampleCount = 0;
  let sampleTicks = 0;
  if (stts) {
    const entries = view.getUint32(stts.body + 4);
    for (let i = 0; i < entries && stts.body + 16 + i * 8 <= stts.body + stts.size; i++) {
      const count = view.getUint32(stts.body + 8 + i * 8);
      sampleCount += count;
      sampleTicks += count * view.getUint32(stts.body + 12 + i * 8);
    }
  }
  const durationSeconds = timescale > 0 ? duration / timescale : 0;
  const frameRate = handler === "vide" && sampleTicks > 0 ? (sampleCount * timescale) / sampleTicks : undefined;
  return { handler, durationSeconds, frameRate, sampleCount };
}

/** Finds moov among the top-level boxes (reading headers only) and parses it. */
export async function readMp4Info(path: string): Promise<Mp4Info> {
  const file = await open(path, "r");
  try {
    const { size: fileSize } = await file.stat();
    const header = Buffer.alloc(16);
    let at = 0;
    while (at + 8 <= fileSize) {
      const { bytesRead } = await file.read(header, 0, 16, at);
      if (bytesRead < 8) break;
      let size = header.readUInt32BE(0);
      const type = header.toString("latin1", 4, 8);
      let headerSize = 8;
      if (size === 1) {
        size = Number(header.readBigUInt64BE(8));
        headerSize = 16;
      } else if (size === 0) size = fileSize - at;
      if (size < headerSize) throw corrupt(`top-level box '${type}' has an impossible size`);
      if (type === "moov") {
        if (at + size > fileSize) throw corrupt("its moov box is cut off");
        if (size > MAX_MOOV_BYTES) throw corrupt("its moov box is implausibly large");
        const moov = Buffer.alloc(size - headerSize);
        await file.read(moov, 0, moov.length, at + headerSize);
        return parseMoov(new DataView(moov.buffer, moov.byteOffset, moov.byteLength));
      }
      at += size;
    }
    throw corrupt("it has no moov box");
  } finally {
    await file.close();
  }
}

/** Walks the top-level boxes: a box that claims to run past the end of the file means the file was cut short. */
export async function assertMp4Complete(path: string): Promise<void> {
  const file = await open(path, "r");
  try {
    const { size: fileSize } = await file.stat();
    const header = Buffer.alloc(16);
    let at = 0;
    while (at + 8 <= fileSize) {
      await file.read(header, 0, 16, at);
      let size = header.readUInt32BE(0);
      if (size === 1) size = Number(header.readBigUInt64BE(8));
      else if (size === 0) return;
      if (size < 8) throw corrupt(`top-level box '${header.toString("latin1", 4, 8)}' has an impossible size`);
      if (at + size > fileSize) throw corrupt(`its '${header.toString("latin1", 4, 8)}' box is cut off`);
      at += size;
    }
  } finally {
    await file.close();
  }
}

function parseMoov(view: DataView): Mp4Info {
  const moov: Box = { type: "moov", body: 0, size: view.byteLength };
  const mvhd = child(view, moov, "mvhd");
  if (!mvhd) throw corrupt("its moov box has no mvhd");
  const { timescale, duration } = timing(view, mvhd);
  const tracks: Mp4Track[] = [];
  for (const box of children(view, 0, view.byteLength)) {
    if (box.type !== "trak") continue;
    const track = readTrack(view, box);
    if (track) tracks.push(track);
  }
  const durationSeconds = timescale > 0 ? duration / timescale : Math.max(0, ...tracks.map((t) => t.durationSeconds));
  return { durationSeconds, tracks };
}
