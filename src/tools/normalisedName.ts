// Unicode file names have two spellings of the same text: macOS and many archives write `café` as
// `cafe` + a combining accent (NFD), while models and most editors write the composed `é` (NFC).
// The listing shows both the same, so a path the model copied from it may not be the bytes on
// disk. When a path does not exist, its last component is looked up among its directory's entries
// by normalised form; exactly one match is the file meant.
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The on-disk spelling of `abs` when only another normal form of its name exists, else null. */
export async function otherNormalForm(abs: string): Promise<string | null> {
  const name = basename(abs);
  const wanted = name.normalize('NFC');
  if (wanted === name && name.normalize('NFD') === name) return null; // pure ASCII or no composable characters
  try {
    await stat(abs);
    return null; // it exists as written
  } catch {
    // look for another spelling below
  }
  let entries: string[];
  try {
    entries = await readdir(dirname(abs));
  } catch {
    return null;
  }
  const matches = entries.filter((entry) => entry !== name && entry.normalize('NFC') === wanted);
  return matches.length === 1 ? join(dirname(abs), matches[0]!) : null;
}
