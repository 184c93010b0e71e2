/**
 * Wraps an async task so calls never overlap: a call while it runs asks for one more run after it (any
 * number of such calls collapse into that one), so the last state is always fetched after the last ask.
 * Errors are the task's to handle; a rejection is logged and does not stop later runs.
 */
export function coalesce(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  const loop = async () => {
    do {
      again = false;
      await task().catch((error: unknown) => console.warn('refresh failed', error));
    } while (again);
    running = null;
  };
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = loop();
    return running;
  };
}
