/**
 * A lock file beside a session's metadata, so two server processes sharing one data folder (two clients
 * started at once) still take turns. The file holds the owner's pid; a lock whose owner is gone, or that is
 * older than STALE_MS, is broken.
 */
import { randomBytes } from "node:crypto";
import { open, readFile, rm, stat } from "node:fs/promises";
import { hostname } from "node:os";
import { ComposerError } from "../../errors.js";
import { isProcessRunning } from "../dsp/processes.js";

const DEFAULTS = {
  /** A lock from another host untouched this long is treated as abandoned (its process crashed). */
  staleMs: 10 * 60 * 1000,
  /** How long to wait for another process before giving up. */
  waitMs: 120 * 1000,
  pollMs: 40,
};

/** Tells this process's locks from those of an earlier process that had the same pid. */
const PROCESS_TOKEN = randomBytes(6).toString("hex");

async function isStale(path: string): Promise<boolean> {
  try {
    const [text, info] = await Promise.all([readFile(path, "utf8"), stat(path)]);
    const [pidText, host, token] = text.trim().split(" ");
    const pid = Number(pidText);
    // On this host the owner's pid says it all (a long render may hold the lock for a while). Our own pid
    // with another token is an earlier process that had the same pid (containers restart as pid 1).
    if (host === hostname() && Number.isInteger(pid) && pid > 0) {
      return pid === process.pid ? token !== PROCESS_TOKEN : !isProcessRunning(pid);
    }
    return Date.now() - info.mtimeMs > DEFAULTS.staleMs;
  } catch {
    // Vanished or unreadable while we looked: try again.
    return false;
  }
}

/** Takes the lock at `path`, waiting for another process to release it; returns the release function. */
export async function acquireLockFile(path: string, signal?: AbortSignal): Promise<() => Promise<void>> {
  const deadline = Date.now() + DEFAULTS.waitMs;
  for (;;) {
    try {
      const handle = await open(path, "wx");
      await handle.writeFile(`${process.pid} ${hostname()} ${PROCESS_TOKEN}\n`);
      await handle.close();
      return async () => {
        await rm(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    if (await isStale(path)) {
      await rm(path, { force: true });
      continue;
    }
    if (signal?.aborted)
      throw new ComposerError("CANCELLED", "The request was cancelled while waiting for the session.");
    if (Date.now() > deadline) {
      throw new ComposerError("CONFLICT", "Another composer process has held this session for too long.", {
        hint: "Wait for the other client's job to finish, then try again.",
        retryable: true,
      });
    }
    await new Promise((r) => setTimeout(r, DEFAULTS.pollMs));
  }
}
