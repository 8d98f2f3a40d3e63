// Whether the server serves mid-turn steering (protocol.md §11), without steering anything: a
// `response.steer` aimed at the finished warm-up, which a steering server refuses with
// `response.steer.failed` (the warm-up is not streaming), and a server without steering ignores
// or answers with an error event. The refusal's code also says whether the configured model can be
// steered. Were a steer ever accepted, closing the socket right after drops it (steers are
// connection-scoped).
import type { ResponsesSocket } from '../../transport/index.js';
import { type DoctorCheck, ok } from './doctorCheck.js';
import { withinTime } from './withinTime.js';

const NAME = 'base URL: steering';
const WAIT_MS = 3_000;

type SteerAnswer = { kind: 'steer'; type: string; code: string | null } | { kind: 'error'; code: string | null };

export async function probeSteering(socket: ResponsesSocket, warmupId: string, model: string): Promise<DoctorCheck> {
  let stop = (): void => undefined;
  const answered = new Promise<SteerAnswer>((resolve) => {
    stop = socket.onConnection((notice) => {
      if (notice.type === 'steer') {
        const event = notice.event as { type: string; error?: { code?: string } };
        resolve({ kind: 'steer', type: event.type, code: event.error?.code ?? null });
      } else if (notice.type === 'unsolicited' && notice.event.type === 'error') {
        const event = notice.event as { error?: { code?: string }; code?: string };
        resolve({ kind: 'error', code: event.error?.code ?? event.code ?? null });
      }
    });
  });
  try {
    if (socket.steer({ previous_response_id: warmupId, input: 'wsagent doctor: a probe, not an instruction' }) === null) {
      return ok(NAME, 'unknown: the socket closed before the probe');
    }
    const answer = await withinTime(answered, WAIT_MS);
    if (answer === null)
      return ok(NAME, `not served (no answer to response.steer within ${WAIT_MS / 1000} s): words typed during a turn go with the next request`);
    if (answer.kind === 'error')
      return ok(NAME, `not served (response.steer answered with ${answer.code ?? 'an error'}): words typed during a turn go with the next request`);
    if (answer.code === 'steering_not_supported') {
      return ok(NAME, `served, but ${model} cannot be steered: words typed during a turn go with the next request (a gpt-6* model steers natively)`);
    }
    return ok(NAME, `served (response.steer understood): words typed during a turn steer it natively with ${model}`);
  } finally {
    stop();
  }
}
