/**
 * Versions on disk. A new version is built in a staging folder, its manifest written last, then the folder
 * is renamed to `v<n>` in one step; a crash before the rename leaves only a `.staging-*` folder, which no
 * reader looks at and the next writer removes. A `v<n>` whose manifest is missing, unreadable or whose files
 * do not match their recorded sizes is skipped, never loaded.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { ComposerError } from "../../errors.js";
import { log } from "../../log.js";
import { fsyncDir, writeJsonAtomic, writeNewFile } from "./atomic.js";
import { within } from "./paths.js";
import { STORE_FORMAT, type StoredFile, type VersionManifest } from "./records.js";

const MANIFEST = "manifest.json";
const VERSION_DIR = /^v([1-9][0-9]{0,5})$/;
const STORED_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$/;

export function sha256(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** A version being written. Nothing in it is visible until `commit`. */
export class VersionStage {
  private readonly files: StoredFile[] = [];
  /** The written files' flushes to disk, under way: the manifest waits for them. */
  private readonly flushes: Promise<void>[] = [];
  private done = false;

  constructor(
    readonly dir: string,
    private readonly versionsDir: string,
    readonly version: number,
  ) {}

  /** Writes one file into the version and records its size and checksum. */
  async put(name: string, data: Uint8Array | string): Promise<StoredFile> {
    if (!STORED_NAME.test(name) || name === MANIFEST) throw new Error(`bad stored file name ${name}`);
    this.flushing(await writeNewFile(join(this.dir, name), data));
    const record = {
      name,
      bytes: typeof data === "string" ? Buffer.byteLength(data) : data.byteLength,
      sha256: sha256(data),
    };
    this.files.push(record);
    return record;
  }

  /** The same for data given as chunks written in turn (a long pre-master streamed to disk). */
  async putChunks(name: string, chunks: Iterable<Uint8Array>): Promise<StoredFile> {
    if (!STORED_NAME.test(name) || name === MANIFEST) throw new Error(`bad stored file name ${name}`);
    const hash = createHash("sha256");
    let bytes = 0;
    const counted = function* () {
      for (const chunk of chunks) {
        hash.update(chunk);
        bytes += chunk.byteLength;
        yield chunk;
      }
    };
    this.flushing(await writeNewFile(join(this.dir, name), counted()));
    const record = { name, bytes, sha256: hash.digest("hex") };
    this.files.push(record);
    return record;
  }

  private flushing({ flushed }: { flushed: Promise<void> }): void {
    // a failed flush is reported by commit (or settles quietly in abort), never as an unhandled rejection
    flushed.catch(() => {});
    this.flushes.push(flushed);
  }

  get stored(): StoredFile[] {
    return [...this.files];
  }

  /** Writes the manifest and makes the version visible as `v<n>`. */
  async commit(manifest: Omit<VersionManifest, "format" | "stored">): Promise<VersionManifest> {
    const full: VersionManifest = { format: STORE_FORMAT, ...manifest, stored: this.stored };
    // every file on disk before the manifest that names them
    await Promise.all(this.flushes);
    await writeJsonAtomic(join(this.dir, MANIFEST), full);
    const target = join(this.versionsDir, `v${this.version}`);
    await moveAsideIfPresent(target);
    await rename(this.dir, target);
    await fsyncDir(this.versionsDir);
    this.done = true;
    return full;
  }

  /** Removes the staging folder (after a failure or cancel). */
  async abort(): Promise<void> {
    if (this.done) return;
    await Promise.allSettled(this.flushes);
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** A broken `v<n>` left by a crash or damage is kept for inspection under another name, never reused. */
async function moveAsideIfPresent(path: string): Promise<void> {
  try {
    await stat(path);
  } catch {
    return;
  }
  const aside = `${path.replace(/v(\d+)$/, ".broken-v$1")}-${randomBytes(4).toString("hex")}`;
  log.warn("moving a damaged version folder aside", { path, aside });
  await rename(path, aside);
}

/** Starts version `version`; removes staging folders left by earlier crashes (the caller holds the lock). */
export async function stageVersion(versionsDir: string, version: number): Promise<VersionStage> {
  await mkdir(versionsDir, { recursive: true });
  for (const name of await readdir(versionsDir)) {
    if (name.startsWith(".staging-")) await rm(join(versionsDir, name), { recursive: true, force: true });
  }
  const dir = join(versionsDir, `.staging-${randomBytes(6).toString("hex")}`);
  await mkdir(dir);
  return new VersionStage(dir, versionsDir, version);
}

function looksLikeManifest(value: unknown, sessionId: string, version: number): value is VersionManifest {
  if (!value || typeof value !== "object") return false;
  const m = value as Partial<VersionManifest>;
  return (
    m.format === STORE_FORMAT &&
    m.session_id === sessionId &&
    m.version === version &&
    Array.isArray(m.stored) &&
    m.stored.every((f) => f && typeof f.name === "string" && STORED_NAME.test(f.name) && typeof f.bytes === "number") &&
    typeof m.master === "object" &&
    m.master !== null &&
    typeof m.result === "object" &&
    m.result !== null
  );
}

/** The manifest of `v<n>` when the version is whole, else undefined. */
export async function readValidVersion(
  versionsDir: string,
  sessionId: string,
  version: number,
): Promise<VersionManifest | undefined> {
  const dir = within(versionsDir, `v${version}`);
  // A file may vanish between reading the manifest and checking it when pruning rewrote the manifest in
  // that moment; one fresh read tells that apart from damage.
  for (let attempt = 0; attempt < 2; attempt++) {
    let manifest: unknown;
    try {
      manifest = JSON.parse(await readFile(join(dir, MANIFEST), "utf8"));
    } catch {
      return undefined;
    }
    if (!looksLikeManifest(manifest, sessionId, version)) return undefined;
    if (await filesMatch(dir, manifest)) return manifest;
  }
  return undefined;
}

async function filesMatch(dir: string, manifest: VersionManifest): Promise<boolean> {
  for (const file of manifest.stored) {
    try {
      const info = await stat(join(dir, file.name));
      if (!info.isFile() || info.size !== file.bytes) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** Every whole version of a session, oldest first. */
export async function listValidVersions(versionsDir: string, sessionId: string): Promise<VersionManifest[]> {
  let names: string[];
  try {
    names = await readdir(versionsDir);
  } catch {
    return [];
  }
  const numbers = names
    .map((n) => VERSION_DIR.exec(n)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  const found = await Promise.all(numbers.map((n) => readValidVersion(versionsDir, sessionId, n)));
  return found.filter((m): m is VersionManifest => m !== undefined);
}

/** Reads a stored file of a whole version, checking its checksum. */
export async function readStored(versionsDir: string, manifest: VersionManifest, name: string): Promise<Buffer> {
  const record = manifest.stored.find((f) => f.name === name);
  if (!record) {
    throw new ComposerError("NOT_FOUND", `Version ${manifest.version} has no stored ${name}.`, {
      hint: "Generate the track again to rebuild this version.",
    });
  }
  const data = await readFile(join(within(versionsDir, `v${manifest.version}`), record.name));
  if (data.byteLength !== record.bytes || sha256(data) !== record.sha256) {
    throw new ComposerError("INTERNAL", `Version ${manifest.version}'s ${name} is damaged on disk.`, {
      hint: "Generate the track again (or restore another version) to get a whole copy.",
    });
  }
  return data;
}

/**
 * The same, for a large file: read in 1 MB chunks handed to `consume` as they come (each only valid during
 * the call), the checksum checked at the end — so a stored pre-master never sits in memory twice.
 */
export async function readStoredChunks(
  versionsDir: string,
  manifest: VersionManifest,
  name: string,
  consume: (chunk: Uint8Array) => void,
): Promise<void> {
  const record = manifest.stored.find((f) => f.name === name);
  if (!record) {
    throw new ComposerError("NOT_FOUND", `Version ${manifest.version} has no stored ${name}.`, {
      hint: "Generate the track again to rebuild this version.",
    });
  }
  const handle = await open(join(within(versionsDir, `v${manifest.version}`), record.name), "r");
  const hash = createHash("sha256");
  let bytes = 0;
  try {
    const scratch = new Uint8Array(1 << 20);
    for (;;) {
      const { bytesRead } = await handle.read(scratch, 0, scratch.length, null);
      if (bytesRead === 0) break;
      const chunk = scratch.subarray(0, bytesRead);
      hash.update(chunk);
      bytes += bytesRead;
      consume(chunk);
    }
  } finally {
    await handle.close();
  }
  if (bytes !== record.bytes || hash.digest("hex") !== record.sha256) {
    throw new ComposerError("INTERNAL", `Version ${manifest.version}'s ${name} is damaged on disk.`, {
      hint: "Generate the track again (or restore another version) to get a whole copy.",
    });
  }
}

/**
 * Removes one stored file from a whole version: the manifest is rewritten without it first, so a crash in
 * between leaves a whole version and at worst an unlisted file.
 */
export async function dropStored(
  versionsDir: string,
  manifest: VersionManifest,
  name: string,
): Promise<VersionManifest> {
  const dir = within(versionsDir, `v${manifest.version}`);
  const next: VersionManifest = {
    ...manifest,
    stored: manifest.stored.filter((f) => f.name !== name),
    master: manifest.master.premix === name ? { ...manifest.master, premix: null } : manifest.master,
  };
  await writeJsonAtomic(join(dir, MANIFEST), next);
  await rm(join(dir, name), { force: true });
  return next;
}

export function versionDir(versionsDir: string, version: number): string {
  return within(versionsDir, `v${version}`);
}
