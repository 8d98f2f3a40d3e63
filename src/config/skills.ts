// Skills: folders holding a SKILL.md (front matter `name` and `description`, then instructions) and
// any resources it points to, the cross-tool `.agents/skills` convention. They come from the user's
// `<config dir>/skills/*/` and the repository's `.agents/skills/*/`. Only the name, description and
// file path of each go into the instructions; the model reads a skill's file when a task matches.
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { FrontMatterError, parseFrontMatter, textField } from './frontMatter.js';

export type SkillSource = 'user' | 'repository';

export interface Skill {
  name: string;
  description: string;
  /** The SKILL.md file, absolute. */
  file: string;
  /** Its folder, symlinks resolved: the model may read the skill's resources there. */
  folder: string;
  source: SkillSource;
}

export interface SkillDirectory {
  dir: string;
  source: SkillSource;
  /** The repository root: a skill counts only when its folder really lies inside it. */
  within?: string;
}

export interface DiscoveredSkills {
  skills: Skill[];
  /** One line per skipped skill (bad front matter, a name used twice), naming its file. */
  problems: string[];
}

/** The agent-skills limits: a short name, a description that fits one line of the instructions. */
const MAX_NAME_CHARS = 64;
const MAX_DESCRIPTION_CHARS = 1024;
const MAX_SKILL_BYTES = 256 * 1024;

/** Where skills are looked for, user first (a user's skill wins over a repository's of the same name). */
export function skillDirectories(configDir: string, repoRoot: string): SkillDirectory[] {
  return [
    { dir: join(configDir, 'skills'), source: 'user' },
    { dir: join(repoRoot, '.agents', 'skills'), source: 'repository', within: repoRoot },
  ];
}

/** The real skill folders: read_file may read under these, never write. */
export function skillRoots(skills: readonly Skill[]): string[] {
  return [...new Set(skills.map((s) => s.folder))];
}

function isInside(path: string, dir: string): boolean {
  return path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

function readSkill(file: string, source: SkillSource): Skill {
  if (statSync(file).size > MAX_SKILL_BYTES) throw new FrontMatterError(`larger than ${MAX_SKILL_BYTES / 1024} KiB`);
  const { data } = parseFrontMatter(readFileSync(file, 'utf8'));
  const name = textField(data, 'name');
  const description = textField(data, 'description');
  if (!name) throw new FrontMatterError('front matter has no "name"');
  if (!description) throw new FrontMatterError('front matter has no "description"');
  if (name.length > MAX_NAME_CHARS) throw new FrontMatterError(`"name" is longer than ${MAX_NAME_CHARS} characters`);
  if (description.length > MAX_DESCRIPTION_CHARS) throw new FrontMatterError(`"description" is longer than ${MAX_DESCRIPTION_CHARS} characters`);
  return { name, description, file, folder: realpathSync(dirname(file)), source };
}

function subdirectories(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() || e.isSymbolicLink())
      .map((e) => e.name)
      .filter((name) => !name.startsWith('.'))
      .sort();
  } catch {
    return [];
  }
}

function realOrNull(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

/** Every valid skill, and a line for each one skipped. Never throws for a bad file. */
export function discoverSkills(dirs: readonly SkillDirectory[]): DiscoveredSkills {
  const skills: Skill[] = [];
  const problems: string[] = [];
  for (const { dir, source, within } of dirs) {
    const base = within === undefined ? null : realOrNull(within);
    for (const entry of subdirectories(dir)) {
      const file = join(dir, entry, 'SKILL.md');
      let skill: Skill;
      try {
        skill = readSkill(file, source);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') continue; // a folder without SKILL.md is not a skill
        problems.push(`skill ${file} skipped: ${err instanceof FrontMatterError ? err.message : (code ?? (err as Error).message)}`);
        continue;
      }
      // A cloned repository must not open ~/.ssh to read_file by linking its skills there.
      if (base !== null && !isInside(skill.folder, base)) {
        problems.push(`skill ${file} skipped: it links out of the repository (to ${skill.folder})`);
        continue;
      }
      const earlier = skills.find((s) => s.name === skill.name);
      if (earlier) {
        problems.push(`skill ${file} skipped: the name "${skill.name}" is already used by ${earlier.file}`);
        continue;
      }
      skills.push(skill);
    }
  }
  return { skills, problems };
}
