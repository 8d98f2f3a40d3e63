// Requests the simulator's model answers in a mode of its own, whatever the scenario: plan mode
// (the instructions say so) and writing an AGENTS.md (the user asks for one). Null: not such a request.
import type { WireItem } from './conversation.js';
import { agentsFileOutput, asksForAgentsFile } from './agentsFileModel.js';
import { inPlanMode, planModeOutput } from './planningModel.js';
import type { OutputPlan } from './scriptedModel.js';

/** The names of a request's tools (function, custom, and hosted tools by their type). */
export function offeredToolNames(tools: unknown): string[] {
  if (!Array.isArray(tools)) return [];
  return tools.map((t) => {
    const tool = (t ?? {}) as { name?: unknown; type?: unknown };
    return typeof tool.name === 'string' ? tool.name : String(tool.type ?? '');
  });
}

export function modeModelOutput(body: { instructions?: unknown; tools?: unknown }, context: WireItem[]): OutputPlan | null {
  if (asksForAgentsFile(context)) return agentsFileOutput(context, body.tools);
  if (inPlanMode(body.instructions)) return planModeOutput(context, body.tools);
  return null;
}
