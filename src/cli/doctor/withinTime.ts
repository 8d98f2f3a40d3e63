// A bound on how long a check waits for an answer that may never come (a steer ignored, an MCP
// server that hangs in its handshake).

/** Resolves `promise`, or `null` after `ms` (the promise is left to settle unseen). */
export function withinTime<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
