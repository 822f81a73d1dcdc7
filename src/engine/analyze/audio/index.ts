/** Decoded audio → tempo, key, loudness and energy curve. */
import type { ReferenceAnalysis } from "../../types.js";
import type { ReferenceDetails } from "../types.js";
import { chromaProfile } from "./chroma.js";
import { type DecodeOptions, decodeAudioFile } from "./decode.js";
import { energyCurve } from "./energy.js";
import { estimateKey } from "./key.js";
import { integratedLoudness } from "./loudness.js";
import { onsetEnvelope } from "./onset.js";
import { decimate, durationOf, type PcmAudio, toMono } from "./pcm.js";
import { estimateTempo } from "./tempo.js";

export { decodeAudioFile } from "./decode.js";
export type { PcmAudio } from "./pcm.js";
export { decodeWav } from "./wav.js";

/** Analysis runs at about this rate; everything it looks at lies well below 11 kHz. */
const ANALYSIS_MAX_RATE = 24_000;

export interface AudioFindings {
  analysis: Pick<ReferenceAnalysis, "durationSeconds" | "bpm" | "key" | "loudnessLufs" | "energyCurve">;
  details: Pick<ReferenceDetails, "bpmAlternatives" | "tempoConfidence" | "keyConfidence" | "keyAlternative">;
}

export function analyzePcm(audio: PcmAudio): AudioFindings {
  const mono = toMono(audio);
  const { samples, sampleRate } = decimate(mono, audio.sampleRate, ANALYSIS_MAX_RATE);
  const tempo = estimateTempo(onsetEnvelope(samples, sampleRate));
  const key = estimateKey(chromaProfile(samples, sampleRate));
  const loudness = integratedLoudness(audio);
  const analysis: AudioFindings["analysis"] = {
    durationSeconds: Math.round(durationOf(audio) * 1000) / 1000,
    energyCurve: energyCurve(mono),
  };
  const details: AudioFindings["details"] = {};
  if (tempo) {
    analysis.bpm = tempo.bpm;
    details.bpmAlternatives = tempo.alternatives;
    details.tempoConfidence = tempo.confidence;
  }
  if (key) {
    analysis.key = key.key;
    details.keyConfidence = key.confidence;
    details.keyAlternative = `${key.runnerUp.tonic} ${key.runnerUp.mode}`;
  }
  if (loudness !== undefined) analysis.loudnessLufs = loudness;
  return { analysis, details };
}

export async function analyzeAudioFile(path: string, isWav: boolean, options: DecodeOptions): Promise<AudioFindings> {
  return analyzePcm(await decodeAudioFile(path, isWav, options));
}
