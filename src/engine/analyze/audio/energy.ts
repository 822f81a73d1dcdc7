/** Energy curve: RMS over equal segments, divided by the loudest segment's RMS (so 1 = the peak section). */

export const ENERGY_DEFAULTS = { points: 16 } as const;

export function energyCurve(mono: Float32Array, points: number = ENERGY_DEFAULTS.points): number[] {
  const count = Math.max(2, Math.min(points, mono.length));
  const rms: number[] = [];
  for (let s = 0; s < count; s++) {
    const lo = Math.floor((s * mono.length) / count);
    const hi = Math.floor(((s + 1) * mono.length) / count);
    let sum = 0;
    for (let i = lo; i < hi; i++) sum += mono[i]! * mono[i]!;
    rms.push(Math.sqrt(sum / Math.max(1, hi - lo)));
  }
  const peak = Math.max(...rms);
  return rms.map((r) => (peak > 0 ? Math.round((r / peak) * 100) / 100 : 0));
}
