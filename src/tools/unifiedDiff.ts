// Unified diffs of the changes edit_file and write_file make, for the UI's diff view and undo.
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';

/** Beyond this size (either side) a diff is not computed; a one-line summary stands in. */
const MAX_DIFF_INPUT_BYTES = 2 * 1024 * 1024;
const DIFF_TIMEOUT_MS = 2000;

/**
 * `--- a/path` / `+++ b/path` and the hunks, 3 lines of context; `/dev/null` for a new file
 * (`before` null).
 */
export function unifiedDiff(rel: string, before: string | null, after: string): string {
  const oldName = before === null ? '/dev/null' : `a/${rel}`;
  const newName = `b/${rel}`;
  const oldText = before ?? '';
  if (oldText.length > MAX_DIFF_INPUT_BYTES || after.length > MAX_DIFF_INPUT_BYTES) {
    return `--- ${oldName}\n+++ ${newName}\n@@ file too large to diff @@\n`;
  }
  const patch = createTwoFilesPatch(oldName, newName, oldText, after, undefined, undefined, {
    context: 3,
    headerOptions: FILE_HEADERS_ONLY,
    timeout: DIFF_TIMEOUT_MS,
  });
  return patch ?? `--- ${oldName}\n+++ ${newName}\n@@ too many changes to diff @@\n`;
}
