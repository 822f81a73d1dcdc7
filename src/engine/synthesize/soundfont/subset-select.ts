/**
 * Which samples of a SoundFont a score can sound: the presets spessasynth may pick for the parts' programs
 * (its exact choice and every fallback it could take), followed through the preset zones whose key range
 * holds a played key to instruments, and their instrument zones to samples, plus the samples those link to
 * (stereo pairs). Velocity ranges are left open (the renderer quantises velocities). Pure: works on the pdta
 * chunks' bytes (SoundFont 2.04 §7: phdr 38-byte records, pbag/ibag 4, pgen/igen 4, inst 22, shdr 46).
 */

/** A program the score selects: melodic parts on channel 0 (bank 0), kits on channel 9 (the GM drum channel). */
export interface PresetRequest {
  program: number;
  kit: boolean;
  /** The MIDI keys played (velocity is left open: the renderer quantises it); every key when absent. */
  keys?: readonly number[];
}

/** The pdta sub-chunks' payloads, in file order. */
export interface Pdta {
  phdr: Uint8Array;
  pbag: Uint8Array;
  pmod: Uint8Array;
  pgen: Uint8Array;
  inst: Uint8Array;
  ibag: Uint8Array;
  imod: Uint8Array;
  igen: Uint8Array;
  shdr: Uint8Array;
}

export const PDTA_CHUNKS = ["phdr", "pbag", "pmod", "pgen", "inst", "ibag", "imod", "igen", "shdr"] as const;

export const PHDR_BYTES = 38;
export const INST_BYTES = 22;
export const BAG_BYTES = 4;
export const GEN_BYTES = 4;
export const MOD_BYTES = 10;
export const SHDR_BYTES = 46;
/** Generator operators (SoundFont 2.04 §8.1.2). */
export const GEN_INSTRUMENT = 41;
export const GEN_SAMPLE_ID = 53;
const GEN_KEY_RANGE = 43;
/** wBank bit 7 marks a GM/GS drum preset (what spessasynth calls isGMGSDrum); XG drum banks are 120/127. */
const GS_DRUM_BIT = 128;
const XG_DRUM_BANKS = new Set([120, 126, 127]);
/** Sample types that carry a link to another sample (right, left, linked; ROM variants included). */
export const LINKED_TYPES = 2 | 4 | 8;

interface PresetHeader {
  index: number;
  program: number;
  bankMsb: number;
  gsDrum: boolean;
}

export function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Every preset record but the terminal one (EOP). */
function presetHeaders(pdta: Pdta): PresetHeader[] {
  const v = view(pdta.phdr);
  const count = Math.floor(pdta.phdr.byteLength / PHDR_BYTES) - 1;
  const out: PresetHeader[] = [];
  for (let i = 0; i < count; i++) {
    const bank = v.getUint16(i * PHDR_BYTES + 22, true);
    out.push({
      index: i,
      program: v.getUint16(i * PHDR_BYTES + 20, true),
      bankMsb: bank & 127,
      gsDrum: (bank & GS_DRUM_BIT) !== 0,
    });
  }
  return out;
}

const drumLike = (p: PresetHeader) => p.gsDrum || XG_DRUM_BANKS.has(p.bankMsb);

/** The presets with the lowest program in a group: where spessasynth's sorted list starts (program, then bank). */
function lowestProgram(presets: PresetHeader[]): PresetHeader[] {
  if (presets.length === 0) return [];
  const low = Math.min(...presets.map((p) => p.program));
  return presets.filter((p) => p.program === low);
}

/**
 * The presets spessasynth may choose for a request (MIDIPatchTools.selectPatch in GS mode, the synth's default):
 * melodic — bank 0 of the program, else any non-drum bank of it, else the first preset of its sorted list;
 * kits — the GS drum preset of the program, else any drum preset of it, else the first drum kit (or preset).
 * A superset where the choice depends on details (sorting, XG detection): a few extra presets cost little.
 */
export function candidatePresets(pdta: Pdta, requests: readonly PresetRequest[]): Map<number, Keys> {
  const all = presetHeaders(pdta);
  const chosen = new Map<number, Keys>();
  let keys: Keys;
  const add = (list: PresetHeader[]) => {
    for (const p of list) chosen.set(p.index, chosen.has(p.index) ? mergeKeys(chosen.get(p.index), keys) : keys);
  };
  const firstOfSorted = () => lowestProgram(all.filter((p) => !p.gsDrum)).concat(lowestProgram(all));
  for (const request of requests) {
    const { program, kit } = request;
    keys = request.keys ? new Set(request.keys) : undefined;
    if (kit) {
      const drums = all.filter(drumLike);
      add(drums.filter((p) => p.program === program));
      // the standard kit, and the first GS / XG kit a missing program falls back to
      add(drums.filter((p) => p.gsDrum && p.program === 0));
      add(lowestProgram(drums.filter((p) => p.gsDrum)));
      add(lowestProgram(drums.filter((p) => !p.gsDrum)));
      if (!drums.some((p) => p.gsDrum)) add(firstOfSorted());
    } else {
      const melodic = all.filter((p) => !p.gsDrum && p.program === program);
      add(melodic);
      if (!melodic.some((p) => !drumLike(p))) add(firstOfSorted());
    }
  }
  return chosen;
}

/** The keys a preset or instrument is asked for: a set of MIDI keys, or undefined for every key. */
export type Keys = ReadonlySet<number> | undefined;

function mergeKeys(a: Keys, b: Keys): Keys {
  return a === undefined || b === undefined ? undefined : new Set([...a, ...b]);
}

interface Zone {
  /** keyRange (generator 43), when the zone sets one. */
  range: [number, number] | undefined;
  /** The instrument (preset zones) or sample (instrument zones) the zone plays; none in a global zone. */
  targets: number[];
}

/** The zones over a range of bags (each bag's generators run to the next bag's). */
function zones(bags: Uint8Array, gens: Uint8Array, fromBag: number, toBag: number, terminal: number): Zone[] {
  const bv = view(bags);
  const gv = view(gens);
  const bagCount = Math.floor(bags.byteLength / BAG_BYTES);
  const genCount = Math.floor(gens.byteLength / GEN_BYTES);
  const out: Zone[] = [];
  for (let b = Math.max(0, fromBag); b < Math.min(toBag, bagCount - 1); b++) {
    const zone: Zone = { range: undefined, targets: [] };
    const g0 = bv.getUint16(b * BAG_BYTES, true);
    const g1 = Math.min(bv.getUint16((b + 1) * BAG_BYTES, true), genCount);
    for (let g = g0; g < g1; g++) {
      const oper = gv.getUint16(g * GEN_BYTES, true);
      if (oper === terminal) zone.targets.push(gv.getUint16(g * GEN_BYTES + 2, true));
      else if (oper === GEN_KEY_RANGE) zone.range = [gv.getUint8(g * GEN_BYTES + 2), gv.getUint8(g * GEN_BYTES + 3)];
    }
    out.push(zone);
  }
  return out;
}

/**
 * What each target of a zone list is reached with: the asked keys inside the zone's key range — its own, else
 * the global one (spessasynth folds every zone without a target into the global zone, the last range winning;
 * an explicit 0–127, which it treats as unset, only widens this).
 */
function reach(list: Zone[], keys: Keys, into: Map<number, Keys>): void {
  let global: [number, number] | undefined;
  for (const zone of list) if (zone.targets.length === 0 && zone.range) global = zone.range;
  for (const zone of list) {
    const range = zone.range ?? global;
    let hit: Keys = keys;
    if (range && keys) hit = new Set([...keys].filter((k) => k >= range[0] && k <= range[1]));
    if (hit && hit.size === 0) continue;
    for (const t of zone.targets) into.set(t, into.has(t) ? mergeKeys(into.get(t), hit) : hit);
  }
}

/** What a subset holds: the presets asked for, the instruments and samples they reach (indices in the file). */
export interface SubsetPlan {
  presets: ReadonlySet<number>;
  instruments: ReadonlySet<number>;
  /** Ascending, linked samples included. */
  samples: number[];
}

/** The instruments and samples the given presets can play for their keys (any velocity). */
export function planSubset(pdta: Pdta, presets: ReadonlyMap<number, Keys>): SubsetPlan {
  const pv = view(pdta.phdr);
  const iv = view(pdta.inst);
  const sv = view(pdta.shdr);
  const presetCount = Math.floor(pdta.phdr.byteLength / PHDR_BYTES) - 1;
  const instCount = Math.floor(pdta.inst.byteLength / INST_BYTES) - 1;
  const sampleCount = Math.floor(pdta.shdr.byteLength / SHDR_BYTES) - 1;
  const instruments = new Map<number, Keys>();
  for (const [p, keys] of presets) {
    if (p < 0 || p >= presetCount) continue;
    const from = pv.getUint16(p * PHDR_BYTES + 24, true);
    const to = pv.getUint16((p + 1) * PHDR_BYTES + 24, true);
    reach(zones(pdta.pbag, pdta.pgen, from, to, GEN_INSTRUMENT), keys, instruments);
  }
  const reached = new Map<number, Keys>();
  for (const [i, keys] of instruments) {
    if (i >= instCount) continue;
    const from = iv.getUint16(i * INST_BYTES + 20, true);
    const to = iv.getUint16((i + 1) * INST_BYTES + 20, true);
    reach(zones(pdta.ibag, pdta.igen, from, to, GEN_SAMPLE_ID), keys, reached);
  }
  const samples = new Set([...reached.keys()].filter((s) => s < sampleCount));
  const kept = [...instruments.keys()].filter((i) => i < instCount);
  // stereo pairs (and chains of linked samples): follow links until nothing new
  const queue = [...samples];
  while (queue.length > 0) {
    const s = queue.pop() as number;
    const type = sv.getUint16(s * SHDR_BYTES + 44, true);
    if ((type & LINKED_TYPES) === 0) continue;
    const link = sv.getUint16(s * SHDR_BYTES + 42, true);
    if (link < sampleCount && !samples.has(link)) {
      samples.add(link);
      queue.push(link);
    }
  }
  return {
    presets: new Set([...presets.keys()].filter((p) => p >= 0 && p < presetCount)),
    instruments: new Set(kept),
    samples: [...samples].sort((a, b) => a - b),
  };
}
