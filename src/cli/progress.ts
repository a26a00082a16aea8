import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number): void;
  stop(): void;
}

const NONE: Progress = { update: () => undefined, stop: () => undefined };

/** A progress bar on stderr for long work (more than `threshold` items); nothing otherwise. */
export function progressBar(label: string, total: number, threshold = 1000): Progress {
  if (total <= threshold) return NONE;
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`,
      stream: process.stderr,
      noTTYOutput: true,
      notTTYSchedule: 5000,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  // The bar redraws on a timer, which long synchronous database work (SQLite) starves; redraw
  // on progress instead, at most every half second (every 5 s in a log without a terminal).
  const every = process.stderr.isTTY ? 500 : 5000;
  let drawnAt = 0;
  return {
    update: (done) => {
      bar.update(Math.min(done, total));
      const now = Date.now();
      if (now - drawnAt >= every) {
        drawnAt = now;
        bar.render();
      }
    },
    stop: () => bar.stop(),
  };
}
