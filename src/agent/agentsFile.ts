// /init: the request that asks the model for an AGENTS.md, and the file's text out of its answer.
// The model investigates read-only (the `init` work mode) and answers with the file; wsagent
// writes it, after showing the diff (TUI) or checking --force (exec). Modelled on what Codex's
// /init asks for (a short contributor guide) and Claude Code's (commands first, then the layout).

export const AGENTS_FILE = 'AGENTS.md';

export const INIT_PROMPT = `Write an AGENTS.md for this repository: a short guide (about 200–400 words) for coding agents and new contributors. Look at the repository first; write only what you found in it. Sections:

- Build, test and development commands: the exact commands (from the manifest, Makefile, CI), including how to run a single test.
- Project layout: the main folders and what lives in each; where the tests are.
- Coding style and conventions: language, formatter and linter with their commands, naming patterns visible in the code.
- Testing guidelines: the framework, where tests go and how they are named.
- Commit and pull request guidelines, if the history or the repository's docs show any.

Answer with the whole file in one fenced markdown block.`;

/**
 * The file's text from the model's answer: the content of its first ```markdown (or ```md) fence,
 * else of its only fence, else the whole answer; null when there is nothing to write.
 */
export function agentsFileFromAnswer(answer: string): string | null {
  const fences = [...answer.matchAll(/^(`{3,}|~{3,})[ \t]*([\w-]*)[^\n]*\n([\s\S]*?)^\1[ \t]*$/gm)];
  const markdown = fences.find((f) => /^(markdown|md)$/i.test(f[2] ?? ''));
  const chosen = markdown ?? (fences.length === 1 ? fences[0] : undefined);
  const text = (chosen ? chosen[3]! : answer).trim();
  return text === '' ? null : `${text}\n`;
}
