// How doctor's checks are shown: a table (✓ ok, ! warning, ✗ failure; the fix under each row that
// is not ok) and a last line with the verdict, or `--json`: an array of {name, status, detail, fix}.
import type { CheckStatus, DoctorCheck } from './doctorCheck.js';

const MARK: Record<CheckStatus, string> = { ok: '✓', warn: '!', fail: '✗' };

export function doctorTable(checks: readonly DoctorCheck[]): string {
  const width = Math.max(...checks.map((c) => c.name.length));
  const lines: string[] = [];
  for (const check of checks) {
    lines.push(`${MARK[check.status]} ${check.name.padEnd(width)}  ${check.detail}`);
    if (check.status !== 'ok' && check.fix) lines.push(`  ${' '.repeat(width)}  fix: ${check.fix}`);
  }
  lines.push('', verdict(checks));
  return `${lines.join('\n')}\n`;
}

function verdict(checks: readonly DoctorCheck[]): string {
  const failed = checks.filter((c) => c.status === 'fail').length;
  const warnings = checks.filter((c) => c.status === 'warn').length;
  const warned = warnings === 0 ? '' : `${warnings} warning${warnings === 1 ? '' : 's'}`;
  if (failed > 0) return `${failed} problem${failed === 1 ? '' : 's'} stop${failed === 1 ? 's' : ''} wsagent from running${warned ? `; ${warned}` : ''}.`;
  return warned ? `wsagent can run; ${warned}.` : 'wsagent can run: everything checked is in order.';
}

export function doctorJson(checks: readonly DoctorCheck[]): string {
  return `${JSON.stringify(
    checks.map(({ name, status, detail, fix }) => ({ name, status, detail, fix })),
    null,
    2,
  )}\n`;
}

/** 1 when something wsagent cannot run without failed; warnings alone are 0. */
export function doctorExitCode(checks: readonly DoctorCheck[]): number {
  return checks.some((c) => c.status === 'fail' && c.required) ? 1 : 0;
}
