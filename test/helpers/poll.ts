/**
 * Checks `done` every `intervalMs` until it holds, and fails with `what` (and how long it waited)
 * once `timeoutMs` has passed: a poll in a test always has a deadline and says what it waited for.
 */
export async function pollUntil(
  what: string | (() => string),
  done: () => boolean | Promise<boolean>,
  { timeoutMs = 10_000, intervalMs = 50 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await done()) return;
    if (Date.now() >= deadline) {
      const description = typeof what === 'function' ? what() : what;
      throw new Error(`waited ${timeoutMs / 1000} s in vain for ${description}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
