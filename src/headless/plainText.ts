// Plain output for one-shot and exec without --json: the answer streams to stdout as text;
// progress, tool lines, recoveries and errors go to stderr, so `wsagent -p … > answer.md` keeps
// only the answer.
import { compactionCompletedText, compactionStartedText } from '../agent/compactionText.js';
import type { AgentEvent } from '../agent/events.js';
import { citedSources } from '../agent/webSearchEvents.js';

const TOOL_OUTPUT_LINES = 6;

function tail(text: string, lines: number): string[] {
  const all = text.replace(/\s+$/, '').split('\n');
  return all.length <= lines ? all : [`… ${all.length - lines} more lines`, ...all.slice(-lines)];
}

export interface PlainTextOptions {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Show each tool's output tail on stderr (exec does; one-shot keeps stderr short). */
  toolOutput?: boolean;
  /** --verbose: also the notices a user need not act on (a skipped malformed event). */
  verbose?: boolean;
}

/** Non-fatal notices shown only with --verbose: wsagent got past them on its own. */
const VERBOSE_ONLY_NOTICES: ReadonlySet<string> = new Set(['malformed_frame']);

const PLAN_MARKS = { completed: '[x]', in_progress: '[>]', pending: '[ ]' } as const;

export function plainTextWriter(opts: PlainTextOptions): (event: AgentEvent) => void {
  const { stdout, stderr } = opts;
  let atLineStart = true;
  /** The plan last printed, to print it again only when it changes. */
  let lastPlan = '';
  let answerOpen = false;
  const err = (line: string): void => {
    if (!atLineStart) {
      stdout.write('\n');
      atLineStart = true;
    }
    stderr.write(`${line}\n`);
  };
  return (event) => {
    switch (event.type) {
      case 'turn.started':
        if (event.turn > 1) err(`\n› ${event.prompt.split('\n')[0]}`);
        break;
      case 'assistant.delta':
        if (!event.text) break;
        stdout.write(event.text);
        answerOpen = true;
        atLineStart = event.text.endsWith('\n');
        break;
      case 'assistant.done':
        if (answerOpen && !atLineStart) stdout.write('\n');
        // The sources the answer cites belong to the answer: on stdout, under it.
        if (event.citations?.length)
          stdout.write(
            `\nSources:\n${citedSources(event.citations)
              .map((s) => s.line)
              .join('\n')}\n`,
          );
        answerOpen = false;
        atLineStart = true;
        break;
      case 'tool.started':
        err(`  ⚙ ${event.display}`);
        break;
      case 'compaction.started':
        err(`  ${compactionStartedText(event)}`);
        break;
      case 'compaction.completed':
        err(`  ${compactionCompletedText(event)}`);
        break;
      case 'web_search':
        err(`  ⌕ ${event.display}`);
        break;
      case 'tool.completed': {
        const mark = event.ok ? '✓' : '✗';
        err(`  ${mark} ${event.name} (${event.durationMs} ms)`);
        if (!event.ok || opts.toolOutput) for (const line of tail(event.output, TOOL_OUTPUT_LINES)) err(`    ${line}`);
        break;
      }
      case 'mode.changed':
        err(event.mode === 'normal' ? '  mode: normal (every tool)' : `  ${event.mode} mode: read-only tools only (${event.tools.join(', ')})`);
        break;
      case 'plan.updated': {
        const lines = event.plan.map((p) => `  ${PLAN_MARKS[p.status]} ${p.step}`);
        const key = JSON.stringify([event.explanation, lines]);
        if (key === lastPlan) break;
        lastPlan = key;
        err(`  Plan${event.explanation ? `: ${event.explanation}` : ''}`);
        for (const line of lines) err(line);
        break;
      }
      case 'recovery':
        err(`  ↻ ${event.kind.replace(/_/g, ' ')}: ${event.reason}`);
        if (answerOpen) {
          // The text already on stdout belonged to an attempt that was thrown away.
          err('  (the partial answer above was interrupted; it starts again below)');
          answerOpen = false;
        }
        break;
      case 'session.forked':
        // A script that forks needs the new id to resume the fork later.
        err(`forked session ${event.forkedFrom} as ${event.sessionId} (the original is unchanged)`);
        break;
      case 'error':
        if (!event.fatal && VERBOSE_ONLY_NOTICES.has(event.code)) {
          if (opts.verbose) err(`warning: ${event.message}`);
          break;
        }
        err(`${event.fatal ? 'error' : NOTICES.has(event.code) || event.code.startsWith('mcp_') ? 'warning' : 'refused'}: ${event.message}`);
        break;
      default:
        break;
    }
  };
}

/** Non-fatal errors that are notices for the user, not refusals. */
const NOTICES = new Set(['workspace_shared', 'session_repaired', 'undo_limited', 'undo_unavailable', 'extension_skipped']);
