// Remembers, per machine, that bubblewrap could make a sandbox, so a start does not pay for
// running `bwrap … true` again (~250 ms, most of the TUI's first frame). The record is keyed by
// what would change the answer: bwrap's path, size and mtime (a reinstall or upgrade), the host,
// and the kernel's user-namespace switches. Only successes are kept: a failure is probed again
// each start, so fixing the machine is noticed at once.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';

/** Kernel settings that turn unprivileged user namespaces (and so bwrap) on or off. */
export const USERNS_SWITCHES = [
  '/proc/sys/user/max_user_namespaces',
  '/proc/sys/kernel/unprivileged_userns_clone',
  '/proc/sys/kernel/apparmor_restrict_unprivileged_userns',
];

/** A kernel switch's value, or '-' where this kernel has no such switch. */
export function readSwitch(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '-';
  }
}

/** What the probe asks of bwrap (bwrap.ts): a success recorded for an easier probe does not count. */
const PROBE_KIND = 'userns+netns+pidns+proc';

/** What the cached answer depends on, as one string; null when bwrap cannot be stat'ed. */
export function probeKey(bwrapPath: string): string | null {
  try {
    const st = statSync(bwrapPath);
    return JSON.stringify([PROBE_KIND, bwrapPath, st.size, st.mtimeMs, hostname(), ...USERNS_SWITCHES.map(readSwitch)]);
  } catch {
    return null;
  }
}

/** True when an earlier probe of this very bwrap, on this machine as it is now, succeeded. */
export function probeSucceededBefore(cacheFile: string, bwrapPath: string): boolean {
  const key = probeKey(bwrapPath);
  if (key === null) return false;
  try {
    const record = JSON.parse(readFileSync(cacheFile, 'utf8')) as { key?: unknown; ok?: unknown };
    return record.key === key && record.ok === true;
  } catch {
    return false;
  }
}

/** Records a successful probe; a cache that cannot be written only costs the next start a probe. */
export function rememberProbeSuccess(cacheFile: string, bwrapPath: string): void {
  const key = probeKey(bwrapPath);
  if (key === null) return;
  try {
    mkdirSync(dirname(cacheFile), { recursive: true, mode: 0o700 });
    // Written aside and renamed, so a concurrent start never reads half a record.
    const aside = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(aside, `${JSON.stringify({ key, ok: true })}\n`, { mode: 0o600 });
    renameSync(aside, cacheFile);
  } catch {
    // not writable: nothing lost but time
  }
}
