import { describe, expect, it } from "vitest";
import { sniffFormat } from "../../../../src/engine/analyze/sniff.js";

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...p].map((c) => c.charCodeAt(0)) : p)));
const le32 = (n: number) => [n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >> 24) & 255];

describe("sniffFormat (magic bytes)", () => {
  it.each([
    [bytes([0, 0, 0, 0x20], "ftypisom", [0, 0, 2, 0]), "mp4", "video"],
    [bytes([0, 0, 0, 0x14], "ftypqt  ", [0, 0, 2, 0]), "mov", "video"],
    [bytes([0, 0, 0, 0x08], "wide", [0, 0, 0, 8], "mdat"), "mov", "video"],
    [bytes([0, 0, 0, 0x20], "ftypM4A ", [0, 0, 2, 0]), "m4a", "audio"],
    [bytes("RIFF", le32(100), "AVI LIST"), "avi", "video"],
    [bytes("RIFF", le32(100), "WAVEfmt "), "wav", "audio"],
    [bytes("RIFF", le32(100), "WEBPVP8 "), "webp", "image"],
    [bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 1, 0x42, 0x82, 0x84], "webm"), "webm", "video"],
    [bytes([0x1a, 0x45, 0xdf, 0xa3, 0xa3, 0x42, 0x86, 0x81, 1, 0x42, 0x82, 0x88], "matroska"), "mkv", "video"],
    [bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], "JFIF"), "jpg", "image"],
    [bytes([0x89], "PNG\r\n", [0x1a], "\n", [0, 0, 0, 13], "IHDR"), "png", "image"],
    [bytes("GIF89a", [1, 0, 1, 0]), "gif", "image"],
    [bytes("ID3", [4, 0, 0, 0, 0, 0, 0], [0xff, 0xfb, 0x90, 0x64]), "mp3", "audio"],
    [bytes([0xff, 0xfb, 0x90, 0x64, 0, 0]), "mp3", "audio"],
    [bytes([0xff, 0xf1, 0x50, 0x80, 0x02, 0x1f, 0xfc]), "aac", "audio"],
  ])("recognises %#: %s", (head, format, kind) => {
    expect(sniffFormat(head)).toEqual({ format, kind });
  });

  it("does not trust names: text, HTML, JSON, PDF and unknown RIFF types are nothing", () => {
    expect(sniffFormat(bytes("hello this is not a video\n"))).toBeUndefined();
    expect(sniffFormat(bytes("<!DOCTYPE html><html>"))).toBeUndefined();
    expect(sniffFormat(bytes('{"error":"not found"}'))).toBeUndefined();
    expect(sniffFormat(bytes("%PDF-1.7\n"))).toBeUndefined();
    expect(sniffFormat(bytes("RIFF", le32(100), "CDXAfmt "))).toBeUndefined();
    expect(sniffFormat(bytes([0xff, 0xff, 0xff, 0xff]))).toBeUndefined();
    expect(sniffFormat(new Uint8Array(0))).toBeUndefined();
  });
});
