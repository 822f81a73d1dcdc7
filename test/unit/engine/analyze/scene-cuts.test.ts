import { describe, expect, it } from "vitest";
import {
  detectSceneCuts,
  type FrameMeasure,
  parseFrameMeasures,
  pickCuts,
} from "../../../../src/engine/analyze/video/scene-cuts.js";

const FPS = 25;
function frames(
  count: number,
  difference: (i: number) => number,
  scene: (i: number) => number = () => 0,
): FrameMeasure[] {
  return Array.from({ length: count }, (_, i) => ({
    time: i / FPS,
    difference: i === 0 ? 0 : difference(i),
    scene: scene(i),
  }));
}

describe("scene cut parsing", () => {
  it("reads pts_time, scene score and the plane differences from ffmpeg's metadata print", () => {
    const text = [
      "frame:0    pts:0       pts_time:0",
      "lavfi.signalstats.YAVG=81.0",
      "lavfi.signalstats.YDIF=0",
      "lavfi.signalstats.UDIF=0",
      "lavfi.signalstats.VDIF=0",
      "lavfi.scene_score=0.000000",
      "frame:1    pts:512     pts_time:0.04",
      "lavfi.signalstats.YDIF=1.5",
      "lavfi.signalstats.UDIF=20",
      "lavfi.signalstats.VDIF=30.25",
      "lavfi.scene_score=0.400000",
    ].join("\n");
    expect(parseFrameMeasures(text)).toEqual([
      { time: 0, scene: 0, difference: 0 },
      { time: 0.04, scene: 0.4, difference: 51.75 },
    ]);
    expect(parseFrameMeasures("")).toEqual([]);
  });
});

describe("picking cuts", () => {
  it("takes a jump in plane differences even when the luma scene score misses it (equal-brightness colours)", () => {
    expect(pickCuts(frames(100, (i) => (i === 50 ? 120 : 0)))).toEqual([2]);
  });

  it("takes a high scene score on its own", () => {
    expect(
      pickCuts(
        frames(
          100,
          () => 5,
          (i) => (i === 30 ? 0.45 : 0.02),
        ),
      ),
    ).toEqual([1.2]);
  });

  it("ignores steady motion (a pan) and small flicker", () => {
    expect(pickCuts(frames(200, (i) => 30 + 5 * Math.sin(i)))).toEqual([]);
    expect(pickCuts(frames(200, (i) => (i % 7 === 0 ? 8 : 1)))).toEqual([]);
  });

  it("finds a cut inside motion, and drops a second jump closer than the minimum gap", () => {
    const cut = (i: number) => (i === 40 ? 90 : i === 43 ? 95 : i === 120 ? 80 : 12);
    expect(pickCuts(frames(200, cut))).toEqual([1.6, 4.8]);
  });

  it("finds a cut from a busy shot into a still one, and ignores busy frames next to the cut", () => {
    const busyThenStill = (i: number) => (i === 60 ? 110 : i < 60 ? 32 + (i % 3 === 0 ? 14 : 0) : 1);
    expect(pickCuts(frames(120, busyThenStill))).toEqual([2.4]);
  });

  it("does not call the picture settling right after the first frame a cut", () => {
    expect(pickCuts(frames(100, (i) => (i === 1 ? 90 : i === 70 ? 90 : 2)))).toEqual([2.8]);
  });

  it("needs ffmpeg", async () => {
    await expect(detectSceneCuts("/tmp/whatever.mp4", { ffmpeg: "/nonexistent/ffmpeg" })).rejects.toMatchObject({
      code: "NEEDS_FFMPEG",
    });
  });
});
