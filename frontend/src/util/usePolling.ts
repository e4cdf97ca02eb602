import { useEffect, useRef } from 'react';

/** Runs `tick` now and every `intervalMs` while enabled and the tab is visible. */
export function usePolling(tick: () => void | Promise<void>, intervalMs: number, enabled = true): void {
  const ref = useRef(tick);
  ref.current = tick;
  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const run = async () => {
      if (stopped) return;
      if (document.visibilityState !== 'hidden') {
        try {
          await ref.current();
        } catch {
          // The caller shows its own errors; polling goes on.
        }
      }
      if (!stopped) timer = setTimeout(run, intervalMs);
    };
    void run();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [intervalMs, enabled]);
}
