/**
 * The one source of randomness: a small seeded generator (mulberry32), passed down explicitly so the
 * same plan and seed give the same notes and the same bytes.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  /** Uniform in [min, max). */
  range(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element (undefined for an empty list). */
  pick<T>(items: readonly T[]): T | undefined;
  /** One element by weight. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T | undefined;
  /** Roughly normal (mean 0, sd 1), from three uniforms. */
  gauss(): number;
  /** An independent generator derived from this one and a label (stable across code changes elsewhere). */
  fork(label: string): Rng;
}

function hashString(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    range: (min, max) => min + next() * (max - min),
    chance: (p) => next() < p,
    pick: (items) => (items.length === 0 ? undefined : items[Math.floor(next() * items.length)]),
    weighted: (items, weights) => {
      const total = weights.reduce((a, b) => a + Math.max(0, b), 0);
      if (items.length === 0 || total <= 0) return items[0];
      let r = next() * total;
      for (let i = 0; i < items.length; i++) {
        r -= Math.max(0, weights[i] ?? 0);
        if (r < 0) return items[i];
      }
      return items[items.length - 1];
    },
    gauss: () => (next() + next() + next() - 1.5) * 2,
    fork: (label) => createRng((seed ^ hashString(label)) >>> 0),
  };
  return rng;
}
