/**
 * What changed between two plans, as short phrases ("tempo 124 → 115 BPM", "removed drums").
 */
import type { InstrumentChoice, MixIntents, Plan } from "../types.js";
import { formatSeconds } from "./measures.js";

const MIX_NAMES: Record<keyof MixIntents, [string, string]> = {
  bassDb: ["bass", "dB"],
  brightnessDb: ["brightness", "dB"],
  space: ["space", ""],
  drumsDb: ["drums level", "dB"],
  melodyDb: ["melody level", "dB"],
  width: ["stereo width", ""],
};

const describe = (c: InstrumentChoice) => `${c.name} (${c.role})`;
const key = (c: InstrumentChoice) => `${c.voice}/${c.role}`;
const signed = (x: number) => `${x > 0 ? "+" : ""}${Math.round(x * 100) / 100}`;

export function planChanges(before: Plan, after: Plan): string[] {
  const out: string[] = [];
  if (before.style !== after.style) out.push(`style ${before.style} → ${after.style}`);
  if (before.bpm !== after.bpm) out.push(`tempo ${before.bpm} → ${after.bpm} BPM`);
  if (before.durationSeconds !== after.durationSeconds) {
    out.push(`duration ${formatSeconds(before.durationSeconds)} → ${formatSeconds(after.durationSeconds)}`);
  }
  if (before.key.tonic !== after.key.tonic || before.key.mode !== after.key.mode) {
    out.push(`key ${before.key.tonic} ${before.key.mode} → ${after.key.tonic} ${after.key.mode}`);
  }
  if (before.meter.beatsPerBar !== after.meter.beatsPerBar || before.meter.beatUnit !== after.meter.beatUnit) {
    out.push(
      `time signature ${before.meter.beatsPerBar}/${before.meter.beatUnit} → ${after.meter.beatsPerBar}/${after.meter.beatUnit}`,
    );
  }
  const was = new Set(before.instruments.map(key));
  const now = new Set(after.instruments.map(key));
  const added = after.instruments.filter((c) => !was.has(key(c)));
  const removed = before.instruments.filter((c) => !now.has(key(c)));
  if (added.length) out.push(`added ${added.map(describe).join(", ")}`);
  if (removed.length) out.push(`removed ${removed.map(describe).join(", ")}`);
  const newlyMuted = after.mutedRoles.filter((r) => !before.mutedRoles.includes(r));
  if (newlyMuted.length) out.push(`muted ${newlyMuted.join(", ")}`);
  if (Math.abs(before.energy - after.energy) > 1e-9) out.push(`energy ${before.energy} → ${after.energy}`);
  for (const [field, [name, unit]] of Object.entries(MIX_NAMES) as [keyof MixIntents, [string, string]][]) {
    const d = after.mix[field] - before.mix[field];
    if (Math.abs(d) > 1e-9) out.push(`${name} ${signed(d)}${unit ? ` ${unit}` : ""} (now ${signed(after.mix[field])})`);
  }
  if (before.introBars !== after.introBars)
    out.push(`intro ${before.introBars ?? "auto"} → ${after.introBars ?? "auto"} bars`);
  if (before.ending !== after.ending) out.push(`ending ${before.ending} → ${after.ending}`);
  if (before.loop !== after.loop) out.push(after.loop ? "now loops seamlessly" : "no longer loops");
  if (before.lufs !== after.lufs) out.push(`loudness ${before.lufs} → ${after.lufs} LUFS`);
  if (before.swing !== after.swing) out.push(`swing ${before.swing} → ${after.swing}`);
  const hitText = (p: Plan) => p.hits.map((h) => `${h.kind}@${h.at}`).join(",");
  if (hitText(before) !== hitText(after)) {
    out.push(`hit points ${after.hits.map((h) => `${h.kind} at ${formatSeconds(h.at)}`).join(", ") || "none"}`);
  }
  if ((before.form ?? []).join() !== (after.form ?? []).join()) out.push(`form ${(after.form ?? ["auto"]).join("–")}`);
  if (before.seed !== after.seed) out.push(`new variation (seed ${after.seed})`);
  return out;
}
