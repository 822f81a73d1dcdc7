/**
 * The pdta of a subset SoundFont (SoundFont 2.04 §7): every preset header kept — so spessasynth's preset list,
 * its sorting and its fallbacks are exactly the file's — but only the planned presets keep their zones; only
 * the instruments and samples they reach remain, renumbered, each zone's generators and modulators copied
 * byte for byte (instrument and sample references rewritten). Parsing it costs a few records, not the file's
 * thousands. Terminal records (EOP, EOI, EOS and the closing bag, generator and modulator) end every list.
 */
import {
  BAG_BYTES,
  GEN_BYTES,
  GEN_INSTRUMENT,
  GEN_SAMPLE_ID,
  INST_BYTES,
  LINKED_TYPES,
  MOD_BYTES,
  type Pdta,
  PHDR_BYTES,
  SHDR_BYTES,
  type SubsetPlan,
  view,
} from "./subset-select.js";

/** Where a kept sample's bytes come from in the file's smpl and go in the subset's. */
export interface Placement {
  sample: number;
  from: number;
  bytes: number;
  to: number;
}

const COMPRESSED = 0x10;

/** A growing little-endian byte list. */
class Bytes {
  private buf = new Uint8Array(1024);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    grown.set(this.buf.subarray(0, this.length));
    this.buf = grown;
  }

  copy(from: Uint8Array, at: number, n: number): number {
    this.room(n);
    this.buf.set(from.subarray(at, at + n), this.length);
    this.length += n;
    return this.length - n;
  }

  u16(at: number, value: number): void {
    new DataView(this.buf.buffer).setUint16(at, value, true);
  }

  u32(at: number, value: number): void {
    new DataView(this.buf.buffer).setUint32(at, value, true);
  }

  text(at: number, value: string): void {
    for (let k = 0; k < value.length; k++) this.buf[at + k] = value.charCodeAt(k);
  }

  zeros(n: number): number {
    this.room(n);
    this.buf.fill(0, this.length, this.length + n);
    this.length += n;
    return this.length - n;
  }

  done(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

interface ZoneSource {
  bags: Uint8Array;
  gens: Uint8Array;
  mods: Uint8Array;
  /** The generator that names each zone's target (instrument or sample). */
  terminal: number;
  /** Old target index → new; zones naming a target not here are left out (none of the asked keys reach them). */
  renumber: ReadonlyMap<number, number>;
}

/** Copies zones [fromBag, toBag) into the output lists; returns how many were kept. */
function copyZones(src: ZoneSource, fromBag: number, toBag: number, out: { bag: Bytes; gen: Bytes; mod: Bytes }) {
  const bv = view(src.bags);
  const gv = view(src.gens);
  const bagCount = Math.floor(src.bags.length / BAG_BYTES);
  const genCount = Math.floor(src.gens.length / GEN_BYTES);
  const modCount = Math.floor(src.mods.length / MOD_BYTES);
  let kept = 0;
  for (let b = Math.max(0, fromBag); b < Math.min(toBag, bagCount - 1); b++) {
    const g0 = bv.getUint16(b * BAG_BYTES, true);
    const g1 = Math.min(bv.getUint16((b + 1) * BAG_BYTES, true), genCount);
    const m0 = bv.getUint16(b * BAG_BYTES + 2, true);
    const m1 = Math.min(bv.getUint16((b + 1) * BAG_BYTES + 2, true), modCount);
    let reached = true;
    for (let g = g0; g < g1; g++) {
      if (gv.getUint16(g * GEN_BYTES, true) !== src.terminal) continue;
      if (!src.renumber.has(gv.getUint16(g * GEN_BYTES + 2, true))) reached = false;
    }
    if (!reached) continue;
    const bag = out.bag.zeros(BAG_BYTES);
    out.bag.u16(bag, out.gen.length / GEN_BYTES);
    out.bag.u16(bag + 2, out.mod.length / MOD_BYTES);
    for (let g = g0; g < g1; g++) {
      const at = out.gen.copy(src.gens, g * GEN_BYTES, GEN_BYTES);
      const oper = gv.getUint16(g * GEN_BYTES, true);
      if (oper === src.terminal) out.gen.u16(at + 2, src.renumber.get(gv.getUint16(g * GEN_BYTES + 2, true)) ?? 0);
    }
    if (m1 > m0) out.mod.copy(src.mods, m0 * MOD_BYTES, (m1 - m0) * MOD_BYTES);
    kept++;
  }
  return kept;
}

/** Closes a zone list: the terminal bag (pointing past the last generator and modulator) and terminal records. */
function closeZones(out: { bag: Bytes; gen: Bytes; mod: Bytes }): void {
  const bag = out.bag.zeros(BAG_BYTES);
  out.bag.u16(bag, out.gen.length / GEN_BYTES);
  out.bag.u16(bag + 2, out.mod.length / MOD_BYTES);
  out.gen.zeros(GEN_BYTES);
  out.mod.zeros(MOD_BYTES);
}

/** The kept samples' headers, pointing at their new places, with stereo links renumbered. */
function sampleHeaders(shdr: Uint8Array, placements: readonly Placement[], renumber: ReadonlyMap<number, number>) {
  const src = view(shdr);
  const out = new Bytes();
  const clamp = (x: number) => Math.max(0, Math.min(0xffffffff, x));
  for (const p of placements) {
    const at = out.copy(shdr, p.sample * SHDR_BYTES, SHDR_BYTES);
    const old = p.sample * SHDR_BYTES;
    const type = src.getUint16(old + 44, true);
    if (type & COMPRESSED) {
      // byte offsets of the Ogg blob; loop points are relative to it and stay as they are
      out.u32(at + 20, p.to);
      out.u32(at + 24, p.to + p.bytes);
    } else {
      const moved = p.to / 2 - src.getUint32(old + 20, true);
      out.u32(at + 20, p.to / 2);
      out.u32(at + 24, (p.to + p.bytes) / 2);
      out.u32(at + 28, clamp(src.getUint32(old + 28, true) + moved));
      out.u32(at + 32, clamp(src.getUint32(old + 32, true) + moved));
    }
    if (type & LINKED_TYPES) out.u16(at + 42, renumber.get(src.getUint16(old + 42, true)) ?? 0);
  }
  // EOS: the terminal record keeps the file's (its name is all spessasynth reads, then drops it)
  const terminal = shdr.length - SHDR_BYTES;
  if (terminal >= 0) out.copy(shdr, terminal, SHDR_BYTES);
  else out.zeros(SHDR_BYTES);
  return out.done();
}

/** The subset's pdta for a plan; `placements` are the plan's samples, in order, at their new offsets. */
export function reducePdta(pdta: Pdta, plan: SubsetPlan, placements: readonly Placement[]): Pdta {
  const sampleIndex = new Map(placements.map((p, i) => [p.sample, i]));
  const instruments = [...plan.instruments].sort((a, b) => a - b);
  const instrumentIndex = new Map(instruments.map((old, i) => [old, i]));
  const inst = view(pdta.inst);
  const instZones = { bag: new Bytes(), gen: new Bytes(), mod: new Bytes() };
  const instOut = new Bytes();
  const samplesSrc: ZoneSource = {
    bags: pdta.ibag,
    gens: pdta.igen,
    mods: pdta.imod,
    terminal: GEN_SAMPLE_ID,
    renumber: sampleIndex,
  };
  for (const i of instruments) {
    const at = instOut.copy(pdta.inst, i * INST_BYTES, INST_BYTES);
    instOut.u16(at + 20, instZones.bag.length / BAG_BYTES);
    const from = inst.getUint16(i * INST_BYTES + 20, true);
    copyZones(samplesSrc, from, inst.getUint16((i + 1) * INST_BYTES + 20, true), instZones);
  }
  const eoi = instOut.zeros(INST_BYTES);
  instOut.text(eoi, "EOI");
  instOut.u16(eoi + 20, instZones.bag.length / BAG_BYTES);
  closeZones(instZones);

  const phdr = view(pdta.phdr);
  const presetCount = Math.floor(pdta.phdr.length / PHDR_BYTES) - 1;
  const presetZones = { bag: new Bytes(), gen: new Bytes(), mod: new Bytes() };
  const phdrOut = new Bytes();
  const instrumentsSrc: ZoneSource = {
    bags: pdta.pbag,
    gens: pdta.pgen,
    mods: pdta.pmod,
    terminal: GEN_INSTRUMENT,
    renumber: instrumentIndex,
  };
  for (let p = 0; p <= presetCount; p++) {
    // every header (EOP included) stays; only the planned presets keep their zones
    const at = phdrOut.copy(pdta.phdr, p * PHDR_BYTES, PHDR_BYTES);
    phdrOut.u16(at + 24, presetZones.bag.length / BAG_BYTES);
    if (p < presetCount && plan.presets.has(p)) {
      const from = phdr.getUint16(p * PHDR_BYTES + 24, true);
      copyZones(instrumentsSrc, from, phdr.getUint16((p + 1) * PHDR_BYTES + 24, true), presetZones);
    }
  }
  closeZones(presetZones);
  return {
    phdr: phdrOut.done(),
    pbag: presetZones.bag.done(),
    pmod: presetZones.mod.done(),
    pgen: presetZones.gen.done(),
    inst: instOut.done(),
    ibag: instZones.bag.done(),
    imod: instZones.mod.done(),
    igen: instZones.gen.done(),
    shdr: sampleHeaders(pdta.shdr, placements, sampleIndex),
  };
}
