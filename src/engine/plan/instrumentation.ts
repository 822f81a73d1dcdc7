/**
 * The ensemble: named instruments first (each in its natural role), then the style's palette fills the roles that
 * are still empty — never with an excluded family, never in a muted role. A named harmony instrument also carries the
 * melody when nothing else was named for it ("piano, bass and drums" → the piano plays the tune).
 */
import { VOICES, type VoiceId } from "../theory/voices.js";
import type { Family, InstrumentChoice, Role } from "../types.js";
import type { Named, Pick } from "./facts.js";
import type { Palette } from "./styles.js";

export interface EnsembleRequest {
  palette: Palette;
  style: string;
  include: Named[];
  excludeFamilies: Family[];
  muteRoles: Role[];
  onlyNamed: boolean;
  tags: string[];
}

const KITS: Partial<Record<VoiceId, string>> = {
  kit_acoustic: "acoustic",
  kit_brushes: "brushes",
  kit_808: "electronic",
  kit_909: "electronic",
  kit_lofi: "acoustic",
  kit_orchestral: "orchestral",
  kit_taiko: "orchestral",
  kit_hand: "hand",
  kit_chiptune: "chiptune",
  kit_bodhran: "hand",
};

const GUITAR_BY_STYLE: Record<string, VoiceId> = {
  rock: "distorted_guitar",
  funk: "muted_guitar",
  reggae: "muted_guitar",
  afrobeat: "muted_guitar",
  disco: "muted_guitar",
  jazz: "clean_guitar",
  blues: "clean_guitar",
  bossa_nova: "nylon_guitar",
  latin: "nylon_guitar",
  celtic: "nylon_guitar",
  lofi: "clean_guitar",
};

const FAMILY_DEFAULT: Record<Family, VoiceId> = {
  piano: "piano",
  epiano: "fm_epiano",
  organ: "organ",
  guitar_family: "steel_guitar",
  bass: "finger_bass",
  strings: "strings",
  brass: "brass",
  woodwind: "flute",
  synth: "warm_pad",
  mallets: "vibraphone",
  drums: "kit_acoustic",
  choir: "choir",
  ethnic: "guzheng",
  fx: "riser",
};

/** Families that cannot carry a tune. */
const NO_LEAD: ReadonlySet<string> = new Set(["bass", "drums", "fx", "choir"]);
const PAD_VOICES: ReadonlySet<string> = new Set(["warm_pad", "dark_pad", "choir_pad", "low_strings"]);

function paletteVoices(p: Palette): VoiceId[] {
  return [...(p.drums ? [p.drums] : []), ...(p.bass ? [p.bass] : []), ...p.harmony, ...p.melody, ...p.fx];
}

export function resolve(pick: Pick, req: EnsembleRequest): VoiceId {
  if ("voice" in pick) return pick.voice;
  const family = pick.family;
  const keyFamilies: Family[] = family === "piano" ? ["piano", "epiano", "organ"] : [family];
  const fromPalette = paletteVoices(req.palette).find((v) => keyFamilies.includes(VOICES[v].family));
  if (fromPalette) return fromPalette;
  if (family === "guitar_family") return GUITAR_BY_STYLE[req.style] ?? "steel_guitar";
  if (family === "bass" && ["jazz", "folk", "acoustic", "bossa_nova", "country"].includes(req.style)) {
    return "acoustic_bass";
  }
  if (family === "drums" && (req.palette.drums === null || req.palette.drums === undefined)) {
    return ["ambient", "piano_solo", "waltz"].includes(req.style) ? "kit_hand" : "kit_acoustic";
  }
  return FAMILY_DEFAULT[family];
}

function choice(voice: VoiceId, role: Role, name?: string): InstrumentChoice {
  const info = VOICES[voice];
  const c: InstrumentChoice = { voice, name: name ?? info.label, role, family: info.family, program: info.program };
  const kit = KITS[voice];
  if (role === "drums" && kit) c.kit = kit;
  return c;
}

/** The role a named instrument plays: its usual one, or harmony when the person muted the melody it would lead. */
export function namedRole(voice: VoiceId, asked: Role | undefined, muted: readonly Role[]): Role {
  const info = VOICES[voice];
  if (info.family === "drums") return "drums";
  const role = asked ?? info.role;
  return role === "melody" && muted.includes("melody") && !muted.includes("harmony") ? "harmony" : role;
}

export function buildEnsemble(req: EnsembleRequest): InstrumentChoice[] {
  const out: InstrumentChoice[] = [];
  const allowed = (voice: VoiceId, role: Role) =>
    !req.excludeFamilies.includes(VOICES[voice].family) && !req.muteRoles.includes(role);
  const has = (voice: VoiceId, role: Role) => out.some((c) => c.voice === voice && c.role === role);
  const add = (voice: VoiceId, role: Role, name?: string) => {
    if (allowed(voice, role) && !has(voice, role)) out.push(choice(voice, role, name));
  };

  for (const named of req.include) {
    const voice = resolve(named.pick, req);
    const info = VOICES[voice];
    add(voice, namedRole(voice, named.role, req.muteRoles), info.label);
  }
  const named = [...out];
  const filled = (role: Role) => out.some((c) => c.role === role);

  for (const role of ["drums", "bass", "harmony", "melody"] as const) {
    if (filled(role) || req.muteRoles.includes(role)) continue;
    if (named.length > 0 && (role === "melody" || role === "harmony")) {
      // A named instrument carries the role before the palette adds another (the palette's own choice wins
      // when it is of a family the person named: cello for "strings").
      const namedFamilies = named.map((c) => c.family);
      const own = (role === "melody" ? req.palette.melody : req.palette.harmony).find(
        (v) => namedFamilies.includes(VOICES[v].family) && allowed(v, role),
      );
      const carrier =
        role === "melody"
          ? named.find((c) => !NO_LEAD.has(c.family) && !PAD_VOICES.has(c.voice))
          : named.find((c) => VOICES[c.voice as VoiceId].role === "harmony" && !NO_LEAD.has(c.family));
      const voice = own ?? carrier?.voice;
      if (voice) {
        add(voice as VoiceId, role);
        if (filled(role)) continue;
      }
    }
    if (req.onlyNamed) continue;
    const candidates: VoiceId[] =
      role === "drums"
        ? req.palette.drums
          ? [req.palette.drums]
          : []
        : role === "bass"
          ? req.palette.bass
            ? [req.palette.bass, "finger_bass", "synth_bass"]
            : []
          : role === "harmony"
            ? [
                ...req.palette.harmony,
                GUITAR_BY_STYLE[req.style] ?? "steel_guitar",
                "fm_epiano",
                "warm_pad",
                "strings",
                ...req.palette.melody,
              ]
            : [...req.palette.melody, ...req.palette.harmony, "piano", "flute", "pluck"];
    for (const voice of candidates) {
      if (allowed(voice, role)) {
        add(voice, role);
        break;
      }
    }
  }
  if (!req.onlyNamed && named.length === 0) {
    // A palette-only ensemble gets its second harmony layer and its signature effect.
    const layer = req.palette.harmony[1];
    if (layer && filled("harmony")) add(layer, "harmony");
  }
  if (!req.onlyNamed) {
    const fx = req.palette.fx[0];
    if (fx && !out.some((c) => c.role === "fx")) add(fx, "fx");
  }
  if (req.tags.includes("80s")) {
    const drums = out.find((c) => c.role === "drums");
    if (drums && !named.includes(drums) && drums.voice !== "kit_808") {
      out[out.indexOf(drums)] = choice("kit_808", "drums", "808 drums (gated snare)");
    }
  }
  const order: Role[] = ["drums", "bass", "harmony", "melody", "fx"];
  return out.sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role));
}
