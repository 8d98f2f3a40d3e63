// The UI state before the first event: an empty transcript and the status figures the controller
// knows at start (session, model, approval mode, connection).
import type { ControllerInfo } from './AgentController.js';
import type { UiState } from './uiTypes.js';

export function initialUiState(info: ControllerInfo): UiState {
  return {
    items: [],
    nextId: 1,
    tail: { assistant: '', reasoning: '', tools: [] },
    approvals: [],
    status: {
      sessionId: info.sessionId,
      cwd: info.cwd,
      model: info.model,
      approval: info.approval,
      ...(info.sandbox !== undefined && { sandbox: info.sandbox }),
      transport: info.connection.transport,
      connection: info.connection.state,
      connectionReason: null,
      openedAt: info.connection.state === 'open' ? info.connection.openedAt : null,
      reconnects: info.connection.reconnects,
      lastRequest: null,
      lastTurn: null,
      tokens: { input: 0, cached: 0, output: 0 },
      requests: 0,
      turns: 0,
    },
    busy: false,
    busySince: null,
    plan: null,
    lastEventAt: null,
    reasoningCommitted: false,
    cutOutputs: [],
  };
}
