// The database, composed from each capability's tables. Read the schema and you understand the product.
import type { AccountTables } from '../accounts/tables.js';
import type { AudienceTables } from '../audience/tables.js';
import type { CampaignTables } from '../campaigns/tables.js';
import type { AuditTables } from '../audit/tables.js';
import type { AuthTables } from '../auth/tables.js';
import type { DomainTables } from '../domains/tables.js';
import type { DeliveryTables } from '../delivery/tables.js';
import type { EventTables } from '../events/tables.js';
import type { MailboxTables } from '../mailbox/tables.js';
import type { QueueTables } from '../queue/tables.js';
import type { SendingTables } from '../sending/tables.js';
import type { TemplateTables } from '../templates/tables.js';
import type { WebhookTables } from '../webhooks/tables.js';

export interface DB
  extends AccountTables, AuthTables, AuditTables, QueueTables, EventTables, DomainTables, SendingTables, DeliveryTables,
    MailboxTables, TemplateTables, WebhookTables, AudienceTables, CampaignTables {}
