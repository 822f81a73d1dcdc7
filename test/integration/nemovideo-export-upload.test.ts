/**
 * Export (render polled to completion, one retry under a new id, the download fallback, names that never
 * overwrite) and upload (checks before sending, multipart field `files`, URLs as JSON) on loopback.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isComposerError } from "../../src/errors.js";
import { NemoFakeServer, type NemoHarness, nemoHarness } from "../support/nemo-server.js";

let h: NemoHarness;
afterEach(async () => {
  await h?.close();
});

const renderPost = /^\/api\/render\/proxy\/lambda$/;
const renderPoll = /^\/api\/render\/proxy\/lambda\/[^/]+$/;
const uploadPath = /^\/api\/upload-video\/nemo_agent\/me\/sess_1$/;

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const e = await promise.then(
    () => undefined,
    (x: unknown) => x,
  );
  return isComposerError(e) ? e.code : `not a ComposerError: ${String(e)}`;
}

async function withTrack(extra: NodeJS.ProcessEnv = {}, deps = {}): Promise<NemoHarness> {
  const harness = await nemoHarness(extra, deps);
  await harness.backend.generateTrack({ prompt: "promo" }, harness.ctx);
  return harness;
}

describe("export", () => {
  it("polls a render through pending and processing to completed, every NEMO_POLL_SECONDS", async () => {
    h = await withTrack({ NEMO_POLL_SECONDS: "7" });
    h.server.renderStatuses = [["pending", "processing", "completed"]];
    const r = await h.backend.exportTrack({ session_id: "sess_1" }, h.ctx);
    expect(h.server.to(renderPost)).toHaveLength(1);
    expect(h.server.to(renderPoll)).toHaveLength(3);
    expect(h.timing.sleeps).toEqual([7000, 7000, 7000]);
    const body = h.server.to(renderPost)[0]?.json as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["draft", "id", "output", "sessionId"]);
    expect(body.id).toBe(`render_${h.timing.t - 21_000}`);
    expect(r.files[0]?.path).toBe(join(h.config.outputDir, "Energetic-promo.mp4"));
    expect(readFileSync(r.files[0]?.path ?? "")).toEqual(h.server.fileBytes);
    expect(h.progress.some((p) => p.message === "Rendering (processing)")).toBe(true);
    expect(h.bound.at(-1)).toBe("sess_1");
  });

  it("a failed render is tried once more under a new id", async () => {
    h = await withTrack();
    h.server.renderStatuses = [["processing", "failed"], ["completed"]];
    const r = await h.backend.exportTrack({ session_id: "sess_1" }, h.ctx);
    const ids = h.server.to(renderPost).map((q) => (q.json as { id: string }).id);
    expect(ids).toHaveLength(2);
    expect(ids[0]).not.toBe(ids[1]);
    expect(r.files).toHaveLength(1);
  });

  it("two failed renders, or ten polls without an end, are reported", async () => {
    h = await withTrack();
    h.server.renderStatuses = [["failed"], ["failed"]];
    expect(await codeOf(h.backend.exportTrack({ session_id: "sess_1" }, h.ctx))).toBe("BACKEND_UNAVAILABLE");
    h.server.renderStatuses = [["processing"]];
    const before = h.server.to(renderPoll).length;
    expect(await codeOf(h.backend.exportTrack({ session_id: "sess_1" }, h.ctx))).toBe("TIMEOUT");
    expect(h.server.to(renderPoll).length - before).toBe(10);
  });

  it("downloads from the fallback path, with the token, when the render names no URL", async () => {
    h = await withTrack();
    h.server.renderUrl = "none";
    const r = await h.backend.exportTrack({ session_id: "sess_1" }, h.ctx);
    const download = h.server.to(/^\/api\/render\/proxy\/[^/]+\/download$/);
    expect(download).toHaveLength(1);
    expect(download[0]?.headers.authorization).toMatch(/^Bearer /);
    expect(r.files[0]?.bytes).toBe(h.server.fileBytes.length);
    expect(r.url).toBeUndefined();
  });

  it("follows a redirect to storage without sending the token there", async () => {
    h = await withTrack();
    const storage = await new NemoFakeServer().start();
    try {
      h.server.redirectFilesTo = storage.url;
      const r = await h.backend.exportTrack({ session_id: "sess_1" }, h.ctx);
      expect(readFileSync(r.files[0]?.path ?? "")).toEqual(storage.fileBytes);
      const [hop] = h.server.to(/^\/files\//);
      const [fetched] = storage.to(/^\/files\//);
      expect(hop?.headers.authorization).toMatch(/^Bearer /);
      expect(fetched?.headers.authorization).toBeUndefined();
      expect(fetched?.headers["x-skill-source"]).toBe("composer-mcp");
    } finally {
      await storage.close();
    }
  });

  it("never overwrites: -2, -3 suffixes; relative out_dir resolves against the output folder", async () => {
    h = await withTrack();
    mkdirSync(h.config.outputDir, { recursive: true });
    writeFileSync(join(h.config.outputDir, "Energetic-promo.mp4"), "mine");
    const a = await h.backend.exportTrack({ session_id: "sess_1" }, h.ctx);
    const b = await h.backend.exportTrack({ session_id: "sess_1" }, h.ctx);
    expect(a.files[0]?.path).toBe(join(h.config.outputDir, "Energetic-promo-2.mp4"));
    expect(b.files[0]?.path).toBe(join(h.config.outputDir, "Energetic-promo-3.mp4"));
    expect(readFileSync(join(h.config.outputDir, "Energetic-promo.mp4"), "utf8")).toBe("mine");
    const c = await h.backend.exportTrack({ session_id: "sess_1", out_dir: "promo", formats: ["wav", "mp4"] }, h.ctx);
    expect(c.files[0]?.path).toBe(join(h.config.outputDir, "promo", "Energetic-promo.mp4"));
    expect(c.summary).toContain("wav were not made");
    const state = await h.backend.getState({ session_id: "sess_1" }, h.ctx);
    expect(state.files.map((f) => f.path)).toEqual([a, b, c].map((x) => x.files[0]?.path));
  });

  it("explains what the service cannot give: other formats, stems", async () => {
    h = await withTrack();
    const r = await h.backend.exportTrack({ session_id: "sess_1", formats: ["wav", "mid"], stems: true }, h.ctx);
    expect(r.files.map((f) => f.format)).toEqual(["mp4"]);
    expect(r.summary).toContain("renders mp4 only; wav, mid were not made");
    expect(r.summary).toContain("does not give stems");
  });

  it("an empty timeline is NOT_READY and nothing is rendered", async () => {
    h = await nemoHarness();
    h.server.script = () => [];
    await h.backend.generateTrack({ prompt: "hello" }, h.ctx);
    expect(await codeOf(h.backend.exportTrack({ session_id: "sess_1" }, h.ctx))).toBe("NOT_READY");
    expect(h.server.to(renderPost)).toHaveLength(0);
  });
});

describe("upload", () => {
  it("streams a local file as multipart field `files` with its length known", async () => {
    h = await withTrack();
    const path = join(h.tmp.root, "song.wav");
    const wav = Buffer.concat([Buffer.from("RIFF"), Buffer.alloc(4), Buffer.from("WAVEfmt "), Buffer.alloc(3000, 3)]);
    writeFileSync(path, wav);
    const r = await h.backend.uploadReference({ path, session_id: "sess_1" }, h.ctx);
    expect(r).toMatchObject({
      session_id: "sess_1",
      reference_id: "file_1",
      kind: "audio",
      format: "wav",
      bytes: wav.length,
    });
    const sent = h.server.to(uploadPath)[0];
    expect(sent?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(Number(sent?.headers["content-length"])).toBe(sent?.body.length);
    expect(sent?.headers["transfer-encoding"]).toBeUndefined();
    expect(h.server.session("sess_1").uploads).toEqual([{ filename: "song.wav", bytes: wav.length }]);
    expect(sent?.body.includes(wav)).toBe(true);
  });

  it("sends a URL as JSON", async () => {
    h = await withTrack();
    const r = await h.backend.uploadReference(
      { url: "https://media.example/a/clip.mov?x=1", session_id: "sess_1" },
      h.ctx,
    );
    expect(h.server.to(uploadPath)[0]?.json).toEqual({
      urls: ["https://media.example/a/clip.mov?x=1"],
      source_type: "url",
    });
    expect(r).toMatchObject({ kind: "video", format: "mov" });
  });

  it("checks extension, contents and size before sending anything", async () => {
    h = await withTrack({}, { uploadMaxBytes: 1000 });
    const dir = h.tmp.root;
    writeFileSync(join(dir, "notes.txt"), "hello");
    writeFileSync(join(dir, "fake.mp4"), "this is not a video at all");
    writeFileSync(
      join(dir, "big.png"),
      Buffer.concat([Buffer.from([0x89]), Buffer.from("PNG\r\n"), Buffer.alloc(2000)]),
    );
    const up = (p: string) => h.backend.uploadReference({ path: join(dir, p), session_id: "sess_1" }, h.ctx);
    expect(await codeOf(up("notes.txt"))).toBe("UNSUPPORTED_FORMAT");
    expect(await codeOf(up("fake.mp4"))).toBe("UNSUPPORTED_FORMAT");
    expect(await codeOf(up("big.png"))).toBe("FILE_TOO_LARGE");
    expect(await codeOf(up("missing.mp3"))).toBe("NOT_FOUND");
    expect(await codeOf(h.backend.uploadReference({ url: "https://x.example/tool.exe" }, h.ctx))).toBe(
      "UNSUPPORTED_FORMAT",
    );
    expect(h.server.to(/^\/api\/upload-video\//)).toHaveLength(0);
  });

  it("opens a session for an upload without one", async () => {
    h = await nemoHarness();
    const r = await h.backend.uploadReference({ url: "https://media.example/clip.mp4" }, h.ctx);
    expect(r.session_id).toBe("sess_1");
    expect(h.bound).toEqual(["sess_1"]);
    const state = await h.backend.getState({ session_id: "sess_1" }, h.ctx);
    expect(state.references).toEqual([
      {
        reference_id: "file_1",
        name: "clip.mp4",
        kind: "video",
        format: "mp4",
        bytes: 0,
        url: `${h.server.url}/files/upload_1`,
      },
    ]);
  });
});
