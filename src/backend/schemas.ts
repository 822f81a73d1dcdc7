/**
 * The data contract of the five tools, shared by both backends. The zod shapes here are the tools'
 * input and output schemas; the TypeScript types are inferred from them, so there is one source.
 * Arguments may grow; none may break.
 */
import { z } from "zod";

/** Session, version, track and reference ids: no separators, no dots, so no path can be built from one. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
const id = (what: string) =>
  z.string().regex(ID_PATTERN, `${what} must be letters, digits, '-' or '_' (as returned by an earlier call)`);

/** C0 controls other than tab, newline and carriage return, and DEL. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: this pattern exists to find them.
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export const AUDIO_EXPORT_FORMATS = ["wav", "mp3", "flac", "ogg", "m4a", "aac"] as const;
export const EXPORT_FORMATS = [...AUDIO_EXPORT_FORMATS, "mid", "mp4"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const FILE_KINDS = ["mix", "stem", "midi", "video", "image"] as const;

export const outputFileSchema = z.object({
  path: z.string().describe("Absolute path of the file"),
  format: z.string().describe("File format, e.g. wav, mp3, mid, png"),
  bytes: z.number().int().nonnegative(),
  kind: z.enum(FILE_KINDS),
  role: z.string().optional().describe("For stems: drums, bass, harmony, melody or fx"),
});
export type OutputFile = z.infer<typeof outputFileSchema>;

export const sectionSchema = z.object({
  name: z.string(),
  start_seconds: z.number(),
  end_seconds: z.number(),
});
export type SectionInfo = z.infer<typeof sectionSchema>;

export const progressSchema = z.object({
  progress: z.number().describe("0..1"),
  message: z.string().optional(),
});

const waitSeconds = z
  .number()
  .min(0)
  .max(55)
  .optional()
  .describe("How long to wait for a result before returning status 'running' (default 45, max 55)");

// ── generate_track ────────────────────────────────────────────────────────────────────────────
export const generateInputShape = {
  prompt: z
    .string()
    .min(1, "prompt must not be empty: describe the music, e.g. '60 s upbeat pop at 118 BPM'")
    .max(4000, "prompt is longer than 4000 characters; summarise the brief")
    .refine((p) => p.trim().length > 0, "prompt must not be blank: describe the music")
    .refine((p) => !CONTROL_CHARS.test(p), "prompt contains control characters; send plain text")
    .describe("The brief or a follow-up edit, in any language"),
  session_id: id("session_id").optional().describe("Refine the latest version of this session"),
  duration_seconds: z.number().min(1).max(1200).optional().describe("Exact length, 1–1200 s"),
  bpm: z.number().min(30).max(300).optional(),
  key: z.string().max(40).optional().describe("e.g. 'D minor', 'Bb major', 'A dorian'"),
  time_signature: z.enum(["4/4", "3/4", "6/8", "12/8", "5/4", "2/4", "7/8"]).optional(),
  loop: z.boolean().optional().describe("Make the track loop seamlessly"),
  seed: z
    .number()
    .int()
    .min(0)
    // any seed a result reports (32-bit unsigned) can be passed back
    .max(2 ** 32 - 1)
    .optional(),
  reference_id: id("reference_id").optional().describe("Fit the music to an uploaded reference"),
  lufs: z.number().min(-40).max(-5).optional().describe("Integrated loudness target"),
  formats: z.array(z.enum(EXPORT_FORMATS)).max(8).optional().describe("Files to write (default wav, mp3, mid)"),
  stems: z.boolean().optional().describe("Also write drums/bass/harmony/melody/fx stems"),
  wait_seconds: waitSeconds,
};
export const generateInputSchema = z.object(generateInputShape);
export type GenerateInput = z.infer<typeof generateInputSchema>;

export const generateOutputShape = {
  session_id: z.string(),
  status: z.enum(["done", "running"]),
  track_id: z.string().optional(),
  version: z.number().int().optional(),
  title: z.string().optional(),
  summary: z.string(),
  duration_seconds: z.number().optional(),
  bpm: z.number().optional(),
  key: z.string().optional(),
  time_signature: z.string().optional(),
  sections: z.array(sectionSchema).optional(),
  instruments: z.array(z.string()).optional(),
  files: z.array(outputFileSchema),
  understood: z.array(z.string()).optional(),
  ignored: z.array(z.string()).optional(),
  changes: z.array(z.string()).optional(),
  progress: progressSchema.optional(),
  link: z.string().optional(),
  sound: z
    .string()
    .optional()
    .describe('How it was played: "built-in synthesis", or the SoundFont file the acoustic parts came from'),
};
export const generateOutputSchema = z.object(generateOutputShape);
export type GenerateResult = z.infer<typeof generateOutputSchema>;

// ── upload_reference ──────────────────────────────────────────────────────────────────────────
export const uploadInputShape = {
  path: z.string().min(1).max(4096).optional().describe("Absolute path of a local file"),
  url: z
    .string()
    .max(4096)
    .url()
    .refine((u) => /^https?:\/\//i.test(u), "url must start with http:// or https://")
    .optional()
    .describe("http(s) URL of a file"),
  session_id: id("session_id").optional(),
};
export const uploadInputSchema = z.object(uploadInputShape);
export type UploadInput = z.infer<typeof uploadInputSchema>;

export const uploadOutputShape = {
  session_id: z.string(),
  reference_id: z.string(),
  kind: z.enum(["audio", "video", "image"]),
  format: z.string(),
  bytes: z.number().int().nonnegative(),
  duration_seconds: z.number().optional(),
  analysis: z.record(z.unknown()),
  summary: z.string(),
};
export const uploadOutputSchema = z.object(uploadOutputShape);
export type UploadResult = z.infer<typeof uploadOutputSchema>;

// ── get_credits ───────────────────────────────────────────────────────────────────────────────
export const creditsInputShape = {};
export const creditsOutputShape = {
  backend: z.enum(["local", "nemovideo"]),
  available: z.number().nullable(),
  frozen: z.number().nullable(),
  total: z.number().nullable(),
  unlimited: z.boolean(),
  usage: z.object({ tracks: z.number(), seconds_rendered: z.number() }).optional(),
  summary: z.string(),
};
export const creditsOutputSchema = z.object(creditsOutputShape);
export type CreditsResult = z.infer<typeof creditsOutputSchema>;

// ── get_state ─────────────────────────────────────────────────────────────────────────────────
export const draftSchema = z.object({
  t: z.array(
    z.object({
      tt: z.number().int().describe("Track type: 0 video, 1 audio, 7 text"),
      sg: z.array(
        z.object({
          st: z.number().optional().describe("Start, ms"),
          d: z.number().describe("Duration, ms"),
          m: z.record(z.unknown()).optional().describe("Metadata"),
        }),
      ),
    }),
  ),
});
export type Draft = z.infer<typeof draftSchema>;

export const stateInputShape = {
  session_id: id("session_id"),
  version: z.number().int().min(1).optional().describe("Show this version instead of the latest"),
};
export const stateInputSchema = z.object(stateInputShape);
export type StateInput = z.infer<typeof stateInputSchema>;

export const jobSchema = z.object({
  job_id: z.string(),
  tool: z.enum(["generate_track", "export_track"]),
  status: z.enum(["running", "done", "failed"]),
  progress: z.number(),
  message: z.string().optional(),
  error: z.string().optional(),
  result: z.record(z.unknown()).optional(),
});
export type JobInfo = z.infer<typeof jobSchema>;

export const stateOutputShape = {
  session_id: z.string(),
  status: z.enum(["empty", "running", "ready", "failed"]),
  timeline_summary: z.string(),
  draft: draftSchema,
  version: z.number().int().optional(),
  sections: z.array(sectionSchema).optional(),
  versions: z.array(z.record(z.unknown())),
  references: z.array(z.record(z.unknown())),
  files: z.array(outputFileSchema),
  jobs: z.array(jobSchema).optional(),
  link: z.string().optional(),
  summary: z.string(),
};
export const stateOutputSchema = z.object(stateOutputShape);
export type StateResult = z.infer<typeof stateOutputSchema>;

// ── export_track ──────────────────────────────────────────────────────────────────────────────
export const exportInputShape = {
  session_id: id("session_id"),
  track_id: id("track_id").optional(),
  version: z.number().int().min(1).optional(),
  formats: z.array(z.enum(EXPORT_FORMATS)).min(1).max(8).optional().describe("Default: wav"),
  stems: z.boolean().optional(),
  out_dir: z.string().min(1).max(4096).optional().describe("Relative paths resolve against the output dir"),
  lufs: z.number().min(-40).max(-5).optional(),
  sample_rate: z.union([z.literal(44100), z.literal(48000)]).optional(),
  bit_depth: z.union([z.literal(16), z.literal(24), z.literal(32)]).optional(),
  reference_id: id("reference_id").optional().describe("For mp4: the uploaded video to lay the music under"),
  bgm_volume: z.number().min(0).max(1).optional().describe("For mp4: music level under the video's own audio"),
  wait_seconds: waitSeconds,
};
export const exportInputSchema = z.object(exportInputShape);
export type ExportInput = z.infer<typeof exportInputSchema>;

export const exportOutputShape = {
  session_id: z.string(),
  status: z.enum(["done", "running"]),
  files: z.array(outputFileSchema),
  url: z.string().optional(),
  progress: progressSchema.optional(),
  summary: z.string(),
};
export const exportOutputSchema = z.object(exportOutputShape);
export type ExportResult = z.infer<typeof exportOutputSchema>;
