// What /undo tells the user: what came back, what went, and what it left alone because it changed
// after the turn (never overwritten), plus anything it could not do.
import type { UndoSummary } from './AgentController.js';

/** The conflict line for one file (quoted in docs: keep them in step). */
export function conflictLine(path: string, turn: number): string {
  return `conflict  ${path}: changed after turn ${turn}, left as it is (/diff shows it)`;
}

export function undoReport(summary: UndoSummary): { title: string; body: string } {
  const lines = [
    ...summary.restored.map((p) => `restored  ${p}`),
    ...summary.removed.map((p) => `removed   ${p}`),
    ...summary.conflicts.map((p) => conflictLine(p, summary.turn)),
    ...summary.warnings.map((w) => `warning   ${w}`),
  ];
  const kept = summary.conflicts.length;
  const title =
    kept === 0
      ? `Undid the changes of turn ${summary.turn}`
      : `Undid the changes of turn ${summary.turn}, except ${kept} file${kept === 1 ? '' : 's'} changed since`;
  return { title, body: lines.length > 0 ? lines.join('\n') : '(no files needed restoring)' };
}
