/**
 * A SoundFont cut down to what a score plays. A GM bank is 30–150 MB of samples, and spessasynth copies each
 * sample it loads: parsing FluidR3_GM whole holds ~450 MB. Here the file is read with positioned reads — the
 * RIFF skeleton, the INFO and pdta chunks (a few hundred KB), then only the needed samples' bytes — into a
 * small valid SF2: the same INFO, every preset header (so preset choice is exactly the file's), the planned
 * presets' zones, instruments and samples (subset-pdta.ts), and a smpl chunk holding only those samples.
 * Playing a subset preset is bit-identical to playing it from the whole file.
 * SoundFont 2.04 §4–7; SF3 (sampleType bit 4): start/end are byte offsets of an Ogg Vorbis blob, loops relative.
 */
import { open } from "node:fs/promises";
import { type Placement, reducePdta } from "./subset-pdta.js";
import {
  candidatePresets,
  PDTA_CHUNKS,
  type Pdta,
  type PresetRequest,
  planSubset,
  SHDR_BYTES,
} from "./subset-select.js";

export type { PresetRequest } from "./subset-select.js";

/** Where a SoundFont's parts lie: the small chunks held, the sample data only located. */
export interface SoundfontLayout {
  /** The LIST INFO chunk as in the file, header included. */
  info: Uint8Array;
  pdta: Pdta;
  /** File offset and length of the smpl chunk's data. */
  smplOffset: number;
  smplBytes: number;
}

/** Fills `target` from the file at `offset` (throws at a short read). */
export type ReadInto = (target: Uint8Array, offset: number) => Promise<void>;

/** Sample points of silence the spec asks after each sample (§6.1); the empty stretch is one such run. */
const GUARD_POINTS = 46;
const COMPRESSED = 0x10;

const fourcc = (b: Uint8Array, at: number) => String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);
const u32 = (b: Uint8Array, at: number) => new DataView(b.buffer, b.byteOffset).getUint32(at, true);

async function bytesAt(read: ReadInto, offset: number, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  await read(out, offset);
  return out;
}

/**
 * Walks the RIFF structure (RIFF sfbk → LIST INFO, LIST sdta [smpl, sm24], LIST pdta [phdr…shdr]).
 * Undefined for SoundFonts this cannot cut (RF64, SF2Pack, spessasynth's extended sfen/xdta): load those whole.
 * Throws when the file is not a well-formed SoundFont.
 */
export async function readLayout(read: ReadInto, fileBytes: number): Promise<SoundfontLayout | undefined> {
  const head = await bytesAt(read, 0, 12);
  const riff = fourcc(head, 0);
  const form = fourcc(head, 8).toLowerCase();
  if (riff === "RIFS" || (riff === "RIFF" && (form === "sfpk" || form === "sfen"))) return undefined;
  if (riff !== "RIFF" || form !== "sfbk") throw new Error("not a SoundFont (RIFF sfbk)");
  const end = Math.min(fileBytes, 8 + u32(head, 4));
  let info: Uint8Array | undefined;
  let smpl: { offset: number; bytes: number } | undefined;
  const pdta: Partial<Pdta> = {};
  for (let pos = 12; pos + 12 <= end; ) {
    const h = await bytesAt(read, pos, 12);
    const size = u32(h, 4);
    if (pos + 8 + size > end) throw new Error(`chunk ${fourcc(h, 0)} runs past the end of the file`);
    const list = fourcc(h, 0) === "LIST" ? fourcc(h, 8).toLowerCase() : "";
    if (list === "info") info = await bytesAt(read, pos, 8 + size);
    else if (list === "sdta") {
      for (let p = pos + 12; p + 8 <= pos + 8 + size; ) {
        const sub = await bytesAt(read, p, 8);
        const n = u32(sub, 4);
        if (fourcc(sub, 0) === "smpl") smpl = { offset: p + 8, bytes: Math.min(n, pos + 8 + size - p - 8) };
        p += 8 + n + (n & 1);
      }
    } else if (list === "pdta") {
      const data = await bytesAt(read, pos + 12, size - 4);
      for (let p = 0; p + 8 <= data.length; ) {
        const id = fourcc(data, p) as (typeof PDTA_CHUNKS)[number];
        const n = u32(data, p + 4);
        if (PDTA_CHUNKS.includes(id)) pdta[id] = data.subarray(p + 8, Math.min(data.length, p + 8 + n));
        p += 8 + n + (n & 1);
      }
    }
    pos += 8 + size + (size & 1);
  }
  if (!info || !smpl) throw new Error("SoundFont lacks its INFO or smpl chunk");
  for (const id of PDTA_CHUNKS) if (!pdta[id]) throw new Error(`SoundFont lacks its ${id} chunk`);
  if (hasExtendedRecords(info)) return undefined;
  return { info, pdta: pdta as Pdta, smplOffset: smpl.offset, smplBytes: smpl.bytes };
}

/** spessasynth's xdta list (in INFO) widens indices past 16 bits: those files are loaded whole. */
function hasExtendedRecords(info: Uint8Array): boolean {
  for (let p = 12; p + 8 <= info.length; ) {
    const n = u32(info, p + 4);
    if (fourcc(info, p) === "LIST" && p + 12 <= info.length && fourcc(info, p + 8) === "xdta") return true;
    p += 8 + n + (n & 1);
  }
  return false;
}

/** The needed samples' places in the new smpl: after the empty stretch, each followed by its guard points. */
function place(layout: SoundfontLayout, samples: readonly number[]): { placements: Placement[]; smplBytes: number } {
  const shdr = new DataView(layout.pdta.shdr.buffer, layout.pdta.shdr.byteOffset, layout.pdta.shdr.byteLength);
  let to = GUARD_POINTS * 2;
  const placements: Placement[] = [];
  for (const sample of samples) {
    const at = sample * SHDR_BYTES;
    const compressed = (shdr.getUint16(at + 44, true) & COMPRESSED) !== 0;
    const unit = compressed ? 1 : 2;
    const from = Math.min(shdr.getUint32(at + 20, true) * unit, layout.smplBytes);
    const bytes = Math.max(0, Math.min(shdr.getUint32(at + 24, true) * unit, layout.smplBytes) - from);
    placements.push({ sample, from, bytes, to });
    // offsets stay even: uncompressed samples are counted in 16-bit points
    to += bytes + (bytes & 1) + (compressed ? 0 : GUARD_POINTS * 2);
  }
  return { placements, smplBytes: to };
}

/** The samples a set of requests needs (indices into shdr). */
export function neededSamples(layout: SoundfontLayout, requests: readonly PresetRequest[]): number[] {
  return planSubset(layout.pdta, candidatePresets(layout.pdta, requests)).samples;
}

/** A valid SF2 holding only what the requests can play (the needed samples' bytes read from the file). */
export async function buildSubset(
  layout: SoundfontLayout,
  requests: readonly PresetRequest[],
  read: ReadInto,
): Promise<ArrayBuffer> {
  const plan = planSubset(layout.pdta, candidatePresets(layout.pdta, requests));
  const { placements, smplBytes } = place(layout, plan.samples);
  const pdta = reducePdta(layout.pdta, plan, placements);
  const chunks = PDTA_CHUNKS.map((id) => ({ id, data: pdta[id] }));
  const padded = (n: number) => n + (n & 1);
  const infoBytes = padded(layout.info.length);
  const sdtaBytes = 12 + 8 + smplBytes;
  const pdtaBytes = 12 + chunks.reduce((n, c) => n + 8 + padded(c.data.length), 0);
  const total = 12 + infoBytes + sdtaBytes + pdtaBytes;
  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  let at = 0;
  const tag = (id: string, size: number, form?: string) => {
    for (let k = 0; k < 4; k++) out[at + k] = id.charCodeAt(k);
    v.setUint32(at + 4, size, true);
    at += 8;
    if (form) {
      for (let k = 0; k < 4; k++) out[at + k] = form.charCodeAt(k);
      at += 4;
    }
  };
  tag("RIFF", total - 8, "sfbk");
  out.set(layout.info, at);
  at += infoBytes;
  tag("LIST", sdtaBytes - 8, "sdta");
  tag("smpl", smplBytes);
  const smplAt = at;
  at += smplBytes;
  tag("LIST", pdtaBytes - 8, "pdta");
  for (const c of chunks) {
    tag(c.id, c.data.length);
    out.set(c.data, at);
    at += padded(c.data.length);
  }
  // straight from the file into place (the rest of the buffer is already the guard points' zeros)
  for (const p of placements) {
    if (p.bytes > 0) await read(out.subarray(smplAt + p.to, smplAt + p.to + p.bytes), layout.smplOffset + p.from);
  }
  return out.buffer;
}

/** Positioned reads from an open file. */
async function withFile<T>(file: string, use: (read: ReadInto, bytes: number) => Promise<T>): Promise<T> {
  const handle = await open(file, "r");
  try {
    const read: ReadInto = async (target, offset) => {
      for (let done = 0; done < target.length; ) {
        const { bytesRead } = await handle.read(target, done, target.length - done, offset + done);
        if (bytesRead === 0) throw new Error(`${file}: unexpected end of file`);
        done += bytesRead;
      }
    };
    return await use(read, (await handle.stat()).size);
  } finally {
    await handle.close();
  }
}

/** The file's layout (undefined: a kind this cannot cut — load it whole); throws when unreadable or malformed. */
export function readSoundfontLayout(file: string): Promise<SoundfontLayout | undefined> {
  return withFile(file, readLayout);
}

/** The subset SF2 for the requests, read from the file whose layout was taken. */
export function readSoundfontSubset(
  file: string,
  layout: SoundfontLayout,
  requests: readonly PresetRequest[],
): Promise<ArrayBuffer> {
  return withFile(file, (read) => buildSubset(layout, requests, read));
}
