/**
 * How each part sits in the mix: its strip (high-pass, level, pan, width, dynamics, the bus EQ baked into its
 * notes), its seed and its sends. Pure, so the render windows and the note-bank workers agree on every note.
 */
import { Biquad, type BiquadCoefficients } from "../../dsp/biquad.js";
import type { Part, Role, Score } from "../../types.js";
import { mixStyle } from "../mix/styles.js";
import { voiceFor } from "../voices/presets.js";
import type { PartStripOptions } from "./schedule.js";

/** Stem balance before the arrangement's own part gains. */
const ROLE_GAIN_DB: Record<Role, number> = { drums: 0, bass: -1, harmony: -3, melody: -1.5, fx: -5 };
const ROLE_HIGHPASS_HZ: Record<Role, number> = { drums: 28, bass: 25, harmony: 90, melody: 120, fx: 50 };

export interface MixScope {
  score: Score;
  sampleRate: number;
  /** Roles to render (others are skipped, e.g. rendered by the SoundFont path). */
  roles: readonly Role[];
  /** Part ids to leave out (rendered elsewhere). */
  skipParts?: readonly string[];
  /** Part ids whose notes come from the SoundFont (synthesised on the main thread into the note bank). */
  soundfontParts?: readonly string[];
}

export interface PartSetup {
  part: Part;
  strip: PartStripOptions;
  seed: number;
  /** Whether its notes are SoundFont samples rather than a built-in voice. */
  soundfont: boolean;
  /** Reverb and delay send levels. */
  send: number;
  delaySend: number;
}

export interface RoleSetup {
  role: Role;
  parts: PartSetup[];
}

/** The role bus's linear EQ: subsonic high-pass, the mix's tilt, and "more bass" on the low roles. */
function busEq(score: Score, role: Role, sr: number): BiquadCoefficients[] {
  const style = mixStyle(score.style);
  const mix = score.mix;
  // DC and subsonic removal, where the part's own high-pass is low enough to leave some
  const chain = role === "drums" || role === "bass" ? [Biquad.of("highpass", sr, 18, 0.6)] : [];
  const tilt = mix.brightnessDb + style.tiltDb;
  if (Math.abs(tilt) > 0.05) chain.push(Biquad.of("highshelf", sr, 4500, 0.7, tilt));
  if (role === "bass" && Math.abs(mix.bassDb) > 0.05) chain.push(Biquad.of("lowshelf", sr, 110, 0.7, mix.bassDb / 2));
  if (role === "drums" && Math.abs(mix.bassDb) > 0.05) chain.push(Biquad.of("lowshelf", sr, 90, 0.7, mix.bassDb / 3));
  return chain.map((f) => f.c);
}

export function roleSetups(scope: MixScope): RoleSetup[] {
  const { score, sampleRate: sr } = scope;
  const style = mixStyle(score.style);
  const space = Math.max(-1, Math.min(1, score.mix.space));
  const setups: RoleSetup[] = [];
  for (const role of scope.roles) {
    const parts = score.parts.filter((p) => p.role === role && !(scope.skipParts ?? []).includes(p.id));
    if (parts.length === 0) continue;
    const eq = busEq(score, role, sr);
    setups.push({
      role,
      parts: parts.map((part, i) => {
        const def = voiceFor(part.voice, part.family);
        const highpassHz =
          role === "drums" || role === "bass"
            ? ROLE_HIGHPASS_HZ[role]
            : Math.max(def.highpassHz ?? 0, ROLE_HIGHPASS_HZ[role] * 0.7);
        return {
          part,
          seed: (score.seed * 7919 + i * 104729 + part.id.length * 31) >>> 0,
          soundfont: (scope.soundfontParts ?? []).includes(part.id),
          strip: {
            highpassHz,
            gainDb: part.gainDb + ROLE_GAIN_DB[role],
            pan: part.pan,
            width: role === "bass" ? 0 : (def.width ?? 0.15),
            compress: role === "drums" ? style.drumGlue > 1 : role === "bass",
            mono: role === "bass",
            busEq: eq,
          },
          send: role === "bass" ? 0 : Math.max(0, part.reverbSend * (1 + space)),
          delaySend: role === "melody" ? style.delay.melodySend : role === "harmony" ? style.delay.harmonySend : 0,
        };
      }),
    });
  }
  return setups;
}
