// The /hooks block: each configured hook by event, with its matcher, command, timeout and the
// settings file it came from, then what was set aside (an untrusted repository's hooks, events
// wsagent does not run).
import type { HooksView } from './AgentController.js';

export function hooksReport(view: HooksView): string {
  const lines: string[] = [];
  if (view.hooks.length === 0) {
    lines.push('No hooks configured. Add them under "hooks" in your config file (`wsagent config path`); docs/hooks.md shows the format.');
  }
  let event = '';
  for (const hook of view.hooks) {
    if (hook.event !== event) {
      event = hook.event;
      lines.push(event);
    }
    const matcher = hook.matcher === '' || hook.matcher === '*' ? '(every tool)' : hook.matcher;
    const tools = hook.event === 'PreToolUse' || hook.event === 'PostToolUse' ? `${matcher}  ` : '';
    lines.push(`  ${tools}${hook.command}  (timeout ${hook.timeoutSeconds} s; ${hook.source})`);
  }
  for (const notice of view.notices) lines.push(`not run: ${notice}`);
  return lines.join('\n');
}
