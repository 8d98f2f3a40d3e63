// A session file whose last line was cut mid-JSON (wsagent died mid-write): before anything is
// appended, the fragment is moved to `<session>.jsonl.torn` beside it (kept, never thrown away)
// and the file ends at its last whole line, so the next line does not run into the fragment.
import { appendFileSync, readFileSync, truncateSync } from 'node:fs';

export interface TornTail {
  /** Bytes of the cut line that were set aside. */
  bytes: number;
  /** Its line number in the file (1-based). */
  line: number;
  /** Where they were kept. */
  keptIn: string;
}

export function repairTornTail(path: string): TornTail | null {
  const data = readFileSync(path);
  if (data.length === 0 || data[data.length - 1] === 0x0a) return null;
  const start = data.lastIndexOf(0x0a) + 1;
  const fragment = data.subarray(start);
  try {
    JSON.parse(fragment.toString('utf8'));
    appendFileSync(path, '\n'); // a whole line that only lacks its newline: nothing is lost
    return null;
  } catch {
    // cut mid-line: set it aside below
  }
  const keptIn = `${path}.torn`;
  appendFileSync(keptIn, Buffer.concat([fragment, Buffer.from('\n')]), { mode: 0o600 });
  truncateSync(path, start);
  let line = 1;
  for (let i = 0; i < start; i++) if (data[i] === 0x0a) line++;
  return { bytes: fragment.length, line, keptIn };
}
