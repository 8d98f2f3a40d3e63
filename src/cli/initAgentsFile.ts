// `/init` for exec and the TUI: where AGENTS.md goes (the workspace root), whether it may be
// written, and writing it from the model's answer. The model only proposed the text, in a
// read-only turn; this is the one place that writes it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TurnResult } from '../agent/Agent.js';
import { AGENTS_FILE, agentsFileFromAnswer } from '../agent/agentsFile.js';
import type { AgentEvent, ApprovalDecision } from '../agent/events.js';
import type { ApprovalRequest } from '../agent/ports.js';
import { writeFileAtomic } from '../tools/atomicWrite.js';
import { contentVersion } from '../tools/fileVersions.js';
import { unifiedDiff } from '../tools/unifiedDiff.js';
import { EXIT, UserFacingError } from './exitCodes.js';

/** Whether a prompt list is `/init` (exec: `wsagent exec /init`). */
export function isInitCommand(prompts: readonly string[]): boolean {
  return prompts.some((p) => p.trim() === '/init');
}

/**
 * The AGENTS.md path for exec, checked before any request is made: /init runs alone, and an
 * existing file is replaced only with --force.
 */
export function initTarget(prompts: readonly string[], cwd: string, force: boolean): string {
  if (prompts.length !== 1) throw new UserFacingError('/init runs alone: `wsagent exec /init` takes no other prompts', EXIT.usage);
  const path = join(cwd, AGENTS_FILE);
  if (existsSync(path) && !force) {
    throw new UserFacingError(`${AGENTS_FILE} already exists in ${cwd}; \`wsagent exec --force /init\` replaces it`, EXIT.usage);
  }
  return path;
}

/** The file's current bytes, or null when there is none. */
function currentBytes(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch {
    return null;
  }
}

export interface AgentsFileProposal {
  path: string;
  text: string;
  /** A unified diff from the current file (or from nothing) to the proposal. */
  diff: string;
  /** Whether a file is there now (it would be replaced). */
  replaces: boolean;
  /** The file there already holds exactly this text. */
  unchanged: boolean;
  /** The content version of the file the diff was made from (null: none): a change since is not overwritten. */
  beforeVersion: string | null;
}

/** The proposal in a model's answer; null when the answer holds no file. */
export function agentsFileProposal(path: string, answer: string): AgentsFileProposal | null {
  const text = agentsFileFromAnswer(answer);
  if (text === null) return null;
  const before = currentBytes(path);
  return {
    path,
    text,
    diff: unifiedDiff(AGENTS_FILE, before === null ? null : before.toString('utf8'), text),
    replaces: before !== null,
    unchanged: before?.equals(Buffer.from(text)) === true,
    beforeVersion: before === null ? null : contentVersion(before),
  };
}

/** Writes the proposal; throws when the file changed since the proposal was made (it is left alone). */
export async function writeAgentsFile(proposal: AgentsFileProposal): Promise<void> {
  const result = await writeFileAtomic(proposal.path, proposal.text, { expected: proposal.beforeVersion });
  if (!result.ok) throw new Error(`${AGENTS_FILE} changed on disk while the proposal was made; it was left as it is`);
}

/** exec /init after its turn: writes the file from the final answer; the exit code. */
export async function finishInit(path: string, answer: string, say: (line: string) => void): Promise<number> {
  const proposal = agentsFileProposal(path, answer);
  if (!proposal) {
    say(`wsagent: the model's answer held no ${AGENTS_FILE}; nothing was written`);
    return EXIT.taskFailed;
  }
  try {
    await writeAgentsFile(proposal);
  } catch (err) {
    say(`wsagent: cannot write ${proposal.path}: ${(err as Error).message}`);
    return EXIT.taskFailed;
  }
  const lines = proposal.text.split('\n').length - 1;
  say(`wsagent: ${proposal.replaces ? 'replaced' : 'wrote'} ${proposal.path} (${lines} lines)`);
  return EXIT.ok;
}

export interface AgentsFileQuestion {
  emit: (event: AgentEvent) => void;
  ask: (request: ApprovalRequest) => Promise<ApprovalDecision>;
}

const CALL_ID = 'init-agents-md';

/**
 * The TUI's /init after its read-only turn: the proposed AGENTS.md as a diff, a yes/no question,
 * and the file written only on yes. What to tell the user.
 */
export async function offerAgentsFile(root: string, result: TurnResult, question: AgentsFileQuestion): Promise<string> {
  if (result.status !== 'completed') return `/init ended (${result.status}); ${AGENTS_FILE} was not written`;
  const proposal = agentsFileProposal(join(root, AGENTS_FILE), result.finalMessage);
  if (!proposal) return `the answer held no ${AGENTS_FILE}; nothing was written`;
  if (proposal.unchanged) return `${AGENTS_FILE} already holds exactly the proposal; nothing to write`;
  const display = `${proposal.replaces ? 'replace' : 'create'} ${AGENTS_FILE}`;
  const args = { path: AGENTS_FILE };
  question.emit({
    type: 'tool.approval_required',
    callId: CALL_ID,
    name: 'init',
    args,
    display,
    reason: `The proposed ${AGENTS_FILE} is above${proposal.replaces ? ' (it replaces the file there now)' : ''}. y writes it; n leaves the repository as it is.`,
    diff: proposal.diff,
    question: true,
  });
  const started = performance.now();
  const done = (ok: boolean, output: string): string => {
    question.emit({
      type: 'tool.completed',
      callId: CALL_ID,
      name: 'init',
      ok,
      output,
      durationMs: Math.round(performance.now() - started),
      ...(ok && { diff: proposal.diff }),
    });
    return output;
  };
  let decision: ApprovalDecision;
  try {
    decision = await question.ask({ callId: CALL_ID, name: 'init', args, display, kind: 'edit', diff: proposal.diff });
  } catch {
    return done(false, `cancelled; ${AGENTS_FILE} was not written`);
  }
  if (decision.decision === 'deny') return done(false, `${AGENTS_FILE} was not written`);
  try {
    await writeAgentsFile(proposal);
  } catch (err) {
    return done(false, `cannot write ${AGENTS_FILE}: ${(err as Error).message}`);
  }
  return done(true, `${proposal.replaces ? 'replaced' : 'wrote'} ${AGENTS_FILE} (${proposal.text.split('\n').length - 1} lines)`);
}
