/** What the session operations share: the store, the stages, the configuration and test hooks. */
import type { Config } from "../../config.js";
import { log } from "../../log.js";
import type { Stages } from "../pipeline.js";
import type { SessionStore } from "./store.js";
import type { VersionStage } from "./versions.js";

export interface Hooks {
  /** Runs after a version's files are written and before its manifest; tests inject crashes here. */
  beforeCommit?: (stage: VersionStage) => void | Promise<void>;
}

export interface Engine {
  store: SessionStore;
  stages: Stages;
  config: Config;
  hooks: Hooks;
  /** Housekeeping that runs after a call has answered; `close()` waits for it. */
  background: Set<Promise<unknown>>;
}

/** Runs `task` after the current call without delaying its answer; failures are only logged. */
export function inBackground(engine: Engine, task: () => Promise<unknown>): void {
  const running: Promise<unknown> = task()
    .catch((error: unknown) => log.warn("housekeeping failed", { message: String(error) }))
    .finally(() => engine.background.delete(running));
  engine.background.add(running);
}

export const BGM = {
  /** Music level under a video that has its own sound (dialogue, ambience). */
  underSpeech: 0.35,
  /** Music level when the video is silent. */
  alone: 1,
} as const;
