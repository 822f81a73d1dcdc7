import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KeyedMutex } from "../../../../src/engine/sessions/lock.js";
import { slug, writeUnique } from "../../../../src/engine/sessions/names.js";
import { assertId, resolveOutDir, within } from "../../../../src/engine/sessions/paths.js";
import { floatWav, readFloatWav } from "../../../../src/engine/sessions/pcm.js";
import { parseRestore } from "../../../../src/engine/sessions/restore.js";

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "composer-helpers-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("names", () => {
  it("never overwrites: -v3, then -v3-2, -v3-3; existing bytes untouched", async () => {
    writeFileSync(join(root, "song-v3.wav"), "original");
    const a = await writeUnique(root, "song-v3", "wav", "new a");
    const b = await writeUnique(root, "song-v3", "wav", "new b");
    expect([a, b]).toEqual([join(root, "song-v3-2.wav"), join(root, "song-v3-3.wav")]);
    expect(readFileSync(join(root, "song-v3.wav"), "utf8")).toBe("original");
    const racing = await Promise.all(Array.from({ length: 6 }, (_, i) => writeUnique(root, "race", "mid", `${i}`)));
    expect(new Set(racing).size).toBe(6);
  });

  it("slugs titles to safe ASCII names", () => {
    expect(slug("Sunny Pop! (Radio Edit)")).toBe("sunny-pop-radio-edit");
    expect(slug("../../etc/passwd")).toBe("etc-passwd");
    expect(slug("中国风")).toBe("track");
    expect(slug("Café")).toBe("cafe");
  });
});

describe("paths", () => {
  it("refuses ids that could build a path", () => {
    for (const bad of ["..", "../a", "a/b", "a\\b", ".x", "", " a", "a b", "x".repeat(129), "a\u0000"]) {
      expect(() => assertId(bad, "session_id")).toThrowError(/not a valid id/);
    }
    expect(assertId("s_0123abcd", "session_id")).toBe("s_0123abcd");
  });

  it("keeps joined paths inside their root and resolves out_dir", () => {
    expect(() => within(root, "..", "x")).toThrowError(/leave/);
    expect(within(root, "a", "b")).toBe(join(root, "a", "b"));
    expect(resolveOutDir(root, "mixes")).toBe(join(root, "mixes"));
    expect(resolveOutDir(root, "/tmp/abs")).toBe("/tmp/abs");
    expect(() => resolveOutDir(root, "../up")).toThrowError(/climbs out/);
    expect(() => resolveOutDir(root, "a/../../up")).toThrowError(/climbs out/);
  });
});

describe("restore phrases", () => {
  it.each([
    ["go back to version 2", 2, ""],
    ["Go back to v3, but slower", 3, "slower"],
    ["revert to version 1 and add drums", 1, "add drums"],
    ["restore version 12", 12, ""],
    ["回到第2版", 2, ""],
    ["回到第二个版本，节奏慢一点", 2, "节奏慢一点"],
    ["恢复到第十一版", 11, ""],
  ])("%s", (prompt, version, rest) => {
    expect(parseRestore(prompt)).toEqual({ version, rest });
  });

  it("ignores prompts that do not go back", () => {
    expect(parseRestore("a version 2 of the theme, slower")).toBeUndefined();
    expect(parseRestore("slightly slower")).toBeUndefined();
  });
});

describe("KeyedMutex", () => {
  it("runs one key in arrival order and different keys side by side", async () => {
    const mutex = new KeyedMutex();
    const order: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const job = (key: string, name: string, ms: number) =>
      mutex.run(key, async () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, ms));
        order.push(name);
        inFlight--;
      });
    await Promise.all([job("a", "a1", 30), job("a", "a2", 1), job("a", "a3", 10), job("b", "b1", 5)]);
    expect(order.filter((n) => n.startsWith("a"))).toEqual(["a1", "a2", "a3"]);
    expect(maxInFlight).toBe(2);
    expect(mutex.busyKeys).toEqual([]);
  });

  it("a failing holder releases the key", async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.run("k", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(mutex.run("k", async () => 5)).resolves.toBe(5);
  });
});

describe("stored master", () => {
  it("round-trips float samples exactly", () => {
    const left = Float32Array.from([0, 0.5, -0.25, 1e-7]);
    const right = Float32Array.from([1, -1, 0.125, 0]);
    const back = readFloatWav(floatWav({ sampleRate: 48000, left, right }));
    expect(back.sampleRate).toBe(48000);
    expect([...back.left]).toEqual([...left]);
    expect([...back.right]).toEqual([...right]);
  });
});

describe("lock file", () => {
  it("breaks a lock whose owner died and waits for a live owner", async () => {
    const { acquireLockFile } = await import("../../../../src/engine/sessions/lockfile.js");
    const { hostname } = await import("node:os");
    const path = join(root, ".lock");
    writeFileSync(path, `2147483646 ${hostname()}\n`);
    const release = await acquireLockFile(path);
    expect(readFileSync(path, "utf8")).toMatch(new RegExp(`^${process.pid} ${hostname()} [0-9a-f]{12}\n$`));
    await release();

    // Left by an earlier process that had our pid (a container restarted as pid 1): broken, not waited on.
    writeFileSync(path, `${process.pid} ${hostname()} 000000000000\n`);
    await (await acquireLockFile(path))();

    writeFileSync(path, `${process.ppid} ${hostname()}\n`);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    await expect(acquireLockFile(path, controller.signal)).rejects.toMatchObject({ code: "CANCELLED" });
    expect(readFileSync(path, "utf8")).toBe(`${process.ppid} ${hostname()}\n`);
  });
});
