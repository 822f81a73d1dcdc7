/**
 * A one-line progress bar for the CLI on a TTY: `[########------------]  42% rendering  0:07`. Redraws at
 * most every REDRAW_MS unless the message changes, fits the terminal width, and clears itself when done.
 * Quiet when the stream is piped (not a TTY) or when disabled, so scripts and `--json` see no noise.
 */
import type { Progress } from "../backend/music-backend.js";

export interface ProgressBar {
  update(progress: Progress): void;
  /** Ends the bar: clears its line, leaving the terminal as it was. */
  done(): void;
}

export const PROGRESS_DEFAULTS = {
  barWidth: 24,
  redrawMs: 100,
  /** Used when the terminal does not report its width. */
  columns: 80,
};

export interface ProgressOptions {
  enabled: boolean;
  /** Injectable clock for tests. */
  now?: () => number;
}

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** The text of one frame, at most `columns - 1` characters (the last column would wrap on some terminals). */
export function renderLine(p: Progress, elapsedMs: number, columns: number): string {
  const fraction = Math.min(1, Math.max(0, Number.isFinite(p.progress) ? p.progress : 0));
  const filled = Math.round(fraction * PROGRESS_DEFAULTS.barWidth);
  const bar = `[${"#".repeat(filled)}${"-".repeat(PROGRESS_DEFAULTS.barWidth - filled)}]`;
  const pct = `${String(Math.round(fraction * 100)).padStart(3)}%`;
  const time = clock(elapsedMs);
  const room = Math.max(0, columns - 1 - bar.length - pct.length - time.length - 3);
  const message = (p.message ?? "").replace(/\s+/g, " ").slice(0, room).padEnd(room);
  return `${bar} ${pct} ${message} ${time}`.slice(0, Math.max(0, columns - 1));
}

export function progressBar(stream: NodeJS.WriteStream, options: ProgressOptions): ProgressBar {
  const active = options.enabled && stream.isTTY === true;
  const now = options.now ?? Date.now;
  const started = now();
  let drawnAt = -Infinity;
  let lastMessage: string | undefined;
  let lastProgress = 0;
  let drawn = false;
  const columns = () => (stream.columns && stream.columns > 20 ? stream.columns : PROGRESS_DEFAULTS.columns);
  return {
    update(p) {
      if (!active) return;
      // Progress only moves forward on screen, even if a stage reports a smaller fraction.
      lastProgress = Math.max(lastProgress, Number.isFinite(p.progress) ? p.progress : 0);
      const t = now();
      if (p.message === lastMessage && t - drawnAt < PROGRESS_DEFAULTS.redrawMs && lastProgress < 1) return;
      lastMessage = p.message;
      drawnAt = t;
      stream.write(`\r${renderLine({ progress: lastProgress, message: p.message }, t - started, columns())}`);
      drawn = true;
    },
    done() {
      if (active && drawn) stream.write(`\r${" ".repeat(columns() - 1)}\r`);
      drawn = false;
    },
  };
}
