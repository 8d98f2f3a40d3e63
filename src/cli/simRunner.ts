// Runs the simulator for `wsagent sim` (loaded lazily so other commands never pay for it).
import { createSimulator, FaultSpecError, listScenarios, loadScenario, ProfileError, ScenarioError, countToolCalls } from '../simulator/index.js';
import { EXIT, UserFacingError } from './exitCodes.js';
import { parseSimOptions, type SimCommandOptions } from './simCommand.js';

export async function runSim(opts: SimCommandOptions): Promise<number> {
  if (opts.listScenarios) {
    for (const name of listScenarios()) {
      const s = loadScenario(name);
      process.stdout.write(`${name.padEnd(12)} ${String(countToolCalls(s)).padStart(3)} tool calls  ${s.description}\n`);
    }
    return EXIT.ok;
  }
  let sim;
  try {
    sim = await createSimulator(parseSimOptions(opts));
  } catch (err) {
    if (err instanceof ScenarioError || err instanceof ProfileError || err instanceof FaultSpecError) {
      throw new UserFacingError(err.message);
    }
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UserFacingError(`port ${opts.port} is already in use`, EXIT.network);
    if (code === 'EACCES' || code === 'EADDRNOTAVAIL') throw new UserFacingError(`cannot listen on ${opts.host}:${opts.port} (${code})`, EXIT.network);
    throw err;
  }
  const { state } = sim;
  const out = process.stdout;
  out.write(`wsagent simulator — scenario "${state.scenario.name}", profile "${state.profile.name}"\n`);
  out.write(`  base URL:      ${sim.baseUrl}\n`);
  out.write(`  WebSocket URL: ${sim.wsUrl}\n`);
  if (opts.log) out.write(`  request log:   ${opts.log}\n`);

  if (opts.walkthrough) {
    const { runWalkthrough } = await import('./walkthrough.js');
    try {
      return await runWalkthrough(sim, out);
    } finally {
      await sim.close();
    }
  }

  out.write(`Try: OPENAI_BASE_URL=${sim.baseUrl} wsagent …   (Ctrl-C stops the simulator)\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await sim.close();
  out.write(`\nsimulator stopped after ${sim.log.entries.length} requests\n`);
  return EXIT.ok;
}
