// What /diff shows: the working tree against HEAD, untracked files included (as new files), so a
// file /undo left alone because it changed after the turn is there whether git tracks it or not.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { runGit } from './gitClient.js';

/** Untracked files shown in full at most; larger or further ones are named only. */
const MAX_UNTRACKED_SHOWN = 20;
const MAX_UNTRACKED_BYTES = 256 * 1024;

/** null when the workspace is not a git repository (or has no commits yet). */
export async function workingTreeDiff(root: string): Promise<string | null> {
  const tracked = await runGit(root, ['diff', 'HEAD']);
  if (!tracked.ok) return null;
  const listed = await runGit(root, ['ls-files', '--others', '--exclude-standard', '-z']);
  const untracked = listed.ok ? listed.stdout.split('\0').filter(Boolean) : [];
  const parts = [tracked.stdout.trimEnd()];
  for (const [i, rel] of untracked.entries()) parts.push(await newFileDiff(root, rel, i < MAX_UNTRACKED_SHOWN));
  return parts.filter(Boolean).join('\n');
}

async function newFileDiff(root: string, rel: string, full: boolean): Promise<string> {
  const header = `diff --git a/${rel} b/${rel}\nnew file (untracked)\n--- /dev/null\n+++ b/${rel}`;
  let data: Buffer;
  try {
    const st = await fs.lstat(path.join(root, rel));
    if (!full || !st.isFile() || st.size > MAX_UNTRACKED_BYTES) return `${header}\n(${st.size.toLocaleString('en-US')} bytes, not shown)`;
    data = await fs.readFile(path.join(root, rel));
  } catch {
    return '';
  }
  if (data.includes(0)) return `${header}\nBinary file, ${data.length.toLocaleString('en-US')} bytes`;
  const lines = data.toString('utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return `${header}\n@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join('\n')}`;
}
