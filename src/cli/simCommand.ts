// `wsagent sim`: serves the simulated Responses API until interrupted.
// Only registration lives here: options are parsed by simRunner.ts, loaded on first use, which
// imports nothing back from this file.
import type { Command } from 'commander';
import type { SimCommandOptions } from './simRunner.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export function registerSimCommand(program: Command): void {
  program
    .command('sim')
    .description('serve a local simulator of the Responses API (WebSocket mode, HTTP streaming, compaction)')
    .option('--port <port>', 'port to listen on (0 lets the OS choose)', '0')
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--scenario <name|file>', 'scripted model: a built-in scenario or a JSON file (default: a model that uses the tools each request offers)')
    .option('--rounds <n>', 'without --scenario: responses per user turn that call a read-only tool before the answer', '2')
    .option('--profile <name|spec>', 'network profile: local, wan, "wan,ttft_ms=100" or a JSON object', 'local')
    .option('--limit-ms <ms>', 'WebSocket connection lifetime (default 3600000, the real 60 minutes)')
    .option('--limit-close <how>', 'after the limit event: close | keep | drop', 'close')
    .option('--limit-close-code <code>', 'close code used with --limit-close close', '1000')
    .option('--limit-notify-idle', 'also send the limit event to an idle socket when its time is up')
    .option('--fault <spec>', 'schedule a fault, e.g. drop@3, close_1011@2,at=start, upgrade_426@conn:1, failed@2,lane=review-1 (repeatable)', collect, [])
    .option('--api-key <key>', 'require this key in the Authorization header')
    .option('--api-key-header <name>', 'read the key verbatim from this header instead (e.g. api-key, as Azure does)')
    .option('--require-query <key=value>', 'refuse requests and upgrades without this query parameter with 404, as Azure does (repeatable)', collect, [])
    .option('--encrypted-reasoning <when>', 'reasoning items carry encrypted_content: include (only when include asks) | always', 'include')
    .option('--stream-error-shape <shape>', "streaming error events: flat (the SDK's) | nested (Open Responses')", 'flat')
    .option('--log <file>', 'write the request log (JSONL) to this file')
    .option('--status-field <name>', 'status field of socket error events: status | status_code', 'status')
    .option('--sse-done', 'end HTTP streams with data: [DONE]')
    .option('--deflate', 'offer permessage-deflate')
    .option('--no-lanes', 'a classic WebSocket server: one response at a time, stream_id rejected as an unknown parameter')
    .option('--models <names>', 'comma-separated model names to serve (default: real OpenAI names; any other is model_not_found)')
    .option('--any-model', 'take any model name (for local experiments)')
    .option('--context-window <tokens>', "input tokens every model takes (default: each model's real window); more fails with context_length_exceeded")
    .option('--unknown-events <how>', 'socket events of unknown type: ignore (logged) | error (a 400 invalid_event_type)', 'ignore')
    .option('--no-steering', 'a server from before response.steer: it is an unknown event (see --unknown-events)')
    .option('--steerable-models <globs>', "models that take response.steer, comma-separated globs ('' for none)", 'gpt-6*')
    .option('--steer-max-pending <n>', 'accepted, uncommitted steers per response before too_many_pending_steers', '8')
    .option('--steer-successor-previous <what>', "the automatic successor's previous_response_id: parent | null", 'parent')
    .option('--steer-boundary <where>', 'where a steer ends a response: item (the item being written to its end) | token (a message closed at once)', 'item')
    .option('--list-scenarios', 'list the built-in scenarios and exit')
    .option('--walkthrough', 'start the simulator and run a scripted client through the scenario over one WebSocket')
    .action(async (opts: SimCommandOptions) => {
      const { runSim } = await import('./simRunner.js');
      process.exitCode = await runSim(opts);
    });
}
