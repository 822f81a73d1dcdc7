/**
 * Writing a file's chunks with several writes in flight. One write at a time leaves the file's bytes to one
 * thread-pool thread and this thread waiting on each megabyte; with a few at once (each at its own offset) the
 * pool's threads copy side by side while this thread makes the next chunk (a 90 s track's six WAVs: 90 → 72 ms
 * where the disk keeps up).
 */
import type { FileHandle } from "node:fs/promises";

export const CHUNKED_WRITE_DEFAULTS = {
  /** Writes in flight per file: libuv's default thread pool holds four threads. */
  inFlight: 4,
} as const;

type Chunks = Iterable<Uint8Array | string> | AsyncIterable<Uint8Array | string>;

/**
 * Writes `chunks` in turn from the start of the file; returns the bytes written. Each chunk is copied before
 * it is handed to a write: the chunk makers reuse their buffers for the next one. On a failure every write
 * under way settles before the error is thrown, so the caller may close and remove the file.
 */
export async function writeChunks(handle: FileHandle, chunks: Chunks, path: string): Promise<number> {
  const writes = new Set<Promise<void>>();
  let position = 0;
  try {
    for await (const data of chunks) {
      // (a copy whatever the chunk is: a Buffer's slice() would share its memory)
      const buffer = typeof data === "string" ? Buffer.from(data) : new Uint8Array(data);
      // a failed write stays in the set, so the next wait throws its error
      while (writes.size >= CHUNKED_WRITE_DEFAULTS.inFlight) await Promise.race(writes);
      const write = writeAt(handle, buffer, position, path);
      writes.add(write);
      write.then(
        () => writes.delete(write),
        () => {},
      );
      position += buffer.byteLength;
    }
    await Promise.all(writes);
  } catch (error) {
    await Promise.allSettled(writes);
    throw error;
  }
  return position;
}

/** All of `buffer` at `position` (a write may take less than asked: go on until it is all written). */
async function writeAt(handle: FileHandle, buffer: Uint8Array, position: number, path: string): Promise<void> {
  for (let at = 0; at < buffer.byteLength; ) {
    const { bytesWritten } = await handle.write(buffer, at, buffer.byteLength - at, position + at);
    if (bytesWritten <= 0) throw new Error(`no progress writing ${path}`);
    at += bytesWritten;
  }
}
