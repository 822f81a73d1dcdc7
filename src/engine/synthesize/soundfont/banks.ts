/**
 * The parsed SoundFont banks, cut to what the scores play: each file's layout is read once (per size and
 * modification time: sample offsets from an older copy of a replaced file would read noise), and the subsets
 * built from it are kept by (file, presets) with a short LRU, so a long-running server holds one or two small
 * banks rather than whole GM files. SoundFonts the subsetter cannot cut are loaded whole.
 */
import { readFile, stat } from "node:fs/promises";
import type { SoundBankLoader } from "spessasynth_core";
import { type PresetRequest, readSoundfontLayout, readSoundfontSubset, type SoundfontLayout } from "./subset.js";

export type Bank = ReturnType<typeof SoundBankLoader.fromArrayBuffer>;
/** Each file version's layout (its INFO and pdta chunks, a few hundred KB), the last few kept. */
const layouts = new Map<string, Promise<SoundfontLayout | undefined>>();
const LAYOUTS_KEPT = 4;
/** Loaded subsets by (file, presets), least recently used first: a server does not keep every combination. */
const banks = new Map<string, Promise<Bank>>();
const BANKS_KEPT = 2;
/** The cached promise for a key (moved to most recently used), or a new one, forgotten if it fails. */
function cached<T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let value = map.get(key);
  // re-inserted below, so a Map's insertion order is its use order
  if (value) map.delete(key);
  else {
    value = load();
    const settled = value;
    settled.catch(() => {
      if (map.get(key) === settled) map.delete(key);
    });
  }
  map.set(key, value);
  return value;
}

/** Drops the least recently used entries beyond a count. */
function trim<T>(map: Map<string, T>, kept: number): void {
  for (const key of map.keys()) {
    if (map.size <= kept) break;
    map.delete(key);
  }
}

/** The whole file, for SoundFonts the subsetter cannot cut (RF64, SF2Pack, extended records). */
async function wholeFile(file: string): Promise<ArrayBuffer> {
  const data = await readFile(file);
  // a large file has an ArrayBuffer of its own: parse it in place rather than copy 100+ MB
  return data.byteOffset === 0 && data.byteLength === data.buffer.byteLength
    ? (data.buffer as ArrayBuffer)
    : data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
}

/**
 * Whether the file can be played: its layout reads (the subset is then cut from it), or — a format the
 * subsetter cannot cut — the synthesizer loads it whole. Throws when it can do neither.
 */
export async function checkSoundfont(file: string, presets: readonly PresetRequest[]): Promise<void> {
  const { size, mtimeMs } = await stat(file);
  const layout = await cached(layouts, `${file}\n${size}\n${mtimeMs}`, () => readSoundfontLayout(file));
  trim(layouts, LAYOUTS_KEPT);
  if (!layout) await loadBank(file, presets);
}

export async function loadBank(file: string, presets: readonly PresetRequest[]): Promise<Bank> {
  const { size, mtimeMs } = await stat(file);
  const version = `${file}\n${size}\n${mtimeMs}`;
  const bank = cached(banks, `${version}\n${presetsKey(presets)}`, async () => {
    const layout = await cached(layouts, version, () => readSoundfontLayout(file));
    trim(layouts, LAYOUTS_KEPT);
    const data = layout ? await readSoundfontSubset(file, layout, presets) : await wholeFile(file);
    // the synthesizer's code (~20 MB resident) is loaded only when a SoundFont is played
    const { SoundBankLoader: loader } = await import("spessasynth_core");
    return loader.fromArrayBuffer(data);
  });
  trim(banks, BANKS_KEPT);
  return bank;
}

const programKey = (p: PresetRequest) => `${p.kit ? "k" : "m"}${p.program}`;

/** One request per program and channel, keys merged (every key if any request leaves them open), in a fixed order. */
export function distinct(presets: readonly PresetRequest[]): PresetRequest[] {
  const merged = new Map<string, PresetRequest>();
  for (const p of presets) {
    const before = merged.get(programKey(p));
    const everyKey = !p.keys || (before !== undefined && !before.keys);
    const keys = everyKey ? undefined : [...new Set([...(before?.keys ?? []), ...(p.keys ?? [])])];
    merged.set(programKey(p), {
      program: p.program,
      kit: p.kit,
      ...(keys ? { keys: keys.sort((a, b) => a - b) } : {}),
    });
  }
  return [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, p]) => p);
}

function presetsKey(presets: readonly PresetRequest[]): string {
  return distinct(presets)
    .map((p) => `${programKey(p)}${p.keys ? `:${p.keys.join(".")}` : ""}`)
    .join(",");
}
