// `relay`: everything through one smarthost (LETTR_RELAY_URL), pooled, with AUTH and TLS.
// smtps:// is implicit TLS (default port 465); smtp:// upgrades with STARTTLS when offered (default port 587).
// `?verify=false` accepts a self-signed relay certificate (a relay on the same private network).
import { SmtpPool } from '../smtp/pool.js';
import type { Destination } from '../smtp/smtp-client.js';
import { transmitOver } from '../smtp/transmit.js';
import type { SmtpClientSettings, Transport } from './transport.js';

export type RelayTarget = Omit<Destination, 'ignoreTls'>;

export function parseRelayUrl(raw: string): { ok: true; value: RelayTarget } | { ok: false; problem: string } {
  let url: URL;
  try { url = new URL(raw); } catch { return { ok: false, problem: 'must be a URL like smtp://user:pass@host:587' }; }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') return { ok: false, problem: 'must use smtp:// or smtps://' };
  if (!url.hostname) return { ok: false, problem: 'needs a host' };
  const secure = url.protocol === 'smtps:';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const user = decodeURIComponent(url.username);
  return {
    ok: true,
    value: {
      host,
      port: url.port ? Number(url.port) : secure ? 465 : 587,
      servername: host,
      secure,
      verifyTls: url.searchParams.get('verify') !== 'false',
      auth: user ? { user, pass: decodeURIComponent(url.password) } : null,
    },
  };
}

export function relayTransport(settings: SmtpClientSettings, target: RelayTarget): Transport {
  const pool = new SmtpPool(settings);
  const dest: Destination = { ...target, ignoreTls: false };
  return {
    mode: 'relay',
    send: (envelope, message) => transmitOver(pool, dest, envelope, message),
    close: () => pool.close(),
  };
}
