// The system prompt, plus the project's own instructions: AGENTS.md files from the repository root
// down to the working directory, and a user-level one from the config directory. Capped, because
// every byte here is sent (or cached) on every request.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export const BASE_INSTRUCTIONS = `You are wsagent, a coding agent working in the user's repository through tools.

How to work:
- Explore before you edit: list files, search, and read the code involved. Do not guess file contents.
- Make small, targeted edits: with apply_patch when it is offered (several files, renames and deletions in one patch that applies completely or not at all), otherwise with edit_file (the old text must match exactly once). Prefer editing over rewriting whole files.
- For a task of several steps, keep a short plan with update_plan and update it as steps are done.
- After changing code, run the tests (run_tests) or the relevant command, read the result, and fix what fails. Do not claim success you have not verified.
- Stay inside the task. Do not reformat unrelated code, add dependencies, or touch files the task does not need.
- If a tool call is denied or fails, read why and adapt; do not repeat a denied call.
- When you are done, reply with a short summary: what was wrong, what you changed (files), and how you verified it. Mention anything you noticed but left alone.

Be concise. Use Markdown in answers; put code in fenced blocks.`;

const FILE_CAP_BYTES = 8 * 1024;
const TOTAL_CAP_BYTES = 24 * 1024;

export interface InstructionSources {
  /** The workspace root (where the repository starts, or the working directory). */
  root: string;
  /** The working directory, inside root. */
  cwd: string;
  /** The config directory holding a user-level AGENTS.md, if any. */
  configDir?: string;
  /** Skills to list, one line each: their paths as the read tools take them. */
  skills?: readonly SkillListing[];
}

export interface SkillListing {
  name: string;
  description: string;
  /** Relative to the workspace root, or absolute for a skill outside it (readable, read-only). */
  path: string;
}

/** One line per skill, never the bodies: the model opens a skill only when a task needs it. */
function skillsSection(skills: readonly SkillListing[]): string {
  const lines = skills.map((s) => `- ${s.name}: ${s.description} (file: ${s.path})`);
  return [
    '## Skills',
    '',
    "Skills are instructions for particular kinds of task, each in a SKILL.md file. When the user's task matches a skill's description, read that file with read_file before you start, then follow it; read the other files it mentions (paths relative to the skill's folder) only as it directs. Do not read skills that do not apply. Skill files outside the workspace can be read but not changed.",
    '',
    ...lines,
  ].join('\n');
}

function readCapped(file: string): string | null {
  try {
    const text = readFileSync(file, 'utf8');
    if (Buffer.byteLength(text) <= FILE_CAP_BYTES) return text.trim();
    return `${Buffer.from(text).subarray(0, FILE_CAP_BYTES).toString('utf8')}\n[… AGENTS.md truncated at ${FILE_CAP_BYTES} bytes …]`;
  } catch {
    return null;
  }
}

/** Directories from root down to cwd, root first. */
function pathFromRoot(root: string, cwd: string): string[] {
  const rel = relative(resolve(root), resolve(cwd));
  if (rel.startsWith('..')) return [resolve(cwd)];
  const dirs = [resolve(root)];
  let current = resolve(root);
  for (const part of rel.split(sep).filter(Boolean)) {
    current = join(current, part);
    dirs.push(current);
  }
  return dirs;
}

/** The full instructions: the base prompt, then user-level and project AGENTS.md files. */
export function buildInstructions(sources: InstructionSources): string {
  const sections: string[] = [BASE_INSTRUCTIONS];
  let budget = TOTAL_CAP_BYTES;
  const add = (label: string, file: string): void => {
    if (budget <= 0 || !existsSync(file)) return;
    const text = readCapped(file);
    if (!text) return;
    const clipped = Buffer.byteLength(text) > budget ? `${Buffer.from(text).subarray(0, budget).toString('utf8')}\n[… truncated …]` : text;
    budget -= Buffer.byteLength(clipped);
    sections.push(`## ${label}\n\n${clipped}`);
  };
  if (sources.configDir) add("The user's own instructions (AGENTS.md in the wsagent config directory)", join(sources.configDir, 'AGENTS.md'));
  for (const dir of pathFromRoot(sources.root, sources.cwd)) {
    const rel = relative(sources.root, dir) || '.';
    add(`Project instructions from ${rel === '.' ? 'AGENTS.md' : `${rel}/AGENTS.md`}`, join(dir, 'AGENTS.md'));
  }
  if (sources.skills && sources.skills.length > 0) sections.push(skillsSection(sources.skills));
  return sections.join('\n\n');
}

/** The repository root above `cwd` (the nearest directory with .git), or cwd itself. */
export function findRepositoryRoot(cwd: string): string {
  let dir = resolve(cwd);
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(cwd);
    dir = parent;
  }
}
