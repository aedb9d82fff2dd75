// What other capabilities (and the composition root) may import from audience.
export { audienceRoutes } from './routes.js';
export { unsubscribeRoutes } from './unsubscribe-routes.js';
export { confirmRoutes } from './confirm-routes.js';
export { suppressionRoutes } from './suppression-routes.js';
export { CONTACT_STATUSES, type ContactStatus, type AudienceTables } from './tables.js';
export { selectionPredicate, nextMembers, type Selection, type AudienceMember } from './selection.js';
export { listIdsOf } from './list-store.js';
