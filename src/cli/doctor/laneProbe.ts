// Whether the server serves `stream_id` lanes (protocol.md §9): one more `generate:false` on a
// named lane. Its events carry the lane's name, or the server refuses `stream_id` as an unknown
// parameter. Nothing is generated; the lane dies with the socket doctor closes.
import type { ResponseCreateBody, ResponsesSocket, TransportError } from '../../transport/index.js';
import { isLaneRefusal } from '../../transport/index.js';
import { type DoctorCheck, ok } from './doctorCheck.js';

const NAME = 'base URL: lanes';
const PROBE_LANE = 'wsagent-doctor';

export async function probeLanes(socket: ResponsesSocket, warmup: ResponseCreateBody): Promise<DoctorCheck> {
  try {
    await socket.stream({ ...warmup, stream_id: PROBE_LANE } as ResponseCreateBody).done;
  } catch (err) {
    if (isLaneRefusal(err)) return ok(NAME, 'not served (stream_id refused): each sub-agent gets a socket of its own');
    return ok(NAME, `unknown: the probe failed (${(err as TransportError).message}); sub-agents try lanes and fall back to sockets of their own`);
  }
  return socket.lanes === 'supported'
    ? ok(NAME, 'served: sub-agents fork onto lanes of the one socket')
    : ok(NAME, 'not served (the answer carried no stream_id): each sub-agent gets a socket of its own');
}
