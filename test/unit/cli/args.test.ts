/** `--lufs -16` works as the help writes it: a value option followed by a negative number keeps it. */
import { describe, expect, it } from "vitest";
import { joinNegativeValues } from "../../../src/cli/shared.js";

describe("CLI arguments", () => {
  it("joins a value option with the negative number after it, and leaves everything else alone", () => {
    expect(joinNegativeValues(["a brief", "--lufs", "-16", "--json"], ["lufs"])).toEqual([
      "a brief",
      "--lufs=-16",
      "--json",
    ]);
    expect(joinNegativeValues(["--lufs", "-16.5"], ["lufs"])).toEqual(["--lufs=-16.5"]);
    expect(joinNegativeValues(["--json", "-h"], ["lufs"])).toEqual(["--json", "-h"]);
    expect(joinNegativeValues(["--out", "-x"], ["lufs"])).toEqual(["--out", "-x"]);
    expect(joinNegativeValues(["--lufs=-14"], ["lufs"])).toEqual(["--lufs=-14"]);
  });
});
