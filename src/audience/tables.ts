import type { Generated } from 'kysely';

export const CONTACT_STATUSES = ['subscribed', 'unsubscribed', 'bounced', 'complained', 'unverified'] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

export interface AudienceListsTable {
  id: Generated<number>;
  /** UUID: the id the API shows. */
  public_id: string;
  team_id: number;
  name: string;
  created_at: number;
  updated_at: number;
}

export interface AudienceContactsTable {
  id: Generated<number>;
  public_id: string;
  team_id: number;
  /** Normalised (trimmed, lower-cased, ASCII domain): unique per team. */
  email: string;
  status: ContactStatus;
  created_at: number;
  updated_at: number;
}

export interface AudienceContactListsTable {
  contact_id: number;
  list_id: number;
  team_id: number;
  created_at: number;
}

export interface AudienceTopicsTable {
  id: Generated<number>;
  public_id: string;
  team_id: number;
  name: string;
  description: string | null;
  /** opt_in | opt_out (contract semantics, spec A17). */
  default_subscription: string;
  /** public | private */
  visibility: string;
  created_at: number;
  updated_at: number;
}

export interface AudienceContactTopicsTable {
  contact_id: number;
  topic_id: number;
  team_id: number;
  /** 1 opted in, 0 opted out. */
  subscribed: number;
  created_at: number;
}

export interface AudiencePropertiesTable {
  id: Generated<number>;
  public_id: string;
  team_id: number;
  name: string;
  /** string | number | boolean | date | json */
  type: string;
  fallback_value: string | null;
  created_at: number;
  updated_at: number;
}

export interface AudienceContactValuesTable {
  contact_id: number;
  property_id: number;
  team_id: number;
  value: string;
  num_value: number | null;
}

export interface AudienceSegmentsTable {
  id: Generated<number>;
  public_id: string;
  team_id: number;
  name: string;
  list_id: number | null;
  /** JSON: the contract's condition_groups. */
  condition_groups: string;
  cached_contacts_count: number | null;
  created_at: number;
  updated_at: number;
}

export interface AudienceConfirmationsTable {
  id: Generated<number>;
  team_id: number;
  contact_id: number;
  redirect_url: string;
  expires_at: number;
  used_at: number | null;
  created_at: number;
}

export interface AudienceTables {
  audience_confirmations: AudienceConfirmationsTable;
  audience_lists: AudienceListsTable;
  audience_contacts: AudienceContactsTable;
  audience_contact_lists: AudienceContactListsTable;
  audience_topics: AudienceTopicsTable;
  audience_contact_topics: AudienceContactTopicsTable;
  audience_properties: AudiencePropertiesTable;
  audience_contact_values: AudienceContactValuesTable;
  audience_segments: AudienceSegmentsTable;
}
