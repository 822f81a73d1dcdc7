/**
 * generate_track on the service: one message to the agent (a first brief or an edit), then the state
 * once the work settles; the answer is the agent's words without GUI talk, or — when it said nothing —
 * what changed on the timeline.
 */
import type { CallContext } from "../../backend/music-backend.js";
import type { GenerateInput, GenerateResult } from "../../backend/schemas.js";
import { log, scrub } from "../../log.js";
import { DEFAULTS } from "../defaults.js";
import { waitUntilSettled } from "../poll/state-poll.js";
import type { RemoteSession } from "../sessions.js";
import { languageOf } from "../sessions.js";
import { type MessageOutcome, runMessage } from "../sse/run-message.js";
import { draftSeconds, musicTitle, readyForExport, timelineSummary } from "../state/draft.js";
import { EMPTY_SNAPSHOT, fetchState, type StateSnapshot } from "../state/snapshot.js";
import { translateGui } from "../translate/gui.js";
import { diffDrafts } from "../translate/state-diff.js";
import { isSessionGone, type NemoContext, platformFor, replaceSession } from "./context.js";
import { followUps } from "./follow-ups.js";

/** Explicit arguments win over the prompt, so they are spelled out after it. */
export function composeMessage(input: GenerateInput, session: RemoteSession): string {
  const extra: string[] = [];
  if (input.duration_seconds !== undefined) extra.push(`Length: exactly ${input.duration_seconds} seconds.`);
  if (input.bpm !== undefined) extra.push(`Tempo: ${input.bpm} BPM.`);
  if (input.key) extra.push(`Key: ${input.key}.`);
  if (input.time_signature) extra.push(`Time signature: ${input.time_signature}.`);
  if (input.loop) extra.push("Make it loop seamlessly.");
  if (input.lufs !== undefined) extra.push(`Loudness: ${input.lufs} LUFS.`);
  if (input.reference_id) {
    const ref = session.references.find((r) => r.reference_id === input.reference_id);
    extra.push(`Fit the music to the uploaded file ${String(ref?.name ?? input.reference_id)}.`);
  }
  return extra.length === 0 ? input.prompt : `${input.prompt}\n\n${extra.join(" ")}`;
}

export function generate(nc: NemoContext, input: GenerateInput, ctx: CallContext): Promise<GenerateResult> {
  if (input.session_id) ctx.bindSession(input.session_id);
  return nc.sessions.exclusive(input.session_id, () => generateNow(nc, input, ctx));
}

async function generateNow(nc: NemoContext, input: GenerateInput, ctx: CallContext): Promise<GenerateResult> {
  const platform = platformFor(nc, ctx);
  const notes: string[] = [];
  const read = (s: RemoteSession) => fetchState(nc.http, s.backendId, ctx.signal, platform);
  ctx.report({ progress: 0.02, message: "Connecting to the music service" });

  let session: RemoteSession;
  let before: StateSnapshot = EMPTY_SNAPSHOT;
  if (input.session_id) {
    session = nc.sessions.resolve(input.session_id);
    try {
      before = await read(session);
    } catch (error) {
      if (!isSessionGone(error)) throw error;
      session = await replaceSession(nc, session, ctx, notes);
    }
  } else {
    session = await nc.sessions.create(languageOf(input.prompt), ctx.signal, platform);
    ctx.bindSession(session.id);
  }

  const startedAt = nc.timing.now();
  const send = (s: RemoteSession) =>
    runMessage({
      http: nc.http,
      timing: nc.timing,
      backendSessionId: s.backendId,
      text: composeMessage(input, s),
      platform,
      signal: ctx.signal,
      report: ctx.report,
      startedAt,
    });
  let outcome: MessageOutcome;
  try {
    outcome = await send(session);
  } catch (error) {
    // Refused with 1002 before it started: nothing was charged, so the new session gets the message.
    if (!isSessionGone(error)) throw error;
    session = await replaceSession(nc, session, ctx, notes);
    before = EMPTY_SNAPSHOT;
    outcome = await send(session);
  }

  const after = await waitUntilSettled({
    read: () => read(session),
    before,
    timing: nc.timing,
    signal: ctx.signal,
    startedAt,
    report: ctx.report,
    // A silent answer may land on the timeline a moment after the stream ends: poll for it, briefly.
    needChange: outcome.end !== "complete" || outcome.text.trim() === "",
    ...(outcome.end === "complete" ? { acceptUnchangedAt: nc.timing.now() + DEFAULTS.silentChangeWaitMs } : {}),
  });
  const changes = diffDrafts(before.draft, after.draft);
  // The agent's words reach the person: never with a secret in them, never with editor instructions.
  const translation = translateGui(scrub(outcome.text));
  if (translation.removed.length > 0) log.debug("removed GUI instructions", { count: translation.removed.length });

  const said =
    translation.text ||
    (changes.length > 0
      ? `${changes.join(". ")}.`
      : "The music service finished without describing a change, and the timeline did not change.");
  const timeline = timelineSummary(after.draft);
  const next = await followUps(nc, ctx, session, translation.actions, platform, readyForExport(after.draft));
  const version = session.versions.length + 1;
  session.versions.push({ version, summary: said, changes });
  const title = musicTitle(after.draft);
  const seconds = draftSeconds(after.draft);
  const link = nc.sessions.link(session);
  return {
    session_id: session.id,
    status: "done",
    version,
    ...(title ? { title } : {}),
    summary: [...notes, said, timeline, ...next].join("\n"),
    ...(seconds > 0 ? { duration_seconds: seconds } : {}),
    files: [],
    changes,
    ...(link ? { link } : {}),
  };
}
