/**
 * Retries `attempt` with exponential backoff (capped) until it resolves or `deadlineMs` passes, calling `onRetry`
 * before each wait so services log "waiting for flowdb" instead of crash-looping. With `unref`, the waits never keep
 * the process alive (for a background readiness loop that must not delay shutdown).
 */
export async function waitFor<T>(
  attempt: () => Promise<T>,
  options: {
    deadlineMs?: number;
    initialDelayMs?: number;
    maxDelayMs?: number;
    onRetry?: (err: unknown, delayMs: number) => void;
    unref?: boolean;
  } = {},
): Promise<T> {
  const deadline = Date.now() + (options.deadlineMs ?? 120_000);
  let delay = options.initialDelayMs ?? 250;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() + delay > deadline) throw err;
      options.onRetry?.(err, delay);
      await new Promise((r) => {
        const timer = setTimeout(r, delay);
        if (options.unref) timer.unref();
      });
      delay = Math.min(delay * 2, options.maxDelayMs ?? 5_000);
    }
  }
}
