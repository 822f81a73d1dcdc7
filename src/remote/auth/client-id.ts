/**
 * The anonymous client id: NEMO_CLIENT_ID, else ~/.config/nemovideo/client_id, else a new UUID written
 * there (directory 0700, file 0600). The same id across runs keeps the service's one-token-per-client
 * rule on our side.
 */
import { randomUUID } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { log } from "../../log.js";

/** Loose on purpose: other tools may have written a non-UUID id, and it is still theirs to keep. */
const USABLE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{7,127}$/;

export function clientIdPath(home: string): string {
  return join(home, ".config", "nemovideo", "client_id");
}

function readId(path: string): string | undefined {
  try {
    const id = readFileSync(path, "utf8").trim();
    return USABLE_ID.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

function writeNewId(path: string, dir: string, replace: boolean): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const id = randomUUID();
  try {
    writeFileSync(path, `${id}\n`, { mode: 0o600, flag: replace ? "w" : "wx" });
  } catch (error) {
    // Another process made it between our read and write: theirs wins, so both use one id.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return readId(path) ?? writeNewId(path, dir, true);
    throw error;
  }
  chmodSync(path, 0o600);
  log.info("created the NemoVideo client id file", { path });
  return id;
}

export class ClientIdStore {
  private cached: string | undefined;

  constructor(
    private readonly home: string,
    private readonly fromEnv: string | undefined,
  ) {}

  get path(): string {
    return clientIdPath(this.home);
  }

  get(): string {
    if (this.fromEnv) return this.fromEnv;
    if (this.cached) return this.cached;
    const dir = join(this.home, ".config", "nemovideo");
    const existing = readId(this.path);
    this.cached = existing ?? writeNewId(this.path, dir, existsButUnusable(this.path));
    return this.cached;
  }

  /** After the service said the id was missing: make it again (a usable stored id is kept). */
  remake(): string {
    this.cached = undefined;
    return this.get();
  }
}

function existsButUnusable(path: string): boolean {
  try {
    readFileSync(path);
    return true;
  } catch {
    return false;
  }
}
