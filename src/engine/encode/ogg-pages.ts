/**
 * Ogg pages (RFC 3533): reading a stream's packets back, and writing packets into pages — lacing values, the
 * continuation, beginning- and end-of-stream flags, granule positions, sequence numbers and the CRC.
 */
import { ByteCollector } from "./bytes.js";

const CRC_TABLE: Uint32Array = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let k = 0; k < 8; k++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    t[i] = r >>> 0;
  }
  return t;
})();

/** The Ogg page checksum (RFC 3533: CRC-32, polynomial 0x04c11db7, no reflection, initial 0). */
export function oggCrc(bytes: Uint8Array): number {
  let crc = 0;
  for (let i = 0; i < bytes.length; i++) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ bytes[i]!) & 0xff]!) >>> 0;
  return crc >>> 0;
}

/** The packets of an Ogg stream (one logical stream), and each page's granule position and packet count. */
export interface OggPackets {
  serial: number;
  packets: Uint8Array[];
  /** Granule position of the page on which each packet ends (−1 when another packet ends later on that page). */
  granules: bigint[];
}

export function oggPackets(bytes: Uint8Array): OggPackets | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const packets: Uint8Array[] = [];
  const granules: bigint[] = [];
  let pending: Uint8Array[] = [];
  let serial = -1;
  for (let at = 0; at < bytes.length; ) {
    if (at + 27 > bytes.length || view.getUint32(at) !== 0x4f676753) return undefined; // "OggS"
    const pageSerial = view.getUint32(at + 14, true);
    if (serial >= 0 && pageSerial !== serial) return undefined;
    serial = pageSerial;
    const granule = view.getBigInt64(at + 6, true);
    const count = bytes[at + 26]!;
    let body = at + 27 + count;
    let start = body;
    const ended: number[] = [];
    for (let s = 0; s < count; s++) {
      const lace = bytes[at + 27 + s]!;
      body += lace;
      if (lace < 255) {
        pending.push(bytes.subarray(start, body));
        packets.push(pending.length === 1 ? pending[0]! : joined(pending));
        pending = [];
        ended.push(packets.length - 1);
        start = body;
      }
    }
    if (start < body) pending.push(bytes.subarray(start, body));
    for (const [k, p] of ended.entries()) granules[p] = k === ended.length - 1 ? granule : -1n;
    at = body;
  }
  return pending.length === 0 ? { serial, packets, granules } : undefined;
}

/** A packet and the granule position at its end. */
export interface TimedPacket {
  data: Uint8Array;
  end: number;
}

function joined(parts: readonly Uint8Array[]): Uint8Array {
  const c = new ByteCollector();
  for (const p of parts) c.push(p, true);
  return c.result();
}

/** Page bodies are closed near this size, as libvorbis does. */
const PAGE_BYTES = 4096;

/**
 * Lays packets into Ogg pages: lacing values (a page holds at most 255), the continuation flag on a page that
 * begins inside a packet, each page's granule position the end of its last finished packet (−1 when none
 * finishes on it), sequence numbers counted on from `sequence`.
 */
export class OggPager {
  readonly pages: Uint8Array[] = [];
  private laces: number[] = [];
  private bodies: Uint8Array[] = [];
  /** Body bytes of the page being filled. */
  bodyBytes = 0;
  /** Whether the page being filled begins with the rest of a packet from the page before. */
  private continued = false;
  private granule = -1n;

  constructor(
    private readonly serial: number,
    /** The next page's sequence number. */
    public sequence = 0,
  ) {}

  /** Adds a packet; `end` is its granule position when it finishes. */
  add(data: Uint8Array, end: bigint): void {
    let at = 0;
    // a page whose lacing table is full closes before the packet: it does not run on into the next
    if (this.laces.length === 255) this.flush();
    for (;;) {
      const room = 255 - this.laces.length;
      const left = data.length - at;
      const whole = Math.floor(left / 255);
      if (whole < room) {
        for (let k = 0; k < whole; k++) this.laces.push(255);
        this.laces.push(left - whole * 255);
        this.bodies.push(data.subarray(at));
        this.bodyBytes += left;
        this.granule = end;
        return;
      }
      // the packet runs on to the next page
      for (let k = 0; k < room; k++) this.laces.push(255);
      this.bodies.push(data.subarray(at, at + room * 255));
      at += room * 255;
      this.flush();
      this.continued = true;
    }
  }

  /** Closes the page being filled; `flags` adds beginning (2) or end (4) of stream. */
  flush(flags = 0): void {
    const type = (this.continued ? 1 : 0) | flags;
    this.pages.push(oggPage(this.serial, this.sequence++, type, this.granule, this.laces, this.bodies));
    this.laces = [];
    this.bodies = [];
    this.bodyBytes = 0;
    this.granule = -1n;
    this.continued = false;
  }
}

/**
 * The Ogg pages of a Vorbis stream: the identification header alone on the first page, the other two headers
 * on the pages after it, then the audio packets packed into pages of about PAGE_BYTES, the stream's length as
 * the last page's granule position.
 */
export function vorbisPages(
  serial: number,
  headers: readonly Uint8Array[],
  packets: readonly TimedPacket[],
  length: number,
): Uint8Array[] {
  const pager = new OggPager(serial);
  pager.add(headers[0]!, 0n);
  pager.flush(2); // beginning of stream
  for (const h of headers.slice(1)) pager.add(h, 0n);
  pager.flush();
  for (const [k, p] of packets.entries()) {
    const isLast = k === packets.length - 1;
    pager.add(p.data, BigInt(isLast ? length : p.end));
    if (isLast)
      pager.flush(4); // end of stream
    else if (pager.bodyBytes >= PAGE_BYTES) pager.flush();
  }
  return pager.pages;
}

export function oggPage(
  serial: number,
  sequence: number,
  flags: number,
  granule: bigint,
  laces: readonly number[],
  bodies: readonly Uint8Array[],
): Uint8Array {
  const size = bodies.reduce((n, b) => n + b.length, 0);
  const page = new Uint8Array(27 + laces.length + size);
  const view = new DataView(page.buffer);
  page.set([0x4f, 0x67, 0x67, 0x53, 0, flags]);
  view.setBigInt64(6, granule, true);
  view.setUint32(14, serial, true);
  view.setUint32(18, sequence, true);
  page[26] = laces.length;
  page.set(laces, 27);
  let at = 27 + laces.length;
  for (const b of bodies) {
    page.set(b, at);
    at += b.length;
  }
  view.setUint32(22, oggCrc(page), true);
  return page;
}
