// How commander's usage errors reach the user: one line, the suggestion on the same line, and never
// a suggestion that would loosen safety. `--foo` once drew "Did you mean --yolo?": a user who
// accepts a suggestion without reading it must not end up without approvals or sandbox.

/** Flags that turn off approvals or the sandbox: never offered as a correction. */
export const DANGEROUS_FLAGS: readonly string[] = ['--yolo', '--dangerously-bypass-approvals-and-sandbox', '--full-auto'];

/** Commander's error text as one `wsagent: …` line, with any suggestion of a dangerous flag removed. */
export function usageErrorLine(commanderText: string): string {
  const oneLine = commanderText
    .replace(/^error: /, '')
    .replace(/\s*\n(?=\()/g, ' ')
    .trimEnd();
  const safe = oneLine.replace(/\s*\(Did you mean (--[\w-]+)\?\)/, (whole, flag: string) => (DANGEROUS_FLAGS.includes(flag) ? '' : whole));
  return `wsagent: ${safe}\n`;
}
