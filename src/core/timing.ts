/**
 * Durations measured inside services, handed to whoever listens (the metrics plugin) without
 * the service knowing about metrics. Each timing names the database it ran on, so that several
 * apps in one process (tests) each count only their own.
 *
 *   const stop = onSearchTimed(({ db, seconds }) => { if (db === app.db) histogram.observe(seconds); });
 *   searchTimed({ db, seconds: 0.012 });  // after each search
 *   stop();                                // on close
 */
export interface SearchTiming {
  /** The database handle the search ran on. */
  db: object;
  seconds: number;
}

type Listener = (timing: SearchTiming) => void;

const searchListeners = new Set<Listener>();

/** Subscribes to search timings; returns the function that unsubscribes. */
export function onSearchTimed(listener: Listener): () => void {
  searchListeners.add(listener);
  return () => {
    searchListeners.delete(listener);
  };
}

/** Reports one search's duration. A listener that throws never costs the reader the search. */
export function searchTimed(timing: SearchTiming): void {
  for (const listener of searchListeners) {
    try {
      listener(timing);
    } catch {
      // Bookkeeping only.
    }
  }
}
