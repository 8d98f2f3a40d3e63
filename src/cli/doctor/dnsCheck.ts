// The base URL's host name resolves (an address literal needs no lookup).
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { type DoctorCheck, fail, ok } from './doctorCheck.js';
import type { EndpointTarget } from './endpointTarget.js';

const NAME = 'base URL: DNS';

export async function checkDns(target: EndpointTarget): Promise<DoctorCheck> {
  if (isIP(target.host)) return ok(NAME, `${target.host} is an address (no lookup)`);
  const started = performance.now();
  try {
    const addresses = await lookup(target.host, { all: true });
    const ms = Math.round(performance.now() - started);
    return ok(NAME, `${target.host} → ${addresses.map((a) => a.address).join(', ')} (${ms} ms)`);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    const why = code === 'ENOTFOUND' ? 'no such host' : code === 'EAI_AGAIN' ? 'the name server did not answer' : code;
    return fail(NAME, `${target.host}: ${why}`, `check the host name in the base URL (set by ${target.setBy}) and your network or VPN`);
  }
}
