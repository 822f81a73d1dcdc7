/**
 * Wire shapes of the NemoVideo API, parsed defensively: fields marked "(seen)" in the protocol notes are
 * required, everything else is optional, numbers may arrive as strings, and unknown fields pass through.
 */
import { z } from "zod";

const num = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/)]).transform(Number);
const idString = z.union([z.string().min(1), z.number()]).transform(String);

/** `{"code":0,"data":…}`; `code` may be missing on plain successes. */
export const envelopeSchema = z
  .object({
    code: num.optional(),
    msg: z.string().optional(),
    message: z.string().optional(),
    data: z.unknown().optional(),
  })
  .passthrough();
export type Envelope = z.infer<typeof envelopeSchema>;

export const tokenDataSchema = z
  .object({ token: z.string().min(8), credits: num.optional(), is_anonymous: z.boolean().optional() })
  .passthrough();

export const sessionDataSchema = z
  .object({
    task_id: idString,
    session_id: idString,
    bind_id: idString.optional(),
    user_id: idString.optional(),
  })
  .passthrough();
export type SessionData = z.infer<typeof sessionDataSchema>;

const nullableNum = num
  .nullable()
  .optional()
  .transform((v) => v ?? null);
export const creditsDataSchema = z
  .object({ available: nullableNum, frozen: nullableNum, total: nullableNum })
  .passthrough();

export const stateDataSchema = z
  .object({
    status: z.string().optional(),
    bind_id: idString.optional(),
    user_id: idString.optional(),
    state: z
      .object({
        draft: z.unknown().optional(),
        video_infos: z.unknown().optional(),
        canvas_config: z.unknown().optional(),
        generated_media: z.unknown().optional(),
        status: z.string().optional(),
      })
      .passthrough()
      .optional(),
  })
  .passthrough();
export type StateData = z.infer<typeof stateDataSchema>;

export const renderStatusSchema = z
  .object({
    status: z.string().default("pending"),
    output: z.object({ url: z.string().optional() }).passthrough().nullable().optional(),
    error: z.unknown().optional(),
  })
  .passthrough();
export type RenderStatus = z.infer<typeof renderStatusSchema>;

/** One uploaded file as the service describes it; names vary, so several are read. */
export const uploadedFileSchema = z
  .object({
    id: idString.optional(),
    file_id: idString.optional(),
    media_id: idString.optional(),
    url: z.string().optional(),
    name: z.string().optional(),
    duration: num.optional(),
    size: num.optional(),
  })
  .passthrough();

/** An ADK `Event` (google.adk.events.Event) as JSON; only the fields we read. */
const partSchema = z
  .object({
    text: z.string().optional(),
    thought: z.boolean().optional(),
    functionCall: z.unknown().optional(),
    function_call: z.unknown().optional(),
    functionResponse: z.unknown().optional(),
    function_response: z.unknown().optional(),
  })
  .passthrough();
export const adkEventSchema = z
  .object({
    id: z.string().optional(),
    author: z.string().optional(),
    partial: z.boolean().optional(),
    turnComplete: z.boolean().optional(),
    content: z
      .object({ parts: z.array(partSchema).optional() })
      .passthrough()
      .nullable()
      .optional(),
    errorCode: z.union([z.string(), z.number()]).optional(),
    error_code: z.union([z.string(), z.number()]).optional(),
    errorMessage: z.string().optional(),
    error_message: z.string().optional(),
    code: num.optional(),
    type: z.string().optional(),
  })
  .passthrough();
export type AdkEvent = z.infer<typeof adkEventSchema>;
