// update_plan: the model keeps a short checklist of its steps, the way Codex's models are trained
// to. Nothing on disk changes and it never asks; the agent shows the plan to the user (the
// `plan.updated` event). At most one step may be in progress.
import { invalid, shown } from './schema.js';
import { plural } from './toolHelpers.js';
import type { Tool } from './types.js';

export type PlanStatus = 'pending' | 'in_progress' | 'completed';

/** Written as a plain interface for now; schema.ts's ArgsOf<> can derive it later. */
export interface UpdatePlanArgs {
  explanation: string | null;
  plan: Array<{ step: string; status: PlanStatus }>;
}

const STATUSES: readonly PlanStatus[] = ['pending', 'in_progress', 'completed'];

export const updatePlanTool: Tool<UpdatePlanArgs> = {
  name: 'update_plan',
  kind: 'read',
  description:
    'Replace the plan shown to the user: every step, each pending, in_progress or completed (at most one ' +
    'in_progress). For tasks of several steps; steps of a few words; send the whole plan every time.',
  parameters: {
    type: 'object',
    properties: {
      explanation: { type: ['string', 'null'], description: 'Optional: why the plan changed.' },
      plan: {
        type: 'array',
        description: 'The steps, in order.',
        items: {
          type: 'object',
          properties: {
            step: { type: 'string', description: 'What the step does.' },
            status: { type: 'string', enum: [...STATUSES], description: 'pending, in_progress or completed.' },
          },
          required: ['step', 'status'],
          additionalProperties: false,
        },
      },
    },
    required: ['explanation', 'plan'],
    additionalProperties: false,
  },

  validate(args) {
    if (args === null || typeof args !== 'object' || Array.isArray(args)) {
      return invalid(
        'update_plan',
        `the arguments must be a JSON object (got ${shown(args)}). Send {"explanation": null, "plan": [{"step": "…", "status": "pending"}]}.`,
      );
    }
    const record = args as Record<string, unknown>;
    const unknown = Object.keys(record).filter((k) => k !== 'explanation' && k !== 'plan');
    if (unknown.length > 0) return invalid('update_plan', `unknown property "${unknown[0]}" (allowed: explanation, plan).`);
    const explanation = record.explanation ?? null;
    if (explanation !== null && typeof explanation !== 'string')
      return invalid('update_plan', `"explanation" must be a string or null (got ${shown(explanation)}).`);
    if (!Array.isArray(record.plan)) return invalid('update_plan', `"plan" must be an array of {"step", "status"} objects (got ${shown(record.plan)}).`);
    const plan: UpdatePlanArgs['plan'] = [];
    for (const [i, item] of record.plan.entries()) {
      const entry = item as Record<string, unknown> | null;
      if (!entry || typeof entry !== 'object' || typeof entry.step !== 'string' || entry.step.trim() === '') {
        return invalid('update_plan', `plan[${i}] needs a non-empty "step" string (got ${shown(item)}).`);
      }
      if (!STATUSES.includes(entry.status as PlanStatus)) {
        return invalid('update_plan', `plan[${i}].status must be one of ${STATUSES.join(', ')} (got ${shown(entry.status)}).`);
      }
      plan.push({ step: entry.step.trim(), status: entry.status as PlanStatus });
    }
    const active = plan.filter((p) => p.status === 'in_progress');
    if (active.length > 1) {
      return invalid(
        'update_plan',
        `${active.length} steps are in_progress (${active.map((p) => JSON.stringify(p.step)).join(', ')}); at most one may be. Mark the others pending or completed.`,
      );
    }
    return { ok: true, args: { explanation, plan } };
  },

  display(args) {
    const done = args.plan.filter((p) => p.status === 'completed').length;
    return `update_plan (${done}/${plural(args.plan.length, 'step')} done)`;
  },

  async execute(args) {
    return { ok: true, output: 'Plan updated.', plan: { explanation: args.explanation, plan: args.plan } };
  },
};
