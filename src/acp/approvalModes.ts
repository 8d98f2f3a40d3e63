// wsagent's approval modes as ACP session modes: the editor's mode picker switches between
// suggest, auto-edit and full-auto as `/approval` does in the TUI (remembered "always" answers stay).
import type { SessionModeState } from '@agentclientprotocol/sdk';
import { APPROVAL_MODE_HELP, APPROVAL_MODES } from '../config/approvalModes.js';

const NAMES: Record<(typeof APPROVAL_MODES)[number], string> = { suggest: 'Suggest', 'auto-edit': 'Auto-edit', 'full-auto': 'Full auto' };

export function sessionModes(current: string): SessionModeState {
  return {
    currentModeId: current,
    availableModes: APPROVAL_MODES.map((mode) => ({ id: mode, name: NAMES[mode], description: APPROVAL_MODE_HELP[mode] })),
  };
}
