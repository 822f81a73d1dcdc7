/** A one-line progress bar on a TTY; silent when the stream is piped or disabled. */
import type { Progress } from "../backend/music-backend.js";

export interface ProgressBar {
  update(progress: Progress): void;
  done(): void;
}

const WIDTH = 28;

export function progressBar(stream: NodeJS.WriteStream, options: { enabled: boolean }): ProgressBar {
  const active = options.enabled && stream.isTTY === true;
  let drawn = false;
  return {
    update(p) {
      if (!active) return;
      const filled = Math.round(Math.min(1, Math.max(0, p.progress)) * WIDTH);
      stream.write(
        `\r[${"#".repeat(filled)}${"-".repeat(WIDTH - filled)}] ${String(Math.round(p.progress * 100)).padStart(3)}% ${(p.message ?? "").padEnd(24).slice(0, 24)}`,
      );
      drawn = true;
    },
    done() {
      if (active && drawn) stream.write("\n");
    },
  };
}
