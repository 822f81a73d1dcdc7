/**
 * Keeping the data folder a reasonable size. Pre-master mixes (32-bit float, about 21 MB per stereo minute)
 * let export re-master in seconds; they are kept for the newest versions of each session and, across all
 * sessions, only up to a byte budget. A version that lost its mix keeps its score and renders it again on
 * export, which gives the same audio. The manifest is rewritten before the file goes, under the session lock.
 */
import type { SessionStore } from "./store.js";
import { dropStored } from "./versions.js";

export const PRUNE_DEFAULTS = {
  /** Newest versions of one session that keep their pre-master mix. */
  premixesPerSession: 3,
  /** All pre-master mixes together, newest first, stay within this (≈ 50 minutes of stereo audio). */
  premixBudgetBytes: 1024 ** 3,
};

/** Drops the pre-master mixes of all but the newest versions of a session (the caller holds its lock). */
export async function prunePremixes(store: SessionStore, sessionId: string, keep = PRUNE_DEFAULTS.premixesPerSession) {
  const all = await store.versions(sessionId);
  for (const manifest of all.slice(0, Math.max(0, all.length - keep))) {
    if (manifest.master.premix) await dropStored(store.versionsDir(sessionId), manifest, manifest.master.premix);
  }
}

interface Kept {
  sessionId: string;
  version: number;
  bytes: number;
  createdAt: string;
}

/**
 * Keeps the newest pre-master mixes of all sessions within `budgetBytes` (the newest one always stays).
 * Takes one session lock at a time, never while holding another, so it cannot deadlock with a generation.
 */
export async function prunePremixBudget(store: SessionStore, budgetBytes = PRUNE_DEFAULTS.premixBudgetBytes) {
  const kept: Kept[] = [];
  for (const sessionId of await store.sessionIds()) {
    for (const m of await store.versions(sessionId).catch(() => [])) {
      if (!m.master.premix) continue;
      const bytes = m.stored.find((f) => f.name === m.master.premix)?.bytes ?? 0;
      kept.push({ sessionId, version: m.version, bytes, createdAt: m.created_at });
    }
  }
  kept.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  let total = 0;
  const drop: Kept[] = [];
  kept.forEach((k, i) => {
    total += k.bytes;
    if (i > 0 && total > budgetBytes) drop.push(k);
  });
  for (const victim of drop) {
    // A session busy with a call here is left for the next round rather than waited on.
    if (store.isBusy(victim.sessionId)) continue;
    await store
      .withSession(victim.sessionId, async () => {
        const manifest = (await store.versions(victim.sessionId)).find((m) => m.version === victim.version);
        if (manifest?.master.premix)
          await dropStored(store.versionsDir(victim.sessionId), manifest, manifest.master.premix);
      })
      .catch(() => {});
  }
  return { kept: kept.length - drop.length, dropped: drop.length };
}
