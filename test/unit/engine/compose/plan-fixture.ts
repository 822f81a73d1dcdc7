/**
 * A Plan factory for composition tests that does not depend on the planner: every field decided, instruments
 * given as voice ids (role and program from the voice table unless overridden).
 */
import { VOICES, type VoiceId } from "../../../../src/engine/theory/voices.js";
import { type InstrumentChoice, NEUTRAL_MIX, type Plan, type Role } from "../../../../src/engine/types.js";

export function instrument(voice: VoiceId, role?: Role): InstrumentChoice {
  const info = VOICES[voice];
  const choice: InstrumentChoice = {
    voice,
    name: info.label,
    role: role ?? info.role,
    family: info.family,
    program: info.program,
  };
  if (info.role === "drums") choice.kit = voice.replace(/^kit_/, "");
  return choice;
}

export function makePlan(over: Partial<Plan> & { voices?: VoiceId[] } = {}): Plan {
  const { voices, ...rest } = over;
  return {
    title: "Test piece",
    style: "pop",
    moods: ["upbeat"],
    energy: 0.6,
    energyCurve: [0.4, 0.6, 0.8, 0.7],
    bpm: 118,
    key: { tonic: "G", mode: "major" },
    meter: { beatsPerBar: 4, beatUnit: 4 },
    durationSeconds: 60,
    instruments: (voices ?? ["kit_acoustic", "finger_bass", "piano", "pluck"]).map((v) => instrument(v)),
    excluded: [],
    mutedRoles: [],
    form: null,
    introBars: null,
    hits: [],
    loop: false,
    ending: "cadence",
    swing: 0.5,
    lufs: -14,
    useCase: null,
    mix: NEUTRAL_MIX,
    seed: 42,
    language: "en",
    explicit: ["bpm", "durationSeconds", "key"],
    ...rest,
  };
}
