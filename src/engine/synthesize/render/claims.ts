/**
 * How two render workers share out the note bank's built-in notes: each draws from its own end of one order
 * (a short note of each voice, then costliest first, at both ends), through a counter in shared memory, until
 * they meet.
 *
 *   front ─▶ engines A: a note a voice, costliest … cheapest ◀─ meet ─▶ cheapest … costliest, a note a voice,
 *                                                                                             engines B ◀─ back
 */
import type { NoteEngine, Scheduled } from "./schedule.js";

/** Engines from the front of the claim order to its back (see claimOrder); any other ranks as "other". */
const ENGINE_ORDER: readonly NoteEngine[] = ["analog", "organ", "piano", "pluck", "modal", "fm", "other", "fx", "drum"];

function rankOf(engine: NoteEngine): number {
  const r = ENGINE_ORDER.indexOf(engine);
  return r < 0 ? ENGINE_ORDER.indexOf("other") : r;
}

const costliestFirst = (a: Ranked, b: Ranked) => b.n.cost - a.n.cost || a.i - b.i;

/** What sounds alike to the engine's compiled code: a part's voice, and each drum of a kit. */
const voiceOf = (n: Scheduled) => (n.engine === "drum" ? `${n.partId}|${n.pitch}` : n.partId);

/**
 * `list` costliest first, but for one note of each voice (its cheapest) at the start. A fresh worker compiles
 * a voice's code once it has run hot, for what it has seen run: a path no note had taken yet (another
 * preset's LFO, a release, another kind of effect) then threw that code back to the interpreter, to be
 * compiled again, the first time a note took it. A short note of each voice first takes those paths while
 * the code is still being watched.
 */
function eachVoiceFirst(list: Ranked[]): Ranked[] {
  const firsts = new Map<string, Ranked>();
  for (const x of list) {
    const voice = voiceOf(x.n);
    const first = firsts.get(voice);
    if (!first || x.n.cost < first.n.cost) firsts.set(voice, x);
  }
  const lead = new Set(firsts.values());
  // (cheapest first: the code has seen every voice before any one runs long enough to be compiled)
  const leading = [...lead].sort((a, b) => costliestFirst(b, a));
  return [...leading, ...list.filter((x) => !lead.has(x)).sort(costliestFirst)];
}

interface Ranked {
  n: Scheduled;
  /** Its place in the input (ties keep it). */
  i: number;
  /** Its engine's place in ENGINE_ORDER. */
  r: number;
}

/**
 * The built-in notes in the order the workers claim them (see NoteClaims). One share draws from the front
 * and the other from the back, so the costliest notes come first at both ends (after a short note of each
 * voice: eachVoiceFirst) and the last claims, where the two meet, are short: the shares end together
 * whatever each note really costs (the estimate counts samples, and a drum hit's sample costs several times
 * a pad's). With two shares the engines are split between the ends (in ENGINE_ORDER, about half the cost
 * each), so each worker runs — and a fresh one compiles — mostly its own engines, the same ones render after
 * render; otherwise it is one order from the front.
 */
export function claimOrder(notes: readonly Scheduled[], shares = 2): Scheduled[] {
  const ranked = notes.map((n, i) => ({ n, i, r: rankOf(n.engine) }));
  if (shares !== 2) return eachVoiceFirst(ranked).map(({ n }) => n);
  // each engine's total cost (undefined for an engine no note plays)
  const costs = new Array<number | undefined>(ENGINE_ORDER.length).fill(undefined);
  for (const { n, r } of ranked) costs[r] = (costs[r] ?? 0) + n.cost;
  const total = costs.reduce<number>((a, b) => a + (b ?? 0), 0);
  // the front takes engines in order while that brings its cost nearer half the total
  let frontCost = 0;
  let split = 0;
  for (let r = 0; r < costs.length; r++) {
    const cost = costs[r];
    if (cost === undefined) continue;
    if (Math.abs(frontCost + cost - total / 2) > Math.abs(frontCost - total / 2)) break;
    frontCost += cost;
    split = r + 1;
  }
  const front = eachVoiceFirst(ranked.filter(({ r }) => r < split));
  const back = eachVoiceFirst(ranked.filter(({ r }) => r >= split)).reverse();
  return [...front, ...back].map(({ n }) => n);
}

/**
 * Which note of the claim order a share synthesises next, drawn from a counter the workers share. Two shares
 * draw from the two ends (share 0 from the front, share 1 from the back) until they meet: their counts live
 * in one 64-bit word, so one compare-exchange moves an end only while the ends have not met. More shares draw
 * in turn from the front.
 */
export class NoteClaims {
  private readonly ends: BigInt64Array | undefined;

  constructor(
    private readonly counter: Int32Array,
    private readonly share: number,
    shares: number,
    private readonly count: number,
  ) {
    this.ends = shares === 2 ? new BigInt64Array(counter.buffer, counter.byteOffset, 1) : undefined;
  }

  /** The next index, or −1 when every note is taken. */
  next(): number {
    const ends = this.ends;
    if (!ends) {
      const i = Atomics.add(this.counter, 0, 1);
      return i < this.count ? i : -1;
    }
    for (;;) {
      const seen = Atomics.load(ends, 0);
      const front = Number(seen & 0xffffffffn);
      const back = Number(seen >> 32n);
      if (front + back >= this.count) return -1;
      const moved = this.share === 0 ? seen + 1n : seen + (1n << 32n);
      if (Atomics.compareExchange(ends, 0, seen, moved) === seen) {
        return this.share === 0 ? front : this.count - 1 - back;
      }
    }
  }
}
