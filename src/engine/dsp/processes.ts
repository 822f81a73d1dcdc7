/**
 * Whether another process still runs, for files that name their owner by pid (the session lock, a render's
 * scratch file): signal 0 checks without disturbing it.
 */
export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
