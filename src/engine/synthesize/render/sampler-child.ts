/**
 * Child-process entry of the sampler process (sampler-process.ts): synthesises every SoundFont note of a piece,
 * writes their 16-bit samples one after another to the file it is given, replies with what the bank needs to
 * find them (keys, lengths, scales, energies), and exits — taking the SoundFont's memory with it.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { soundfontShare } from "./note-bank.js";
import { type SamplerReply, type SamplerRequest, scopeOf } from "./protocol.js";

async function run(msg: SamplerRequest): Promise<SamplerReply> {
  const share = await soundfontShare(msg, scopeOf(msg), () => false);
  if (!share) return { type: "none" };
  const fd = openSync(msg.file, "w");
  try {
    share.keys.forEach((_, i) => {
      const chunk = share.chunks[share.chunkOf[i]!]!;
      writeSync(fd, new Uint8Array(chunk, share.offsets[i]! * 2, share.lengths[i]! * 2));
    });
  } finally {
    closeSync(fd);
  }
  return { type: "notes", keys: share.keys, lengths: share.lengths, scales: share.scales, energies: share.energies };
}

// a parent that ends (a server shut down mid-render) takes its sampler with it
process.once("disconnect", () => process.exit(0));

process.once("message", (msg: SamplerRequest) => {
  const send = (reply: SamplerReply) => process.send?.(reply, () => process.exit(0));
  run(msg).then(send, (e: unknown) => send({ type: "error", message: e instanceof Error ? e.message : String(e) }));
});
