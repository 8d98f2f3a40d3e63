// A clock for things that age on screen (connection age, the "working" timer): re-renders only the
// component that uses it, once per interval, and only while enabled.
import { useEffect, useState } from 'react';

export function useNow(intervalMs: number, enabled = true): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (!enabled) return undefined;
    setNow(performance.now());
    const timer = setInterval(() => setNow(performance.now()), intervalMs);
    timer.unref?.();
    return () => clearInterval(timer);
  }, [intervalMs, enabled]);
  return now;
}
