/**
 * Note keys: which notes of a part are one stored note (see rendered-notes.ts), and the seed each key's
 * synthesis draws from. A part repeats few keys, so each is made once, with its synthesis, and every repeat
 * finds it by a number rather than by building its string again.
 */

function hashSeed(a: number, b: number): number {
  let h = (a ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (b + 0x7f4a7c15), 0x85ebca6b) >>> 0;
  return (h ^ (h >>> 13)) >>> 0;
}

function hashKey(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** What every event of one key shares: the key, and the synthesis of its note. */
export interface KeyedNote {
  key: string;
  render: () => Float32Array;
}

/**
 * A number that stands for a note's key within its part (pitch, quantised velocity step, gate or choke,
 * variant), so repeats find their key without building its string; undefined for a pitch outside the MIDI
 * range or not whole (its key is then built each time).
 */
function keyNumber(pitch: number, velocityStep: number, samples: number, variant: number): number | undefined {
  if (!Number.isInteger(pitch) || pitch < 0 || pitch > 127 || velocityStep >= 64 || variant >= 16) return undefined;
  // (from samples + ½: the arithmetic is in doubles from the first key; a product that had always fitted a small
  // integer overflowed at the first long note, and threw the compiled schedule back to the interpreter)
  return (((samples + 0.5) * 16 + variant) * 64 + velocityStep) * 128 + pitch;
}

/** One part's keys, each made once: the string, its seed and its synthesis (a part repeats few of them). */
export class PartKeys {
  private readonly known = new Map<number, KeyedNote>();

  constructor(
    private readonly partKey: string,
    private readonly seed: number,
  ) {}

  get(
    pitch: number,
    velocity: number,
    steps: number,
    samples: number,
    variant: number,
    make: (noteSeed: number) => () => Float32Array,
  ): KeyedNote {
    const number = keyNumber(pitch, Math.round(velocity * steps), samples, variant);
    const found = number === undefined ? undefined : this.known.get(number);
    if (found) return found;
    const key = `${this.partKey}${pitch}|${velocity}|${samples}|${variant}`;
    const keyed = { key, render: make(hashSeed(this.seed, hashKey(key))) };
    if (number !== undefined) this.known.set(number, keyed);
    return keyed;
  }
}
