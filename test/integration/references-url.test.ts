/** importReference from http(s) URLs against a loopback server: success, 404, hangs, stalls, wrong types, caps. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importReference } from "../../src/engine/analyze/index.js";
import { clickTrack, writeWav } from "../support/media.js";

const root = mkdtempSync(join(tmpdir(), "references-url-"));
const wavPath = join(root, "click.wav");
let wav: Buffer;
let server: Server;
let base: string;
let counter = 0;
const freshDest = () => join(root, `dest-${++counter}`);
const leftIn = (dest: string) => (existsSync(dest) ? readdirSync(dest) : []);
const NO_FFMPEG = "/nonexistent/ffmpeg";
const FAST = { connectTimeoutMs: 400, idleTimeoutMs: 400 };

const routes: Record<string, (res: ServerResponse) => void> = {
  "/music/click%20track.wav": (res) => res.writeHead(200, { "content-type": "audio/wav" }).end(wav),
  "/untyped": (res) => res.writeHead(200).end(wav),
  "/missing.wav": (res) => res.writeHead(404, { "content-type": "text/plain" }).end("not found"),
  "/broken": (res) => res.writeHead(503).end(),
  "/page.mp4": (res) => res.writeHead(200, { "content-type": "text/html" }).end("<html>a player page</html>"),
  "/fake.wav": (res) => res.writeHead(200, { "content-type": "audio/wav" }).end("just words, no audio here"),
  "/hang": () => {},
  "/stall": (res) => {
    res.writeHead(200, { "content-type": "audio/wav" });
    res.write(wav.subarray(0, 1000));
  },
  "/huge-declared": (res) => res.writeHead(200, { "content-type": "video/mp4", "content-length": "999999999" }).end(),
  "/huge-streamed": (res) => {
    res.writeHead(200, { "content-type": "audio/wav" });
    for (let i = 0; i < 20; i++) res.write(Buffer.alloc(64 * 1024, 1));
    res.end();
  },
};

beforeAll(async () => {
  writeWav(wavPath, [clickTrack(100, 12, 22050)], 22050, 16);
  wav = readFileSync(wavPath);
  server = createServer((req, res) => (routes[req.url ?? ""] ?? ((r: ServerResponse) => r.writeHead(404).end()))(res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

async function fails(path: string, code: string, limits: object = FAST): Promise<void> {
  const dest = freshDest();
  await expect(
    importReference({ url: `${base}${path}` }, { destDir: dest, ffmpeg: NO_FFMPEG, limits }),
  ).rejects.toMatchObject({
    code,
  });
  expect(leftIn(dest)).toEqual([]);
}

describe("importReference from a URL", () => {
  it("downloads, sniffs and analyses a WAV, keeping the URL's file name for display", async () => {
    const dest = freshDest();
    const ref = await importReference({ url: `${base}/music/click%20track.wav` }, { destDir: dest, ffmpeg: NO_FFMPEG });
    expect(ref).toMatchObject({ kind: "audio", format: "wav", bytes: wav.length, originalName: "click track.wav" });
    expect(readFileSync(ref.path).equals(wav)).toBe(true);
    expect(Math.abs(ref.analysis.bpm! - 100) / 100).toBeLessThanOrEqual(0.04);
    expect(leftIn(dest)).toEqual([`${ref.reference_id}.wav`]);
  });

  it("accepts an answer without a content type and decides by the bytes", async () => {
    const ref = await importReference({ url: `${base}/untyped` }, { destDir: freshDest(), ffmpeg: NO_FFMPEG });
    expect(ref.format).toBe("wav");
  });

  it("uses an injected fetch", async () => {
    let asked = "";
    const fakeFetch = (async (input: string | URL | Request) => {
      asked = String(input);
      return new Response(new Uint8Array(wav), { headers: { "content-type": "audio/x-wav" } });
    }) as typeof fetch;
    const ref = await importReference(
      { url: "https://media.example/a.wav" },
      { destDir: freshDest(), ffmpeg: NO_FFMPEG, fetch: fakeFetch },
    );
    expect(asked).toBe("https://media.example/a.wav");
    expect(ref.bytes).toBe(wav.length);
  });

  it("answers 404 with NOT_FOUND and a server error with BACKEND_UNAVAILABLE", async () => {
    await fails("/missing.wav", "NOT_FOUND");
    await fails("/broken", "BACKEND_UNAVAILABLE");
  });

  it("times out on a server that never answers, and on one that stalls mid-body", async () => {
    await fails("/hang", "TIMEOUT");
    await fails("/stall", "TIMEOUT");
  });

  it("refuses web pages and bytes that are not media", async () => {
    await fails("/page.mp4", "UNSUPPORTED_FORMAT");
    await fails("/fake.wav", "UNSUPPORTED_FORMAT");
  });

  it("caps the size by the declared length and while streaming", async () => {
    const small = { ...FAST, videoBytes: 500_000, audioBytes: 500_000, imageBytes: 500_000 };
    await fails("/huge-declared", "FILE_TOO_LARGE", small);
    await fails("/huge-streamed", "FILE_TOO_LARGE", small);
    await fails("/music/click%20track.wav", "FILE_TOO_LARGE", { ...FAST, audioBytes: 10_000 });
  });

  it("refuses other schemes and honours cancellation", async () => {
    const dest = freshDest();
    await expect(
      importReference({ url: "file:///etc/passwd" }, { destDir: dest, ffmpeg: NO_FFMPEG }),
    ).rejects.toMatchObject({
      code: "INVALID_ARGUMENT",
    });
    const controller = new AbortController();
    const pending = importReference(
      { url: `${base}/hang` },
      { destDir: dest, ffmpeg: NO_FFMPEG, signal: controller.signal, limits: { connectTimeoutMs: 10_000 } },
    );
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ code: "CANCELLED" });
    expect(leftIn(dest)).toEqual([]);
  });
});
