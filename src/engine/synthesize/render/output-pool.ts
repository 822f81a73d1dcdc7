/**
 * The render's output buffers, kept between renders. A fresh buffer's pages are mapped on first write, about
 * 2.5 µs a 4 KB page: 0.12 s of a core for 90 s of a mix and five stems, while both cores are busy with the
 * note bank. A server renders again and again (a creator refines a track by talking), so once a caller hands a
 * render's buffers back (`recycle`) the next render writes into pages already mapped.
 *
 * Only the renderer's own buffers are taken back, and only for reuse as outputs, whose every sample a window
 * overwrites; silent stems (never written) always start from fresh, zeroed memory. Buffers nobody takes within
 * `keepSeconds` are let go, so an idle server does not sit on a render's memory.
 */

export const OUTPUT_POOL_DEFAULTS = {
  /** Idle this long, the pool lets its buffers go (the garbage collector then returns their pages). */
  keepSeconds: 30,
  /** The pool holds at most this much (a 90 s piece with five stems at 44.1 kHz is ~200 MB). */
  maxBytes: 512 * 1024 * 1024,
  /**
   * New buffers are made this much larger than asked, so a slightly longer render (another loop tail, a
   * tempo change rounding the bars differently) still fits one; unwritten pages cost no memory.
   */
  slack: 1.1,
} as const;

const PAGE = 64 * 1024;

/** Buffers this module made (only they are taken back). */
const made = new WeakSet<SharedArrayBuffer>();
let free: SharedArrayBuffer[] = [];
let letGo: ReturnType<typeof setTimeout> | undefined;

/** A buffer of at least `bytes` for a render's output: a recycled one when one fits, else a new one. */
export function takeOutput(bytes: number): SharedArrayBuffer {
  let best = -1;
  for (let i = 0; i < free.length; i++) {
    const b = free[i]!;
    if (b.byteLength >= bytes && (best < 0 || b.byteLength < free[best]!.byteLength)) best = i;
  }
  if (best >= 0) return free.splice(best, 1)[0]!;
  // none fits: the ones too small are let go (a longer render would hold them on top of its own)
  free = free.filter((b) => b.byteLength >= bytes);
  const b = new SharedArrayBuffer(Math.ceil((bytes * OUTPUT_POOL_DEFAULTS.slack) / PAGE) * PAGE);
  made.add(b);
  return b;
}

/**
 * Hands buffers back for the next render. The caller must hold no view of them any more: the next render
 * overwrites them. Foreign buffers and any past the pool's size are ignored (left to the garbage collector).
 */
export function recycleOutputs(buffers: Iterable<ArrayBufferLike>): void {
  let held = free.reduce((sum, b) => sum + b.byteLength, 0);
  for (const b of new Set(buffers)) {
    if (!(b instanceof SharedArrayBuffer) || !made.has(b) || free.includes(b)) continue;
    if (held + b.byteLength > OUTPUT_POOL_DEFAULTS.maxBytes) continue;
    free.push(b);
    held += b.byteLength;
  }
  clearTimeout(letGo);
  if (free.length === 0) return;
  letGo = setTimeout(dropOutputs, OUTPUT_POOL_DEFAULTS.keepSeconds * 1000);
  letGo.unref();
}

/** Lets every pooled buffer go (also before a long render, which writes to disk and wants the memory). */
export function dropOutputs(): void {
  clearTimeout(letGo);
  free = [];
}

/** The pool's free buffers (for tests and the benchmark's memory figures). */
export function pooledOutputs(): readonly SharedArrayBuffer[] {
  return [...free];
}
