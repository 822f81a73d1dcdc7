/**
 * Every number the NemoVideo client waits, retries or caps by, in one place. The retry policy of the
 * whole client is this table: nothing else in src/remote decides when to try again.
 *
 * - 1001 (bad or expired token, HTTP 401 or body code): one new anonymous token, the request repeated once.
 * - 429 (rate limited): one repeat after `rateLimitDelayMs`.
 * - 400 on the token bootstrap (missing X-Client-Id): the id made again, one repeat.
 * - Network errors and 5xx: `getRetries` repeats for GET only, waiting `getRetryDelaysMs`. A POST is never
 *   repeated after it may have reached the server (a message sent twice is charged twice).
 * - A dropped message stream: `sseReconnects` reconnects with Last-Event-ID, `sseReconnectDelayMs` apart,
 *   then the session state is polled every `statePollMs` until the work settles.
 * - A failed render: one more render under a new id.
 */
export const DEFAULTS = {
  apiUrl: "https://mega-api-prod.nemovideo.ai",
  webUrl: "https://nemovideo.com",
  /** Sent as X-Skill-Source and in the claim link. */
  skillName: "composer-mcp",
  appName: "nemo_agent",

  authRetries: 1,
  clientIdRetries: 1,
  rateLimitRetries: 1,
  rateLimitDelayMs: 30_000,
  getRetries: 2,
  getRetryDelaysMs: [1_000, 3_000],

  /** Hard cap on one message, stream and polling together. */
  messageCapMs: 15 * 60_000,
  /** A stream that sends only heartbeats this long is treated as timed out. */
  heartbeatOnlyTimeoutMs: 10 * 60_000,
  stillWorkingEveryMs: 2 * 60_000,
  sseReconnects: 3,
  sseReconnectDelayMs: 2_000,
  statePollMs: 5_000,
  /** After a stream that ended without a word, how long to poll for the change to show on the timeline. */
  silentChangeWaitMs: 60_000,

  renderPollSeconds: 30,
  renderMaxPolls: 10,
  renderRetries: 1,

  /** Uploads above this are refused before sending. */
  uploadMaxBytes: 500 * 1024 * 1024,
  connectTimeoutMs: 15_000,
  headersTimeoutMs: 60_000,
  /** Longer than any gap between heartbeats; a silent socket past this counts as a dropped stream. */
  bodyTimeoutMs: 3 * 60_000,
} as const;

export const UPLOAD_FORMATS = [
  "mp4",
  "mov",
  "avi",
  "webm",
  "mkv",
  "jpg",
  "png",
  "gif",
  "webp",
  "mp3",
  "wav",
  "m4a",
  "aac",
] as const;
export type UploadFormat = (typeof UPLOAD_FORMATS)[number];
