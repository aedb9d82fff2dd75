// Audience rows as the contract shows them.
import type { HydratedContact } from './contact-store.js';
import type { ListRow } from './list-store.js';

export const listView = (r: ListRow) => ({ id: r.public_id, name: r.name, contacts_count: r.contacts_count });

export const contactView = (c: HydratedContact) => ({
  id: c.public_id,
  email: c.email,
  status: c.status,
  properties: c.properties,
  created_at: new Date(c.created_at).toISOString(),
  lists: c.lists,
  topics: c.topics,
});
