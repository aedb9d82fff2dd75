import type { Generated, Selectable } from 'kysely';
import type { DkimAlgorithm } from './dkim-keys.js';

export type DomainStatus = 'pending' | 'approved' | 'blocked';

export interface SendingDomainsTable {
  id: Generated<number>;
  team_id: number;
  /** Lower-case, no trailing dot. Unique per team. */
  domain: string;
  status: DomainStatus;
  /** §6.5 name score at creation, and why points were taken (JSON array of strings). */
  approval_score: number;
  approval_reasons: string;
  /** Record statuses as last conclusively verified; null until the first verification (contract DomainDetailView). */
  dkim_status: string | null;
  cname_status: string | null;
  spf_status: string | null;
  dmarc_status: string | null;
  /** The last verification's DomainVerificationView (JSON), so the CLI and dashboard can show the errors. */
  verification: string | null;
  last_verified_at: number | null;
  /** Background re-verification: when it is next due, and how many checks in a row changed nothing. */
  next_verify_at: number | null;
  verify_attempts: number;
  created_at: number;
  updated_at: number;
}

export interface DomainDkimKeysTable {
  id: Generated<number>;
  domain_id: number;
  team_id: number;
  selector: string;
  algorithm: DkimAlgorithm;
  /** The `p=` value as published. */
  public_key: string;
  /** PKCS#8 PEM sealed by the secrets module (purpose `dkim-private-key`; listed in sealed-columns.ts). */
  private_key: string;
  /**
   * `active` keys sign and must be published. A rotation adds `pending` keys under new selectors; once their records
   * verify they become active and the old ones `retired` (kept for the record, never used again).
   */
  state: 'pending' | 'active' | 'retired';
  created_at: number;
  retired_at: number | null;
}

export interface DomainTables {
  sending_domains: SendingDomainsTable;
  domain_dkim_keys: DomainDkimKeysTable;
}

export type SendingDomainRow = Selectable<SendingDomainsTable>;
export type DkimKeyRow = Selectable<DomainDkimKeysTable>;
