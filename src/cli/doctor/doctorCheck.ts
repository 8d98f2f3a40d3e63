// One row of `wsagent doctor`: what was checked, how it went, what was found, and what to do about
// it. `required` rows are what wsagent cannot run without (Node, the config and data directories,
// the key, a reachable base URL): one of them failing makes doctor exit 1. Everything else that
// is not right is a warning (`!`): wsagent runs, with less (no sandbox, no ripgrep, an MCP server
// missing).
export type CheckStatus = 'ok' | 'fail' | 'warn';

export interface DoctorCheck {
  name: string;
  status: CheckStatus;
  detail: string;
  /** What to do about a failure or warning; null when there is nothing to do. */
  fix: string | null;
  /** True when wsagent cannot run at all while this check fails. */
  required: boolean;
}

export const ok = (name: string, detail: string): DoctorCheck => ({ name, status: 'ok', detail, fix: null, required: false });

/** Something wsagent cannot run without. */
export const fail = (name: string, detail: string, fix: string): DoctorCheck => ({ name, status: 'fail', detail, fix, required: true });

/** wsagent runs, with less. */
export const warn = (name: string, detail: string, fix: string | null): DoctorCheck => ({ name, status: 'warn', detail, fix, required: false });
