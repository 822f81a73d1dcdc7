/** `composer-mcp compose "<brief>" [options]`: generate_track with the local engine. */
import { generateInputSchema } from "../backend/schemas.js";
import { toComposerError } from "../errors.js";
import { fail, HELP } from "./main.js";
import { checked, formatsOption, numberOption, parseCommand, withBackend } from "./shared.js";

export async function runCompose(args: string[]): Promise<number> {
  let input: ReturnType<typeof generateInputSchema.parse>;
  let values: ReturnType<typeof parse>["values"];
  try {
    const parsed = parse(args);
    values = parsed.values;
    if (values.help) {
      process.stdout.write(HELP);
      return 0;
    }
    const prompt = parsed.positionals.join(" ").trim();
    if (!prompt) return fail('compose needs a brief, e.g. composer-mcp compose "60 s upbeat pop at 118 BPM".');
    input = checked(generateInputSchema, {
      prompt,
      session_id: values.session,
      duration_seconds: numberOption("duration", values.duration),
      bpm: numberOption("bpm", values.bpm),
      key: values.key,
      time_signature: values.time,
      loop: values.loop || undefined,
      seed: numberOption("seed", values.seed),
      lufs: numberOption("lufs", values.lufs),
      formats: formatsOption(values.format),
      stems: values.stems || undefined,
    });
  } catch (error) {
    return fail(toComposerError(error).message);
  }
  const options = {
    out: values.out,
    json: values.json ?? false,
    quiet: values.quiet ?? false,
    renders: { seconds: input.duration_seconds },
  };
  return withBackend(options, (backend, ctx) => backend.generateTrack(input, ctx));
}

function parse(args: string[]) {
  return parseCommand(args, {
    out: { type: "string" },
    session: { type: "string" },
    duration: { type: "string" },
    bpm: { type: "string" },
    key: { type: "string" },
    time: { type: "string" },
    loop: { type: "boolean" },
    seed: { type: "string" },
    format: { type: "string" },
    stems: { type: "boolean" },
    lufs: { type: "string" },
    json: { type: "boolean" },
    quiet: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
}
