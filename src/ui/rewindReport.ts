// What a rewind tells the user: where the conversation went back to, and for the files what each
// undone turn restored, removed and left alone because it changed since (as /undo says it).
import type { RewindSummary } from './AgentController.js';
import { REWIND_MODES } from './rewindMenu.js';
import { undoReport } from './undoReport.js';

export function rewindReport(summary: RewindSummary): { title: string; body: string } {
  const how = REWIND_MODES.find((m) => m.mode === summary.mode)?.label ?? summary.mode;
  const lines: string[] = [];
  if (summary.conversation) lines.push(`conversation: goes on from before turn ${summary.turn}; the prompt is back in the editor`);
  else lines.push('conversation: left as it is; the prompt is in the editor');
  if (summary.files !== null) {
    if (summary.files.length === 0) lines.push('files: no turn from there on changed any');
    for (const undone of summary.files) {
      const report = undoReport(undone);
      lines.push(`${report.title}:`, ...report.body.split('\n').map((l) => `  ${l}`));
    }
  }
  return { title: `Rewound to before turn ${summary.turn} (${how})`, body: lines.join('\n') };
}
