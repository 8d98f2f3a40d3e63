// /skills: each skill the instructions list (name, where it comes from, description, file), then
// the skill and prompt files that were skipped and why.
import type { SkillsView } from './AgentController.js';

export function skillsReport(view: SkillsView): string {
  const lines: string[] = [];
  if (view.skills.length === 0) {
    lines.push(
      'No skills. Add a folder with a SKILL.md (front matter "name" and "description") under the repository\'s .agents/skills/ or the config directory\'s skills/.',
    );
  }
  for (const skill of view.skills) {
    lines.push(`${skill.name} (${skill.source})  ${skill.description}`);
    lines.push(`  ${skill.file}`);
  }
  if (view.problems.length > 0) {
    lines.push('', 'Skipped:');
    for (const problem of view.problems) lines.push(`  ${problem}`);
  }
  return lines.join('\n');
}
