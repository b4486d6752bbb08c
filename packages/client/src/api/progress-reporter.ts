import cliProgress from 'cli-progress';
import type { PollStatus } from './connection.js';

export interface ProgressReporter {
  /** Pass as `WaitOptions.onProgress`. */
  onProgress(status: PollStatus): void;
  /** Ends the display; `completed` fills the bar as FlowClient does when the query is ready. */
  stop(options: { completed: boolean }): void;
}

/** FlowClient's progress line. */
export function progressLine(status: PollStatus): string {
  const p = status.progress;
  return p === undefined
    ? `Query ${status.status}.`
    : `${p.eligible} parts to run, ${p.queued} in queue and ${p.running} running.`;
}

/**
 * Shows a wait's progress on `stream` (stderr from the CLI): a "Parts run" bar on a TTY, sized by the first poll's
 * `eligible` count and advanced as parts complete (FlowClient's tqdm bar); on anything else, one line each time the
 * progress changes, so logs stay readable.
 */
export function createProgressReporter(stream: NodeJS.WritableStream & { isTTY?: boolean }): ProgressReporter {
  if (stream.isTTY !== true) {
    let last = '';
    return {
      onProgress(status) {
        const line = progressLine(status);
        if (line !== last) stream.write(`${line}\n`);
        last = line;
      },
      stop() {},
    };
  }
  let bar: cliProgress.SingleBar | undefined;
  let total = 0;
  return {
    onProgress(status) {
      const eligible = status.progress?.eligible ?? 0;
      const payload = { line: progressLine(status) };
      if (bar === undefined) {
        total = Math.max(eligible, 1);
        bar = new cliProgress.SingleBar(
          { stream, format: 'Parts run |{bar}| {value}/{total} q | {line}', hideCursor: true, clearOnComplete: false },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, total - eligible, payload);
        return;
      }
      bar.update(Math.max(0, total - eligible), payload);
    },
    stop({ completed }) {
      if (bar === undefined) return;
      if (completed) bar.update(total, { line: 'done.' });
      bar.stop();
    },
  };
}
