import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkLocalFile, formatOf } from "../../../../src/remote/upload/file-check.js";

const dir = mkdtempSync(join(tmpdir(), "nemo-upload-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const heads: Record<string, Buffer> = {
  "a.mp4": Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from("ftypisom")]),
  "a.mov": Buffer.concat([Buffer.from([0, 0, 0, 0x14]), Buffer.from("ftypqt  ")]),
  "a.m4a": Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from("ftypM4A ")]),
  "a.avi": Buffer.from("RIFF\0\0\0\0AVI LIST"),
  "a.wav": Buffer.from("RIFF\0\0\0\0WAVEfmt "),
  "a.webp": Buffer.from("RIFF\0\0\0\0WEBPVP8 "),
  "a.webm": Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 1, 2]),
  "a.mkv": Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 1, 2]),
  "a.jpeg": Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  "a.png": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  "a.gif": Buffer.from("GIF89a"),
  "a.mp3": Buffer.from("ID3\u0004\u0000"),
  "b.mp3": Buffer.from([0xff, 0xfb, 0x90, 0x00]),
  "a.aac": Buffer.from([0xff, 0xf1, 0x50, 0x80]),
};

describe("upload checks", () => {
  it.each(Object.entries(heads))("accepts a real %s", async (name, head) => {
    const path = join(dir, name);
    writeFileSync(path, Buffer.concat([head, Buffer.alloc(64)]));
    const checked = await checkLocalFile(path, 10_000);
    expect(checked.bytes).toBe(head.length + 64);
    expect(checked.format).toBe(formatOf(name));
  });

  it("refuses contents that do not match the extension", async () => {
    const path = join(dir, "fake.wav");
    writeFileSync(path, heads["a.mp4"] as Buffer);
    await expect(checkLocalFile(path, 10_000)).rejects.toMatchObject({ code: "UNSUPPORTED_FORMAT" });
  });

  it("names formats from paths and URLs", () => {
    expect(formatOf("/x/Clip.MOV")).toBe("mov");
    expect(formatOf("https://a.example/p/photo.jpeg?size=2#x")).toBe("jpg");
    expect(formatOf("/x/readme.txt")).toBeUndefined();
  });
});
