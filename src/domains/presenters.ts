// Rows → the contract's JSON (DomainListItemView, DomainView, DomainDetailView, DomainVerificationView).
import { DKIM_HEADERS_FIELD } from './dkim-keys.js';
import { isApexDomain } from './names.js';
import type { PublishedKey } from './records.js';
import { canSend, STATUS_LABELS, type RecordStatuses } from './status.js';
import type { DkimKeyRow, SendingDomainRow } from './tables.js';
import type { DomainVerification } from './verify.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** The key shown as the contract's single `dkim`: the newest active RSA key (every receiver can verify RSA). */
export function primaryKey(keys: readonly DkimKeyRow[]): DkimKeyRow | undefined {
  const active = keys.filter((k) => k.state === 'active');
  return active.find((k) => k.algorithm === 'rsa-sha256') ?? active[0];
}

/** A stored key as the DNS records and checks see it. */
export function publishedKey(k: DkimKeyRow): PublishedKey {
  return { selector: k.selector, algorithm: k.algorithm, publicKey: k.public_key, pending: k.state === 'pending' };
}

export function domainListItemView(row: SendingDomainRow) {
  return {
    domain: row.domain,
    status: row.status,
    status_label: STATUS_LABELS[row.status],
    can_send: canSend(row.status, row.dkim_status),
    cname_status: row.cname_status,
    dkim_status: row.dkim_status,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

export function domainCreatedView(row: SendingDomainRow, keys: readonly DkimKeyRow[]) {
  const key = primaryKey(keys);
  return {
    domain: row.domain,
    status: row.status,
    status_label: STATUS_LABELS[row.status],
    dkim: key ? { public: key.public_key, selector: key.selector, headers: DKIM_HEADERS_FIELD, signing_domain: row.domain } : null,
  };
}

export function domainDetailView(row: SendingDomainRow, keys: readonly DkimKeyRow[]) {
  const key = primaryKey(keys);
  return {
    domain: row.domain,
    status: row.status,
    status_label: STATUS_LABELS[row.status],
    can_send: canSend(row.status, row.dkim_status),
    cname_status: row.cname_status,
    dkim_status: row.dkim_status,
    dmarc_status: row.dmarc_status,
    spf_status: row.spf_status,
    is_primary_domain: isApexDomain(row.domain),
    tracking_domain: null,
    dns: key ? { dkim: { selector: key.selector, public: key.public_key, headers: DKIM_HEADERS_FIELD } } : null,
    dns_provider: null,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

/**
 * The verify response. Statuses are the stored ones after this verification, so a check DNS did not answer shows the
 * status it had before (or `unverified` if it never had one) beside the error that explains why.
 */
export function domainVerificationView(v: DomainVerification, stored: RecordStatuses) {
  const show = (value: string | null) => value ?? 'unverified';
  return {
    domain: v.domain,
    dkim_status: show(stored.dkim_status),
    cname_status: show(stored.cname_status),
    dmarc_status: show(stored.dmarc_status),
    spf_status: show(stored.spf_status),
    is_primary_domain: v.isPrimaryDomain,
    ownership_verified: stored.dkim_status === 'valid' ? 'true' : null,
    dns: {
      dkim_record: v.dkim.record,
      cname_record: v.cname.record,
      dkim_error: v.dkim.error,
      cname_error: v.cname.error,
      dmarc_record: v.dmarc.record,
      dmarc_error: v.dmarc.error,
      spf_record: v.spf.record,
      spf_error: v.spf.error,
    },
    dmarc: {
      is_valid: v.dmarc.conclusive && v.dmarc.status === 'valid',
      status: show(stored.dmarc_status),
      found_at_domain: v.dmarc.foundAtDomain,
      record: v.dmarc.record,
      policy: v.dmarc.policy,
      subdomain_policy: v.dmarc.subdomainPolicy,
      error: v.dmarc.error,
      covered_by_parent_policy: v.dmarc.coveredByParentPolicy,
    },
    spf: {
      is_valid: v.spf.conclusive && v.spf.status === 'valid',
      status: show(stored.spf_status),
      record: v.spf.record,
      error: v.spf.error,
      includes_sparkpost: v.spf.includesUs,
    },
  };
}

/**
 * Beyond the contract (for the dashboard): when the last check ran, when the background job checks again, and that
 * check's full answer (statuses and the resolver's error text per record), so a screen shows why without re-checking.
 */
export function verificationStateView(row: SendingDomainRow) {
  return {
    last_checked_at: row.last_verified_at === null ? null : iso(row.last_verified_at),
    next_check_at: row.next_verify_at === null ? null : iso(row.next_verify_at),
    consecutive_unchanged_checks: row.verify_attempts,
    result: row.verification === null ? null : (JSON.parse(row.verification) as ReturnType<typeof domainVerificationView>),
  };
}
