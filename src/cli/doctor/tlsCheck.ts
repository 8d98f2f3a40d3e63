// For an https base URL: the TLS handshake, the certificate's validity for the host, and its expiry.
// A plain http base URL is fine on loopback (the simulator, a local proxy) and a warning elsewhere:
// the key would cross the network unencrypted.
import { isIP } from 'node:net';
import { connect } from 'node:tls';
import { type DoctorCheck, fail, ok, warn } from './doctorCheck.js';
import type { EndpointTarget } from './endpointTarget.js';

const NAME = 'base URL: TLS';
const TIMEOUT_MS = 10_000;
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1)$/;

export function checkTls(target: EndpointTarget): Promise<DoctorCheck> {
  if (!target.secure) {
    if (LOOPBACK.test(target.host)) return Promise.resolve(ok(NAME, 'not used: plain http on this machine (loopback)'));
    return Promise.resolve(
      warn(NAME, `not used: plain http to ${target.host}, so the API key crosses the network unencrypted`, `use an https:// base URL (set by ${target.setBy})`),
    );
  }
  return new Promise((resolve) => {
    // SNI takes host names only (an address there is refused by RFC 6066 and warned about by Node).
    const socket = connect({ host: target.host, port: target.port, ...(isIP(target.host) ? {} : { servername: target.host }), timeout: TIMEOUT_MS });
    const done = (check: DoctorCheck): void => {
      socket.destroy();
      resolve(check);
    };
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      const until = cert.valid_to ? new Date(cert.valid_to) : null;
      const days = until ? Math.floor((until.getTime() - Date.now()) / 86_400_000) : null;
      const detail = `${socket.getProtocol() ?? 'TLS'}, certificate valid for ${target.host}${until ? ` until ${until.toISOString().slice(0, 10)}` : ''}`;
      if (days !== null && days < 14) done(warn(NAME, `${detail} (expires in ${days} days)`, 'tell whoever runs the server: its certificate expires soon'));
      else done(ok(NAME, detail));
    });
    socket.once('timeout', () =>
      done(
        fail(
          NAME,
          `no TLS handshake with ${target.host}:${target.port} within ${TIMEOUT_MS / 1000} s`,
          `check the network, a proxy or firewall between you and ${target.host}`,
        ),
      ),
    );
    socket.once('error', (err: NodeJS.ErrnoException) => {
      const code = err.code ?? '';
      const certificate = /CERT|SSL|TLS|SIGNATURE|ALTNAME/i.test(code);
      done(
        fail(
          NAME,
          `${target.host}:${target.port}: ${certificate ? `certificate not accepted (${code})` : (err.message.split('\n')[0] ?? code)}`,
          certificate
            ? 'a proxy that re-signs traffic needs its CA: NODE_EXTRA_CA_CERTS=/path/to/ca.pem; otherwise check the host name'
            : `check that ${target.host}:${target.port} serves https (set by ${target.setBy})`,
        ),
      );
    });
  });
}
