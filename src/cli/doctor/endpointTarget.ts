// The base URL as the network checks see it: host, port, scheme, and where it was set, so a fix can
// name the one place to change it. The query string is never shown (a gateway may put a secret there).
import type { SettingSource } from '../../config/settings.js';

export interface EndpointTarget {
  baseUrl: string;
  url: URL;
  host: string;
  port: number;
  secure: boolean;
  /** The base URL without its query, for messages. */
  shown: string;
  /** Where to change it: "--base-url", "the baseUrl setting", … */
  setBy: string;
}

const SET_BY: Record<SettingSource, string> = {
  flag: '--base-url',
  env: 'WSAGENT_BASE_URL / OPENAI_BASE_URL',
  config: 'the baseUrl setting (`wsagent config set baseUrl URL`)',
  profile: 'the baseUrl of your --profile',
  project: "baseUrl in the repository's .wsagent/config.json",
  default: '--base-url or `wsagent config set baseUrl URL`',
};

export function endpointTarget(baseUrl: string, source: SettingSource | undefined, provider: string | null): EndpointTarget {
  const url = new URL(baseUrl);
  const secure = url.protocol === 'https:' || url.protocol === 'wss:';
  const shown = `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  const setBy = provider !== null && source !== 'flag' ? `the baseUrl of provider "${provider}"` : SET_BY[source ?? 'default'];
  // A bracketed IPv6 literal is looked up and dialled without its brackets.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return { baseUrl, url, host, port: Number(url.port) || (secure ? 443 : 80), secure, shown, setBy };
}
