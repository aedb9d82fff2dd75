// Every migration in order. Names sort; numbering ranges per capability are in CONTRIBUTING.md.
import type { Kysely } from 'kysely';
import type { Dialect } from '../columns.js';
import * as m0001 from './0001_foundation.js';
import * as m0010 from './0010_auth_failure_networks.js';
import * as m0100 from './0100_domains.js';
import * as m0200 from './0200_sending_messages.js';
import * as m0210 from './0210_recipient_rendered_subject.js';
import * as m0300 from './0300_delivery_suppressions.js';
import * as m0310 from './0310_mailbox_messages.js';
import * as m0400 from './0400_templates_projects.js';
import * as m0500 from './0500_webhooks.js';
import * as m0600 from './0600_accounts.js';
import * as m0700 from './0700_audience.js';
import * as m0710 from './0710_campaigns.js';
import * as m0720 from './0720_audience_confirmations.js';

export interface LettrMigration {
  up(db: Kysely<any>, dialect: Dialect): Promise<void>;
}

export const MIGRATIONS: Record<string, LettrMigration> = {
  '0001_foundation': m0001,
  '0010_auth_failure_networks': m0010,
  '0100_domains': m0100,
  '0200_sending_messages': m0200,
  '0210_recipient_rendered_subject': m0210,
  '0300_delivery_suppressions': m0300,
  '0310_mailbox_messages': m0310,
  '0400_templates_projects': m0400,
  '0500_webhooks': m0500,
  '0600_accounts': m0600,
  '0700_audience': m0700,
  '0710_campaigns': m0710,
  '0720_audience_confirmations': m0720,
};
