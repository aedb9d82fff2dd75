// Sealing of webhook secrets and credentials through the secrets module (CONTRIBUTING "Secrets at rest"). The purpose
// strings are listed in src/secrets/sealed-columns.ts so `lettr secrets rotate` re-seals these columns.
import type { SecretBox } from '../secrets/index.js';
import type { AuthConfig } from './attempt.js';
import type { AuthType, Credentials } from './validation.js';
import type { WebhooksTable } from './tables.js';

export const PURPOSE = {
  secret: 'webhooks.secret',
  previousSecret: 'webhooks.previous_secret',
  credentials: 'webhooks.credentials',
} as const;

/** Keep only the credentials the auth type uses; nothing is stored for `none`. */
export function credentialsFor(authType: AuthType, c: Credentials): Credentials | null {
  if (authType === 'basic') return { auth_username: c.auth_username!, auth_password: c.auth_password! };
  if (authType === 'oauth2') return { oauth_client_id: c.oauth_client_id!, oauth_client_secret: c.oauth_client_secret!, oauth_token_url: c.oauth_token_url! };
  return null;
}

export function sealCredentials(box: SecretBox, c: Credentials | null): string | null {
  return c ? box.seal(JSON.stringify(c), PURPOSE.credentials) : null;
}

export function openCredentials(box: SecretBox, sealed: string | null): Credentials {
  return sealed ? (JSON.parse(box.open(sealed, PURPOSE.credentials)) as Credentials) : {};
}

export function authConfig(box: SecretBox, row: Pick<WebhooksTable, 'auth_type' | 'credentials_sealed'>): AuthConfig {
  const c = openCredentials(box, row.credentials_sealed);
  if (row.auth_type === 'basic') return { type: 'basic', username: c.auth_username ?? '', password: c.auth_password ?? '' };
  if (row.auth_type === 'oauth2') return { type: 'oauth2', tokenUrl: c.oauth_token_url ?? '', clientId: c.oauth_client_id ?? '', clientSecret: c.oauth_client_secret ?? '' };
  return { type: 'none' };
}

/**
 * The secrets that sign an attempt at `now`, first the one `lettr-signature` uses: during a rotation's overlap window
 * that is the previous secret (what receivers verifying the founding page's way still hold), afterwards the current.
 */
export function signingSecrets(box: SecretBox, row: Pick<WebhooksTable, 'secret_sealed' | 'previous_secret_sealed' | 'previous_secret_expires_at'>, now: number): string[] {
  const current = box.open(row.secret_sealed, PURPOSE.secret);
  if (row.previous_secret_sealed && (row.previous_secret_expires_at ?? 0) > now) {
    return [box.open(row.previous_secret_sealed, PURPOSE.previousSecret), current];
  }
  return [current];
}
