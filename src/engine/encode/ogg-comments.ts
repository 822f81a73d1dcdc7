/**
 * Adds Vorbis comments (TITLE, LOOPSTART, LOOPLENGTH — the loop tags game engines such as RPG Maker and
 * Godot read) to an Ogg Vorbis stream: the comment header packet is rebuilt, the header pages re-paged, and
 * later pages renumbered with fresh CRCs (Ogg: RFC 3533; Vorbis I spec §5 for the comment header).
 */
import { ByteCollector } from "./bytes.js";
import { OggPager, oggPage } from "./ogg-pages.js";

interface Page {
  headerType: number;
  granule: Uint8Array;
  serial: number;
  segments: number[];
  body: Uint8Array;
}

function parsePages(data: Uint8Array): Page[] {
  const pages: Page[] = [];
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let at = 0;
  while (at + 27 <= data.length) {
    if (data[at] !== 0x4f || data[at + 1] !== 0x67 || data[at + 2] !== 0x67 || data[at + 3] !== 0x53) break;
    const nseg = data[at + 26]!;
    const segments = [...data.subarray(at + 27, at + 27 + nseg)];
    const size = segments.reduce((a, b) => a + b, 0);
    const bodyStart = at + 27 + nseg;
    pages.push({
      headerType: data[at + 5]!,
      granule: data.slice(at + 6, at + 14),
      serial: view.getUint32(at + 14, true),
      segments,
      body: data.subarray(bodyStart, bodyStart + size),
    });
    at = bodyStart + size;
  }
  return pages;
}

function writePage(p: Page, seq: number): Uint8Array {
  const granule = new DataView(p.granule.buffer, p.granule.byteOffset, 8).getBigInt64(0, true);
  return oggPage(p.serial, seq, p.headerType, granule, p.segments, [p.body]);
}

/** A Vorbis comment header with `extra` added to the comments it holds. */
export function commentPacket(original: Uint8Array, extra: Record<string, string>): Uint8Array {
  const view = new DataView(original.buffer, original.byteOffset, original.byteLength);
  const vendorLength = view.getUint32(7, true);
  const vendor = original.subarray(11, 11 + vendorLength);
  let at = 11 + vendorLength;
  const count = view.getUint32(at, true);
  at += 4;
  const comments: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const len = view.getUint32(at, true);
    comments.push(original.subarray(at + 4, at + 4 + len));
    at += 4 + len;
  }
  const enc = new TextEncoder();
  for (const [k, v] of Object.entries(extra)) comments.push(enc.encode(`${k}=${v}`));
  const size = 7 + 4 + vendor.length + 4 + comments.reduce((a, c) => a + 4 + c.length, 0) + 1;
  const out = new Uint8Array(size);
  const w = new DataView(out.buffer);
  out.set([3, 0x76, 0x6f, 0x72, 0x62, 0x69, 0x73]); // 0x03 "vorbis"
  w.setUint32(7, vendor.length, true);
  out.set(vendor, 11);
  let p = 11 + vendor.length;
  w.setUint32(p, comments.length, true);
  p += 4;
  for (const c of comments) {
    w.setUint32(p, c.length, true);
    out.set(c, p + 4);
    p += 4 + c.length;
  }
  out[p] = 1; // framing bit
  return out;
}

export function addVorbisComments(ogg: Uint8Array, extra: Record<string, string>): Uint8Array {
  const pages = parsePages(ogg);
  if (pages.length < 2) return ogg;
  // collect packets 2 and 3 (comment, setup) from the pages after the identification page
  const packets: Uint8Array[] = [];
  let current: number[] = [];
  let lastHeaderPage = 0;
  for (let i = 1; i < pages.length && packets.length < 2; i++) {
    const page = pages[i]!;
    let offset = 0;
    for (const seg of page.segments) {
      for (let j = 0; j < seg; j++) current.push(page.body[offset + j]!);
      offset += seg;
      if (seg < 255) {
        packets.push(Uint8Array.from(current));
        current = [];
        if (packets.length === 2) break;
      }
    }
    lastHeaderPage = i;
  }
  if (packets.length < 2 || packets[0]![0] !== 3) return ogg;
  // each header packet starts a page of its own after the identification page; later pages are renumbered
  const headers = new OggPager(pages[0]!.serial, 1);
  for (const packet of [commentPacket(packets[0]!, extra), packets[1]!]) {
    headers.add(packet, 0n);
    headers.flush();
  }
  const out = new ByteCollector();
  out.push(writePage(pages[0]!, 0), true);
  for (const page of headers.pages) out.push(page, true);
  for (let i = lastHeaderPage + 1; i < pages.length; i++) out.push(writePage(pages[i]!, headers.sequence++), true);
  return out.result();
}
