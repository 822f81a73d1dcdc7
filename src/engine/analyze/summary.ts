/** One readable sentence of what a reference analysis found. */
import type { ReferenceAnalysis } from "../types.js";
import type { ReferenceDetails, ReferenceFormat } from "./types.js";

function clock(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds - m * 60;
  return m > 0 ? `${m}:${s.toFixed(1).padStart(4, "0")}` : `${s.toFixed(1)} s`;
}

function audioPart(a: ReferenceAnalysis, d: ReferenceDetails): string[] {
  const parts: string[] = [];
  if (a.bpm !== undefined) {
    const alt = d.bpmAlternatives?.[0];
    parts.push(`about ${Math.round(a.bpm)} BPM${alt ? ` (or ${Math.round(alt)})` : ""}`);
  }
  if (a.key) parts.push(`${a.key.tonic} ${a.key.mode}`);
  if (a.loudnessLufs !== undefined) parts.push(`${a.loudnessLufs.toFixed(1)} LUFS`);
  return parts;
}

export function summarize(format: ReferenceFormat, a: ReferenceAnalysis, d: ReferenceDetails): string {
  const skipped = d.skipped?.length ? ` Not analysed: ${d.skipped.join("; ")}.` : "";
  if (a.kind === "image") {
    const pct = (x: number | undefined) => `${Math.round((x ?? 0) * 100)} %`;
    return (
      `${format.toUpperCase()} image: brightness ${pct(a.brightness)}, saturation ${pct(a.saturation)}, ` +
      `warmth ${pct(a.warmth)}; mood hints: ${(a.moodHints ?? []).join(", ")}; energy hint ${pct(a.energy)}.`
    );
  }
  if (a.kind === "audio") {
    const parts = audioPart(a, d);
    const length = a.durationSeconds !== undefined ? `, ${clock(a.durationSeconds)}` : "";
    return `${format.toUpperCase()} audio${length}${parts.length ? `: ${parts.join(", ")}` : ""}.${skipped}`;
  }
  const cuts = a.sceneCutsSeconds;
  const cutText =
    cuts === undefined
      ? ""
      : cuts.length === 0
        ? ", no scene cuts"
        : `, ${cuts.length} scene cut${cuts.length === 1 ? "" : "s"} (${cuts
            .slice(0, 6)
            .map((t) => t.toFixed(2))
            .join(", ")}${cuts.length > 6 ? ", …" : ""} s)`;
  const fps = a.frameRate !== undefined ? `, ${Number(a.frameRate.toFixed(3))} fps` : "";
  const sound = a.hasAudio
    ? `, with its own sound${audioPart(a, d).length ? ` (${audioPart(a, d).join(", ")})` : ""}`
    : ", silent";
  return `${format.toUpperCase()} video, ${clock(a.durationSeconds ?? 0)}${fps}${cutText}${sound}.${skipped}`;
}
