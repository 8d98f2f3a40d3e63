// What the user (and the repository) add to the agent without code: skills and prompt files.
// Loaded once per run, before the agent, so the TUI's `/` menu has the prompts at once and every
// skipped file is reported once.
import { join, relative, sep } from 'node:path';
import type { SkillListing } from '../agent/instructions.js';
import type { PromptCommand } from '../config/promptCommand.js';
import { discoverPrompts, promptDirectories } from '../config/promptFiles.js';
import { discoverSkills, type Skill, skillDirectories, skillRoots } from '../config/skills.js';
import { SLASH_COMMANDS } from '../ui/slashCommands.js';

export interface UserExtensions {
  skills: Skill[];
  prompts: PromptCommand[];
  /** The listed skills' real folders: read_file may read under them. */
  skillRoots: string[];
  /** One line per skipped skill or prompt file. */
  problems: string[];
}

/** The built-in commands' names and aliases: a prompt file never shadows one. */
export function builtInCommandNames(): string[] {
  return SLASH_COMMANDS.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
}

export function loadUserExtensions(configDir: string, repoRoot: string): UserExtensions {
  const skillDirs = skillDirectories(configDir, repoRoot);
  const skills = discoverSkills(skillDirs);
  const prompts = discoverPrompts(promptDirectories(configDir, repoRoot), builtInCommandNames());
  return {
    skills: skills.skills,
    prompts: prompts.commands,
    skillRoots: skillRoots(skills.skills),
    problems: [...skills.problems, ...prompts.problems],
  };
}

/** The skills as the instructions list them: workspace-relative paths where read_file takes them so. */
export function skillListings(skills: readonly Skill[], workspaceRoot: string): SkillListing[] {
  return skills.map((skill) => {
    const real = join(skill.folder, 'SKILL.md');
    const rel = relative(workspaceRoot, real);
    const inside = rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel);
    return { name: skill.name, description: skill.description, path: inside ? rel.split(sep).join('/') : real };
  });
}
