/**
 * Test media the tests make themselves: WAVs synthesised in pure TS (click tracks, chord progressions)
 * and videos/images made with ffmpeg's lavfi sources (coloured segments with cuts at known times).
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";

export const FFMPEG = process.env.COMPOSER_FFMPEG ?? "ffmpeg";
export const FFPROBE = FFMPEG.replace(/ffmpeg(?=[^/\\]*$)/, "ffprobe");

export function hasFfmpeg(): boolean {
  const r = spawnSync(FFMPEG, ["-version"], { stdio: "ignore" });
  return r.status === 0;
}

export const NO_FFMPEG_MESSAGE = "ffmpeg not found (set COMPOSER_FFMPEG): skipping the tests that need it";

/** Writes a WAV: 16/24-bit PCM or 32-bit float, interleaving the channels. */
export function writeWav(path: string, channels: Float32Array[], sampleRate: number, bits: 16 | 24 | 32 = 16): void {
  const frames = channels[0]?.length ?? 0;
  const bytesPerSample = bits / 8;
  const dataBytes = frames * channels.length * bytesPerSample;
  const buf = Buffer.alloc(44 + dataBytes);
  buf.write("RIFF", 0, "ascii");
  buf.writeUInt32LE(36 + dataBytes, 4);
  buf.write("WAVEfmt ", 8, "ascii");
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(bits === 32 ? 3 : 1, 20);
  buf.writeUInt16LE(channels.length, 22);
  buf.writeUInt32LE(sampleRate, 24);
  buf.writeUInt32LE(sampleRate * channels.length * bytesPerSample, 28);
  buf.writeUInt16LE(channels.length * bytesPerSample, 32);
  buf.writeUInt16LE(bits, 34);
  buf.write("data", 36, "ascii");
  buf.writeUInt32LE(dataBytes, 40);
  let at = 44;
  for (let i = 0; i < frames; i++) {
    for (const ch of channels) {
      const v = Math.max(-1, Math.min(1, ch[i]!));
      if (bits === 16) buf.writeInt16LE(Math.round(v * 32767), at);
      else if (bits === 24) buf.writeIntLE(Math.round(v * 8388607), at, 3);
      else buf.writeFloatLE(v, at);
      at += bytesPerSample;
    }
  }
  writeFileSync(path, buf);
}

/** A tiny deterministic generator so test signals are the same on every run. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Clicks (short noise bursts with a pitched body) on every beat, accented on each bar's downbeat. */
export function clickTrack(bpm: number, seconds: number, sampleRate = 44100, beatsPerBar = 4): Float32Array {
  const out = new Float32Array(Math.round(seconds * sampleRate));
  const rand = lcg(7);
  const beat = 60 / bpm;
  for (let n = 0; n * beat < seconds; n++) {
    const start = Math.round(n * beat * sampleRate);
    const accent = n % beatsPerBar === 0 ? 1 : 0.6;
    const freq = n % beatsPerBar === 0 ? 1500 : 1000;
    for (let i = 0; i < 0.03 * sampleRate && start + i < out.length; i++) {
      const env = Math.exp(-i / (0.005 * sampleRate));
      out[start + i]! +=
        accent * env * (0.5 * Math.sin((2 * Math.PI * freq * i) / sampleRate) + 0.3 * (rand() * 2 - 1));
    }
  }
  return out;
}

const PC: Record<string, number> = {
  ...{ C: 0, "C#": 1, Db: 1, D: 2, "D#": 3, Eb: 3, E: 4, F: 5, "F#": 6, Gb: 6 },
  ...{ G: 7, "G#": 8, Ab: 8, A: 9, "A#": 10, Bb: 10, B: 11 },
};

/** A four-chord cadence (I–IV–V–I or i–iv–V–i) with a scale melody above it, harmonic-rich tones. */
export function chordProgression(
  tonic: string,
  mode: "major" | "minor",
  seconds: number,
  sampleRate = 44100,
): Float32Array {
  const root = 48 + (PC[tonic] ?? 0);
  const third = mode === "major" ? 4 : 3;
  const sixth = mode === "major" ? 9 : 8;
  const chords = [
    [0, third, 7],
    [5, sixth, 12],
    [7, 11, 14],
    [0, third, 7],
  ];
  const scale = mode === "major" ? [0, 2, 4, 5, 7, 9, 11, 12] : [0, 2, 3, 5, 7, 8, 11, 12];
  const out = new Float32Array(Math.round(seconds * sampleRate));
  const chordSeconds = seconds / 8;
  const tone = (midi: number, start: number, dur: number, gain: number) => {
    const f = 440 * 2 ** ((midi - 69) / 12);
    const s0 = Math.round(start * sampleRate);
    const n = Math.round(dur * sampleRate);
    for (let i = 0; i < n && s0 + i < out.length; i++) {
      const t = i / sampleRate;
      const env = Math.min(1, t / 0.01) * Math.min(1, (dur - t) / 0.05);
      let v = 0;
      for (let h = 1; h <= 5; h++) v += Math.sin(2 * Math.PI * f * h * t) / (h * h);
      out[s0 + i]! += gain * env * v;
    }
  };
  for (let c = 0; c < 8; c++) {
    const chord = chords[c % 4]!;
    for (const interval of chord) tone(root + interval, c * chordSeconds, chordSeconds, 0.12);
    tone(root - 12 + chord[0]!, c * chordSeconds, chordSeconds, 0.15);
    const step = chordSeconds / 2;
    tone(root + 12 + scale[(c * 2) % 8]!, c * chordSeconds, step, 0.1);
    tone(root + 12 + scale[(c * 2 + 1) % 8]!, c * chordSeconds + step, step, 0.1);
  }
  return out;
}

function run(args: string[]): void {
  const r = spawnSync(FFMPEG, ["-nostdin", "-y", "-v", "error", ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`ffmpeg ${args.join(" ")} failed: ${r.stderr}`);
}

export interface ColourSegment {
  colour: string;
  seconds: number;
}

/**
 * A video of solid colour segments (cuts at the running sums of `seconds`), optionally with a sine tone
 * as its own audio. Encoded with the built-in mpeg4 encoder (VP8 for .webm) so common ffmpeg builds can make it.
 */
export function makeColourVideo(
  path: string,
  segments: ColourSegment[],
  options: { fps?: number; withAudio?: boolean; size?: string } = {},
): void {
  const fps = options.fps ?? 25;
  const size = options.size ?? "160x120";
  const inputs = segments.flatMap((s) => [
    "-f",
    "lavfi",
    "-i",
    `color=c=${s.colour}:s=${size}:r=${fps}:d=${s.seconds}`,
  ]);
  const total = segments.reduce((a, s) => a + s.seconds, 0);
  const labels = segments.map((_, i) => `[${i}:v]`).join("");
  const args = [...inputs];
  if (options.withAudio) args.push("-f", "lavfi", "-i", `sine=frequency=330:sample_rate=44100:duration=${total}`);
  args.push("-filter_complex", `${labels}concat=n=${segments.length}:v=1:a=0[v]`, "-map", "[v]");
  const webm = path.endsWith(".webm");
  if (options.withAudio) args.push("-map", `${segments.length}:a`, "-c:a", webm ? "libopus" : "aac", "-b:a", "96k");
  if (webm) args.push("-c:v", "libvpx", "-b:v", "300k", "-deadline", "realtime");
  else args.push("-c:v", "mpeg4", "-q:v", "5");
  args.push("-pix_fmt", "yuv420p", "-t", String(total), path);
  run(args);
}

/** A still image of one colour (any format ffmpeg writes by extension: .jpg, .png, .gif, .webp). */
export function makeColourImage(path: string, colour: string, size = "64x48"): void {
  run(["-f", "lavfi", "-i", `color=c=${colour}:s=${size}:d=1`, "-frames:v", "1", path]);
}

/** Encodes a WAV to another audio format by extension (.mp3, .m4a, .aac). */
export function transcodeAudio(wav: string, out: string): void {
  run(["-i", wav, out]);
}

export interface ProbeSummary {
  durationSeconds: number;
  streams: { codec_type: string; codec_name: string; duration?: string }[];
}

export function ffprobe(path: string): ProbeSummary {
  const r = spawnSync(
    FFPROBE,
    ["-v", "error", "-show_entries", "format=duration:stream=codec_type,codec_name,duration", "-of", "json", path],
    {
      encoding: "utf8",
    },
  );
  if (r.status !== 0) throw new Error(`ffprobe failed: ${r.stderr}`);
  const json = JSON.parse(r.stdout) as { format: { duration: string }; streams: ProbeSummary["streams"] };
  return { durationSeconds: Number(json.format.duration), streams: json.streams };
}
