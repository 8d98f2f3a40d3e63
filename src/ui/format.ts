// Short, fixed-width-ish renderings of the figures the status bar and /status show: durations,
// connection ages, token counts and byte counts. Pure; no colour.

/** A request or turn duration: `412 ms`, `1.3 s`, `42 s`, then `2m03s`. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  const value = Math.max(0, ms);
  if (value < 1000) return `${Math.round(value)} ms`;
  if (value < 9_950) return `${(value / 1000).toFixed(1)} s`;
  if (value < 59_500) return `${Math.round(value / 1000)} s`;
  return formatAge(value);
}

/** A connection age: `45s`, `12m03s`, `1h02m`. */
export function formatAge(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  if (total < 60) return `${total}s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes}m${String(total % 60).padStart(2, '0')}s`;
  const hours = Math.floor(minutes / 60);
  return `${hours}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** Token counts: `890`, `12.3k`, `1.2M`. */
export function formatTokens(n: number): string {
  const value = Math.max(0, Math.round(n));
  if (value < 1000) return String(value);
  if (value < 999_950) return `${(value / 1000).toFixed(1)}k`;
  if (value < 999_950_000) return `${(value / 1_000_000).toFixed(1)}M`;
  return `${(value / 1_000_000_000).toFixed(1)}G`;
}

/** Byte counts: `512 B`, `1.2 KiB`, `3.4 MiB`. */
export function formatBytes(n: number): string {
  const value = Math.max(0, Math.round(n));
  if (value < 1024) return `${value} B`;
  if (value < 1024 * 1024) return `${(value / 1024).toFixed(1)} KiB`;
  return `${(value / (1024 * 1024)).toFixed(1)} MiB`;
}

/** Thousands separators for the detailed /status block: `12,345`. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
