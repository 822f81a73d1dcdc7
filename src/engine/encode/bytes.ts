/**
 * Writing bytes: an MSB-first bit writer (FLAC frames, ADTS fill; whole bytes into one array sized up front for
 * the MP3 frames) and a collector that joins chunks into one array once their total is known (the lossy
 * encoders' output, re-framed ADTS).
 */

export class BitWriter {
  private buf: Uint8Array;
  private len = 0;
  private acc = 0;
  private bits = 0;

  /** `initialBytes`: a writer that knows its output's size allocates it once. */
  constructor(initialBytes = 1 << 16) {
    this.buf = new Uint8Array(Math.max(1, initialBytes));
  }

  private grow(): void {
    const next = new Uint8Array(this.buf.length * 2);
    next.set(this.buf);
    this.buf = next;
  }

  /** Writes the low `n` bits of v (n ≤ 24 per call for exactness). */
  write(v: number, n: number): void {
    if (n > 24) {
      this.write(Math.floor(v / 2 ** 24) & ((1 << (n - 24)) - 1), n - 24);
      this.write(v & 0xffffff, 24);
      return;
    }
    this.acc = (this.acc << n) | (v & ((1 << n) - 1));
    this.bits += n;
    while (this.bits >= 8) {
      if (this.len >= this.buf.length) this.grow();
      this.bits -= 8;
      this.buf[this.len++] = (this.acc >>> this.bits) & 0xff;
    }
    this.acc &= (1 << this.bits) - 1;
  }

  /** Whole bytes: copied in one go when the writer is on a byte boundary. */
  writeBytes(data: Uint8Array): void {
    if (this.bits > 0) {
      for (const byte of data) this.write(byte, 8);
      return;
    }
    while (this.len + data.length > this.buf.length) this.grow();
    this.buf.set(data, this.len);
    this.len += data.length;
  }

  unary(q: number): void {
    while (q >= 16) {
      this.write(0, 16);
      q -= 16;
    }
    this.write(1, q + 1);
  }

  align(): void {
    if (this.bits > 0) this.write(0, 8 - this.bits);
  }

  /** Starts over on the same memory (the bytes already handed out are then overwritten). */
  clear(): void {
    this.len = 0;
    this.acc = 0;
    this.bits = 0;
  }

  get byteLength(): number {
    return this.len;
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}

export class ByteCollector {
  readonly parts: Uint8Array[] = [];
  private size = 0;
  /** `owned`: the bytes are the caller's to give away; otherwise they are copied (an encoder reuses its view). */
  push(bytes: Uint8Array, owned = false): void {
    if (bytes.length === 0) return;
    this.parts.push(owned ? bytes : bytes.slice());
    this.size += bytes.length;
  }
  result(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}
