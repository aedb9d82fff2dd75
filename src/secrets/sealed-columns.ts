// Every column that holds a sealed value. `lettr secrets rotate` re-seals exactly these, so a capability that seals a
// new column adds it here. `purpose` is the associated data the value was sealed with.
export interface SealedColumn {
  table: string;
  column: string;
  purpose: string;
}

export const SEALED_COLUMNS: SealedColumn[] = [
  { table: 'domain_dkim_keys', column: 'private_key', purpose: 'dkim-private-key' },
  { table: 'webhooks', column: 'secret_sealed', purpose: 'webhooks.secret' },
  { table: 'webhooks', column: 'previous_secret_sealed', purpose: 'webhooks.previous_secret' },
  { table: 'webhooks', column: 'credentials_sealed', purpose: 'webhooks.credentials' },
  { table: 'user_two_factor', column: 'secret_sealed', purpose: 'accounts.totp_secret' },
];
