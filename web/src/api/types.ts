// Wire shapes of the dashboard API (docs/dashboard-api.md) and of the public API capabilities mounted per team.
export interface User { id: number; email: string; name: string; two_factor_enabled: boolean; created_at: string }
export type Role = 'owner' | 'admin' | 'member';
export interface TeamMembership {
  id: number; name: string; role: Role; require_two_factor: boolean; two_factor_setup_required: boolean; joined_at: string;
}
export interface Me { user: User; teams: TeamMembership[]; csrf_token: string }
export type SignInAnswer = { status: 'signed_in'; user: User; teams: TeamMembership[] } | { status: 'two_factor_required' };
export interface Member {
  user: { id: number; email: string; name: string }; role: Role; two_factor_enabled: boolean; joined_at: string;
  invited_by: { id: number; email: string; name: string } | null;
}
export type Permission = 'full_access' | 'sending_only' | 'custom';
export interface ApiKey {
  id: number; team_id: number; name: string; type: 'live' | 'sandbox'; permission: Permission; scopes: string[];
  allowed_ips: string[]; ip_restricted: boolean; display: string; status: 'active' | 'expiring' | 'expired' | 'revoked';
  created_by: number | null; created_at: string; last_used_at: string | null; last_used_ip: string | null;
  expires_at: string | null; revoked_at: string | null; rotated_from_id: number | null;
}
export interface Session {
  id: number; current: boolean; ip: string; user_agent: string; device: string; created_at: string; last_seen_at: string;
}

export interface DomainListItem {
  domain: string; status: 'pending' | 'approved' | 'blocked'; status_label: string; can_send: boolean;
  cname_status: string | null; dkim_status: string | null; created_at: string; updated_at: string;
}
export interface DnsRecord { purpose: 'dkim' | 'return_path' | 'spf' | 'dmarc'; type: 'TXT' | 'CNAME'; name: string; value: string; note: string }
export interface DomainVerification {
  dkim_status: string; cname_status: string; dmarc_status: string; spf_status: string;
  dns: { dkim_error: string | null; cname_error: string | null; dmarc_error: string | null; spf_error: string | null };
}
export interface DomainDetail extends DomainListItem {
  dmarc_status: string | null; spf_status: string | null; is_primary_domain: boolean;
  dns: { dkim: { selector: string; public: string }; records: DnsRecord[] } | null;
  verification: { last_checked_at: string | null; next_check_at: string | null; result: DomainVerification | null };
}
export interface Webhook {
  id: string; name: string; url: string; enabled: boolean; event_types: string[] | null; auth_type: 'none' | 'basic' | 'oauth2';
  has_auth_credentials: boolean; last_successful_at: string | null; last_failure_at: string | null; last_status: number | null;
  disabled_reason: string | null;
}
export interface WebhookAttempt {
  attempt: number; trigger: string; url: string; started_at: string; latency_ms: number | null; status_code: number | null;
  success: boolean; error: string | null; response_excerpt: string | null;
}
export interface WebhookDelivery {
  id: string; state: 'pending' | 'delivered' | 'failed'; test: boolean; event_count: number; attempts: number;
  next_attempt_at: string | null; last_status_code: number | null; last_error: string | null; created_at: string;
  delivered_at: string | null; failed_at: string | null; attempt_log: WebhookAttempt[];
}

export interface SentEmail {
  event_id: string; type: string; timestamp: string; request_id: string; message_id: string | null; subject: string | null;
  friendly_from: string | null; sending_domain: string | null; rcpt_to: string | null; recipient_domain: string | null;
  mailbox_provider: string | null; msg_size: number | null; injection_time: string | null;
}
export interface EventPage<T> { events: { data: T[]; total_count: number; from: string; to: string; pagination: { next_cursor: string | null; per_page: number } } }
export interface EmailEvent { event_id: string; type: string; timestamp: string; rcpt_to?: string; request_id: string; [k: string]: unknown }
export interface Transmission {
  transmission_id: string; state: string; scheduled_at: string | null; from: string; from_name: string | null; subject: string;
  recipients: string[]; num_recipients: number; events: EmailEvent[];
}
export interface MailboxMessage {
  id: number; request_id: string | null; message_id: string | null; mail_from: string; rcpt_to: string; from: string | null;
  to: string[]; cc: string[]; subject: string | null; text: string | null; html: string | null;
  attachments: Array<{ filename: string | null; content_type: string; size: number; content_id: string | null }>; size: number; received_at: string;
}

export interface SecurityOverview {
  generated_at: string;
  tiles: { sends_today: number; sends_usual: number | null; failed_auth_24h: number; new_recipient_domains_7d: number; keys_created_7d: number };
  volume: Array<{ day: string; count: number; spike: boolean; baseline_mean: number | null; baseline_threshold: number | null }>;
  new_recipient_domains: Array<{ domain: string; first_seen_at: string; recipients: number }>;
  failed_auth: Array<{ ip: string; key_prefix: string | null; reason: string; attempts: number; last_at: string }>;
}
export interface AuditEvent {
  id: number; actor: { type: string; id: number | null }; action: string; target: { type: string; id: string } | null;
  ip: string | null; user_agent: string | null; created_at: string; details: Record<string, unknown>;
}
