/**
 * A render worker's bank chunks: the next render writes into the last one's (once they are declared free), a
 * note larger than any spare gets one of its own, and an idle worker lets them all go.
 */
import { describe, expect, it } from "vitest";
import {
  dropBankChunks,
  keepBankChunks,
  NOTE_BANK_DEFAULTS,
  reuseBankChunks,
  SharePacker,
} from "../../../../src/engine/synthesize/render/note-bank.js";

describe("bank chunks", () => {
  it("are reused by the next render, only once declared free", () => {
    keepBankChunks();
    const first = new SharePacker(44100);
    first.place("a", 1000, 1, 0);
    first.place("b", 2000, 1, 0);
    const [used] = first.share.chunks;
    expect(first.share.chunks).toHaveLength(1);
    // a second packer of the same render (a SoundFont round) must not take the chunk in use
    const sameRender = new SharePacker(44100);
    sameRender.place("c", 10, 1, 0);
    expect(sameRender.share.chunks[0]).not.toBe(used);
    reuseBankChunks();
    const next = new SharePacker(44100);
    next.place("d", 500, 1, 0);
    expect([used, sameRender.share.chunks[0]]).toContain(next.share.chunks[0]);
    // longer than a spare chunk: one of its own
    next.place("e", NOTE_BANK_DEFAULTS.chunkSamples + 1, 1, 0);
    expect(next.share.chunks[1]!.byteLength).toBe((NOTE_BANK_DEFAULTS.chunkSamples + 1) * 2);
    reuseBankChunks();
    dropBankChunks();
    const afterIdle = new SharePacker(44100);
    afterIdle.place("f", 10, 1, 0);
    expect(next.share.chunks).not.toContain(afterIdle.share.chunks[0]);
    expect([used, sameRender.share.chunks[0]]).not.toContain(afterIdle.share.chunks[0]);
  });
});
