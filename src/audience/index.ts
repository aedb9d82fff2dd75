// What other capabilities (and the composition root) may import from audience.
export { audienceRoutes } from './routes.js';
export { unsubscribeRoutes } from './unsubscribe-routes.js';
export { CONTACT_STATUSES, type ContactStatus, type AudienceTables } from './tables.js';
