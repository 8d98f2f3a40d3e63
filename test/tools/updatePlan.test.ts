// update_plan's validation, and how the registry offers apply_patch and update_plan.
import { describe, expect, it } from 'vitest';

import { APPLY_PATCH_LARK_GRAMMAR } from '../../src/tools/applyPatch/index.js';
import { createToolRegistry, resolveApplyPatch } from '../../src/tools/registry.js';
import { updatePlanTool } from '../../src/tools/updatePlan.js';
import { context, rejection, run, workspace } from './helpers.js';

describe('update_plan', () => {
  it('accepts a plan, returns it for the plan.updated event, and never asks (read kind)', async () => {
    expect(updatePlanTool.kind).toBe('read');
    const args = {
      explanation: null,
      plan: [
        { step: 'Read the code', status: 'completed' },
        { step: 'Fix it', status: 'in_progress' },
        { step: 'Test', status: 'pending' },
      ],
    };
    const result = await run(updatePlanTool, args, context(workspace().guard));
    expect(result).toEqual({ ok: true, output: 'Plan updated.', plan: args });
    expect(updatePlanTool.display(args as never)).toBe('update_plan (1/3 steps done)');
  });

  it('refuses more than one step in progress, naming them', () => {
    const message = rejection(updatePlanTool, {
      explanation: null,
      plan: [
        { step: 'a', status: 'in_progress' },
        { step: 'b', status: 'in_progress' },
      ],
    });
    expect(message).toBe('Invalid arguments for update_plan: 2 steps are in_progress ("a", "b"); at most one may be. Mark the others pending or completed.');
  });

  it('refuses bad shapes with messages the model can act on', () => {
    expect(rejection(updatePlanTool, { explanation: null, plan: [{ step: 'a', status: 'done' }] })).toContain(
      'plan[0].status must be one of pending, in_progress, completed (got "done")',
    );
    expect(rejection(updatePlanTool, { explanation: 3, plan: [] })).toContain('"explanation" must be a string or null');
    expect(rejection(updatePlanTool, { explanation: null, plan: 'a' })).toContain('"plan" must be an array');
    expect(rejection(updatePlanTool, { explanation: null, plan: [{ step: '', status: 'pending' }] })).toContain('plan[0] needs a non-empty "step"');
    expect(rejection(updatePlanTool, { explanation: null, plan: [], extra: 1 })).toContain('unknown property "extra"');
  });

  it('has a strict schema: every property required, no extra ones, the statuses enumerated', () => {
    const schema = updatePlanTool.parameters as any;
    expect(schema).toMatchObject({ type: 'object', required: ['explanation', 'plan'], additionalProperties: false });
    expect(schema.properties.explanation.type).toEqual(['string', 'null']);
    expect(schema.properties.plan.items).toMatchObject({ required: ['step', 'status'], additionalProperties: false });
    expect(schema.properties.plan.items.properties.status.enum).toEqual(['pending', 'in_progress', 'completed']);
  });
});

describe('offering apply_patch', () => {
  it('auto: the custom tool for the GPT-5 family, nothing for other models', () => {
    expect(resolveApplyPatch('auto', 'gpt-5.2')).toBe('custom');
    expect(resolveApplyPatch('auto', 'gpt-5-codex')).toBe('custom');
    expect(resolveApplyPatch('auto', 'gpt-4.1')).toBe('off');
    expect(resolveApplyPatch('function', 'gpt-4.1')).toBe('function');
    expect(resolveApplyPatch('off', 'gpt-5.2')).toBe('off');
  });

  it('custom: a freeform tool with the Lark grammar; the other tools stay function tools', () => {
    const registry = createToolRegistry({ applyPatch: 'custom', updatePlan: true });
    const defs = registry.definitions();
    const patch = defs.find((d) => d.name === 'apply_patch')!;
    expect(patch).toEqual({
      type: 'custom',
      name: 'apply_patch',
      description: expect.stringContaining('FREEFORM'),
      format: { type: 'grammar', syntax: 'lark', definition: APPLY_PATCH_LARK_GRAMMAR },
    });
    expect(APPLY_PATCH_LARK_GRAMMAR).toContain('start: begin_patch hunk+ end_patch');
    expect(defs.filter((d) => d.type === 'custom').map((d) => d.name)).toEqual(['apply_patch']);
    // One editing family: with apply_patch, no edit_file or write_file.
    expect(defs.map((d) => d.name)).toEqual([
      'list_files',
      'read_file',
      'search',
      'view_image',
      'run_command',
      'run_tests',
      'git_status',
      'git_diff',
      'update_plan',
      'apply_patch',
    ]);
    expect(registry.isCustom('apply_patch')).toBe(true);
    // After the server refused custom tools: the function form, once.
    expect(registry.disableCustomTools()).toBe(true);
    expect(registry.disableCustomTools()).toBe(false);
    expect(registry.definitions().find((d) => d.name === 'apply_patch')).toMatchObject({
      type: 'function',
      strict: true,
      parameters: { required: ['input'], additionalProperties: false },
    });
  });

  it('function and off', () => {
    expect(
      createToolRegistry({ applyPatch: 'function' })
        .definitions()
        .find((d) => d.name === 'apply_patch')?.type,
    ).toBe('function');
    const off = createToolRegistry({ applyPatch: 'off' })
      .definitions()
      .map((d) => d.name);
    expect(off).not.toContain('apply_patch');
    expect(off).toEqual(expect.arrayContaining(['edit_file', 'write_file']));
    expect(
      createToolRegistry({ applyPatch: 'function' })
        .definitions()
        .map((d) => d.name),
    ).not.toContain('edit_file');
    expect(
      createToolRegistry()
        .definitions()
        .map((d) => d.name),
    ).not.toContain('update_plan');
  });
});
