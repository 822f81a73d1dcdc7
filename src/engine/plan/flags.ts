/**
 * What each flag word does to the Facts ("seamless loop", "fade out", "more bass", "another variation", …), negated
 * or not ("no loop", "no vocals").
 */
import type { Facts } from "./facts.js";
import type { Flag } from "./lexicon/words.js";

const FLAG_NOTES: Partial<Record<Flag, string>> = {
  loop: "seamless loop",
  noloop: "no loop",
  fade: "ending: fade out",
  hard: "ending: hard stop",
  cadence: "ending: cadence",
  rising: "energy rises",
  falling: "energy falls",
  flat: "steady energy",
  introLong: "longer intro",
  introShort: "short intro",
  introNone: "no intro",
  instrumental: "instrumental",
  swing: "swing feel",
  straight: "straight feel",
  variation: "another variation (new seed)",
};

export function applyFlag(facts: Facts, flag: Flag, negated: boolean, words: string): void {
  const note = (s: string) => facts.understood.push(s);
  if (negated) {
    if (flag === "loop") facts.loop = false;
    else if (flag === "vocals") note("instrumental (no vocals)");
    else if (flag === "introLong" || flag === "introShort") return;
    else if (flag === "fade") facts.ending ??= "cadence";
    if (flag === "loop") note("no loop");
    return;
  }
  const d = (key: keyof Facts["mix"], by: number) => {
    // One request, one step: "more bass presence in the low end" is +3 dB, not +6.
    if (facts.tags.includes(`mix:${flag}`)) return;
    facts.tags.push(`mix:${flag}`);
    facts.mix[key] = (facts.mix[key] ?? 0) + by;
    note(`${words.trim()} (${key} ${by > 0 ? "+" : ""}${by})`);
  };
  switch (flag) {
    case "loop":
      facts.loop ??= true;
      break;
    case "noloop":
      facts.loop = false;
      break;
    case "fade":
    case "hard":
    case "cadence":
      facts.ending ??= flag;
      break;
    case "rising":
    case "falling":
    case "flat":
      facts.curve ??= flag;
      break;
    case "introLong":
      facts.introDelta = 4;
      break;
    case "introShort":
      facts.introBars ??= 2;
      break;
    case "introNone":
      facts.introBars = 0;
      break;
    case "vocals":
      facts.ignored.push(`${words.trim()}: instrumental only (no vocals or lyrics)`);
      return;
    case "swing":
      facts.swing = 0.62;
      break;
    case "straight":
      facts.swing = 0.5;
      break;
    case "variation":
      facts.variation = true;
      break;
    case "energyUp":
    case "energyUpBig":
    case "energyDown":
    case "energyDownBig": {
      const size = flag.endsWith("Big") ? 0.3 : 0.15;
      facts.energyDelta = flag.startsWith("energyUp") ? size : -size;
      note(`${words.trim()} (energy ${facts.energyDelta > 0 ? "+" : ""}${facts.energyDelta})`);
      return;
    }
    case "bassUp":
      d("bassDb", 3);
      return;
    case "bassDown":
      d("bassDb", -3);
      return;
    case "brighter":
      d("brightnessDb", 2);
      return;
    case "darker":
      d("brightnessDb", -2);
      return;
    case "spaceUp":
      d("space", 0.3);
      return;
    case "spaceDown":
      d("space", -0.3);
      return;
    case "drumsUp":
      d("drumsDb", 2);
      return;
    case "drumsDown":
      d("drumsDb", -3);
      return;
    case "melodyUp":
      d("melodyDb", 2);
      return;
    case "melodyDown":
      d("melodyDb", -3);
      return;
    case "wider":
      d("width", 0.3);
      return;
    case "narrower":
      d("width", -0.3);
      return;
    case "shorter":
      facts.durationScale ??= 0.75;
      break;
    case "longer":
      facts.durationScale ??= 1.25;
      break;
    case "minorSwitch":
      facts.mode ??= "minor";
      break;
    case "majorSwitch":
      facts.mode ??= "major";
      break;
    case "keyUp":
      facts.transposeSemitones ??= 1;
      break;
    case "keyDown":
      facts.transposeSemitones ??= -1;
      break;
    case "fadeIn":
      // A soft start: the first anchor of the energy shape sits low.
      if (!facts.anchors.some((a) => a.at === 0)) facts.anchors.unshift({ at: 0, energy: 0.1 });
      note("fade in at the start");
      return;
    case "louder":
      facts.lufsDelta = 2;
      break;
    case "quieterMaster":
      facts.lufsDelta = -2;
      break;
  }
  note(FLAG_NOTES[flag] ?? words.trim());
}
