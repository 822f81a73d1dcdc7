/**
 * Halfband lowpass filters for running a stage at half the sample rate (the reverb's tank): a Kaiser-windowed
 * sinc cut at a quarter of the full rate, whose even taps are all zero but the centre's 0.5 — so decimating
 * or interpolating by two costs only the odd taps, one multiply per symmetric pair (Crochiere & Rabiner,
 * "Multirate Digital Signal Processing", §4.4).
 *
 * With 8 pairs and β = 7 the passband (to 8 kHz at 44.1 kHz) is flat within 0.005 dB and everything above
 * 14 kHz is at least 62 dB down: what the tank returns no longer images above it (a steady pad used to leave
 * a line near 21 kHz), and what cymbals send no longer folds into it.
 */
import { kaiser } from "./kaiser.js";

export const HALFBAND_DEFAULTS = { pairs: 8, beta: 7 } as const;

/**
 * The odd taps h[1], h[3], …, h[2·pairs − 1] of the full-rate filter (h[−k] = h[k], h[0] = 0.5), scaled so the
 * filter passes DC at exactly unity: they sum to 0.25.
 */
export function halfbandTaps(pairs: number = HALFBAND_DEFAULTS.pairs, beta: number = HALFBAND_DEFAULTS.beta) {
  const taps = new Float64Array(pairs);
  const half = 2 * pairs; // the window spans k = −(2·pairs − 1) … 2·pairs − 1
  let sum = 0;
  for (let j = 0; j < pairs; j++) {
    const k = 2 * j + 1;
    taps[j] = ((0.5 * Math.sin((Math.PI * k) / 2)) / ((Math.PI * k) / 2)) * kaiser(k / half, beta);
    sum += taps[j]!;
  }
  for (let j = 0; j < pairs; j++) taps[j] = (taps[j]! * 0.25) / sum;
  return taps;
}
