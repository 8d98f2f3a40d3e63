export * from './ModelSession.js';
export * from './ConversationLedger.js';
export * from './ContinuationPlanner.js';
export * from './SessionError.js';
export * from './SessionFile.js';
export * from './resumeSession.js';
export * from './sessionEvents.js';
export * from './items.js';
export { decideRecovery, type RecoveryAction, type RecoveryCounters } from './recoveryPolicy.js';
