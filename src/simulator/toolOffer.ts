// A real model can only call the tools it was given in this very request, in the form it was given
// them. The scripted model's planned calls are checked against the request's tools here: an edit
// is played in the offered editing family, a freeform input becomes `{"input"}` arguments where the
// tool is a function tool, and a call to a tool not offered becomes a message saying so.
import { inOfferedEditFamily } from './editFamilies.js';
import type { OutputPlan } from './scriptedModel.js';

/** The function and custom tools a request offers, by name. */
function offeredTools(tools: unknown): Map<string, 'function' | 'custom'> {
  const names = new Map<string, 'function' | 'custom'>();
  if (Array.isArray(tools)) {
    for (const t of tools) {
      const tool = t as { type?: unknown; name?: unknown };
      if ((tool.type === 'function' || tool.type === 'custom') && typeof tool.name === 'string') names.set(tool.name, tool.type);
    }
  }
  return names;
}

/**
 * A real model can only call the tools it was given in this very request, in the form it was
 * given them: a scripted freeform input becomes a function call with `{"input": …}` arguments
 * where the tool is offered as a function.
 */
export function checkToolsOffered(scripted: OutputPlan, tools: unknown, scenarioName: string): OutputPlan {
  if (scripted.calls.length === 0) return scripted;
  const offered = offeredTools(tools);
  const plan = { ...scripted, calls: scripted.calls.map((c) => inOfferedEditFamily(c, offered)) };
  const missing = plan.calls.find((c) => !offered.has(c.name));
  if (!missing) {
    return {
      ...plan,
      calls: plan.calls.map((c) => (c.input !== undefined && offered.get(c.name) === 'function' ? { name: c.name, arguments: c.arguments } : c)),
    };
  }
  return {
    stepIndex: -1,
    calls: [],
    mismatch: `tool ${missing.name} not offered`,
    message: `[scenario "${scenarioName}", step ${plan.stepIndex + 1}] I wanted to call ${missing.name}, but this request offers no such tool (tools are not inherited through previous_response_id: send them on every request).`,
  };
}
