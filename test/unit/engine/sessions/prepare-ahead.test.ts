/**
 * generate_track and export_track start the render's and the encoders' workers ahead of their work: the render
 * workers once the brief is read (they load while the score is composed), the encoder workers once the render
 * is done (they load while the mix is mastered).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { plainContext } from "../../../../src/backend/music-backend.js";
import { LocalBackend } from "../../../../src/engine/local-backend.js";
import type { Stages } from "../../../../src/engine/pipeline.js";
import { fakeStages, newLog, testConfig } from "./fake-stages.js";

let root: string;
let backend: LocalBackend;
let events: string[];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "composer-ahead-"));
  events = [];
  const base = fakeStages(newLog());
  const stages: Stages = {
    ...base,
    compose: (plan) => {
      events.push("compose");
      return base.compose(plan);
    },
    renderStems: async (score, options) => {
      events.push("render");
      return base.renderStems(score, options);
    },
    masterTrack: (...args) => {
      events.push("master");
      return base.masterTrack(...args);
    },
    prepareRender: (seconds) => events.push(`prepareRender ${seconds}`),
    prepareEncoders: (formats, seconds) => events.push(`prepareEncoders ${formats.join(",")} ${seconds}`),
  };
  backend = new LocalBackend(testConfig(root), { stages });
});
afterEach(async () => {
  await backend.close();
  rmSync(root, { recursive: true, force: true });
});

describe("workers started ahead of their work", () => {
  it("generate: the render's before composing, the encoders' before mastering, with the formats asked for", async () => {
    await backend.generateTrack({ prompt: "Sunny pop", duration_seconds: 3, formats: ["ogg", "wav"] }, plainContext());
    expect(events).toEqual(["prepareRender 3", "compose", "render", "prepareEncoders ogg,wav 3", "master"]);
  });

  it("export with stems renders again and prepares both; a plain export prepares the encoders only", async () => {
    const first = await backend.generateTrack({ prompt: "Sunny pop", duration_seconds: 3 }, plainContext());
    events = [];
    await backend.exportTrack({ session_id: first.session_id, formats: ["mp3"], stems: true }, plainContext());
    expect(events).toEqual(["prepareRender 3", "render", "prepareEncoders mp3 3", "master"]);
    events = [];
    await backend.exportTrack({ session_id: first.session_id, formats: ["mp3"] }, plainContext());
    expect(events).toEqual(["prepareEncoders mp3 3", "master"]);
  });
});
