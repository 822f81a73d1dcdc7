/**
 * Structural checks every Plan must pass, whatever the brief: fields in range, voices known, exclusions honoured.
 * Returns the problems found (empty for a valid plan).
 */
import { pitchClassOf } from "../../../../src/engine/theory/scales.js";
import { STYLE_IDS, VOICES } from "../../../../src/engine/theory/voices.js";
import { type Plan, ROLES } from "../../../../src/engine/types.js";

const MODES = [
  "major",
  "minor",
  "dorian",
  "phrygian",
  "lydian",
  "mixolydian",
  "locrian",
  "harmonic minor",
  "major pentatonic",
  "minor pentatonic",
];
const METERS = ["4/4", "3/4", "6/8", "12/8", "5/4", "2/4", "7/8"];

export function planProblems(plan: Plan): string[] {
  const out: string[] = [];
  const want = (ok: boolean, what: string) => {
    if (!ok) out.push(what);
  };
  want(
    typeof plan.title === "string" && plan.title.length > 0 && /^[\x20-\x7e]+$/.test(plan.title),
    `title ${plan.title}`,
  );
  want((STYLE_IDS as readonly string[]).includes(plan.style), `style ${plan.style}`);
  want(
    Number.isFinite(plan.durationSeconds) && plan.durationSeconds >= 1 && plan.durationSeconds <= 1200,
    `duration ${plan.durationSeconds}`,
  );
  want(Number.isFinite(plan.bpm) && plan.bpm >= 30 && plan.bpm <= 300, `bpm ${plan.bpm}`);
  want(pitchClassOf(plan.key.tonic) !== undefined && /^[A-G][#b]?$/.test(plan.key.tonic), `tonic ${plan.key.tonic}`);
  want(MODES.includes(plan.key.mode), `mode ${plan.key.mode}`);
  want(METERS.includes(`${plan.meter.beatsPerBar}/${plan.meter.beatUnit}`), `meter ${JSON.stringify(plan.meter)}`);
  want(plan.energy >= 0 && plan.energy <= 1, `energy ${plan.energy}`);
  want(plan.energyCurve.length >= 2 && plan.energyCurve.every((e) => e >= 0 && e <= 1), `curve ${plan.energyCurve}`);
  want(plan.instruments.length > 0, "no instruments");
  for (const c of plan.instruments) {
    const info = (VOICES as Record<string, (typeof VOICES)[keyof typeof VOICES]>)[c.voice];
    want(info !== undefined, `unknown voice ${c.voice}`);
    if (info) {
      want(info.family === c.family && info.program === c.program, `voice ${c.voice} family/program`);
      want((c.role === "drums") === (info.family === "drums"), `voice ${c.voice} in role ${c.role}`);
    }
    want((ROLES as readonly string[]).includes(c.role), `role ${c.role}`);
    want(!plan.excluded.includes(c.family), `excluded family ${c.family} present`);
    want(!plan.mutedRoles.includes(c.role), `muted role ${c.role} present`);
    if (c.role === "drums") want(typeof c.kit === "string", `drum kit missing for ${c.voice}`);
  }
  for (const h of plan.hits) want(h.at > 0 && h.at < plan.durationSeconds, `hit ${h.at}`);
  want(plan.swing >= 0.5 && plan.swing <= 0.75, `swing ${plan.swing}`);
  want(plan.lufs >= -40 && plan.lufs <= -5, `lufs ${plan.lufs}`);
  want(Number.isInteger(plan.seed) && plan.seed >= 0 && plan.seed < 2 ** 32, `seed ${plan.seed}`);
  want(plan.language === "en" || plan.language === "zh", `language ${plan.language}`);
  want(plan.introBars === null || (Number.isInteger(plan.introBars) && plan.introBars >= 0), `intro ${plan.introBars}`);
  want(["cadence", "fade", "hard"].includes(plan.ending), `ending ${plan.ending}`);
  for (const v of Object.values(plan.mix)) want(Number.isFinite(v), "mix not finite");
  return out;
}
