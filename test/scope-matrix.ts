// Spec security-and-events §1.7: every route and the scope it requires. A new route adds its row here; the matrix
// test walks every row with every key profile on both databases.
import type { RouteScope } from '../src/auth/index.js';

export interface RouteRow {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A concrete URL (path parameters filled with any value: the auth gate runs before the handler looks). */
  url: string;
  scope: RouteScope;
  body?: unknown;
}

export const ROUTES: RouteRow[] = [
  { method: 'GET', url: '/api/auth/check', scope: 'any' },
  { method: 'GET', url: '/api/projects', scope: 'projects:read' },
  { method: 'GET', url: '/api/templates', scope: 'templates:read' },
  { method: 'POST', url: '/api/templates', scope: 'templates:write' },
  { method: 'GET', url: '/api/templates/html', scope: 'templates:read' },
  { method: 'GET', url: '/api/templates/any-slug', scope: 'templates:read' },
  { method: 'PUT', url: '/api/templates/any-slug', scope: 'templates:write' },
  { method: 'DELETE', url: '/api/templates/any-slug', scope: 'templates:write' },
  { method: 'GET', url: '/api/templates/any-slug/merge-tags', scope: 'templates:read' },
  { method: 'GET', url: '/api/domains', scope: 'domains:read' },
  { method: 'POST', url: '/api/domains', scope: 'domains:write', body: { domain: 'matrix.example.com' } },
  { method: 'GET', url: '/api/domains/matrix.example.com', scope: 'domains:read' },
  { method: 'DELETE', url: '/api/domains/matrix.example.com', scope: 'domains:write' },
  { method: 'POST', url: '/api/domains/matrix.example.com/verify', scope: 'domains:write' },
  { method: 'POST', url: '/api/emails', scope: 'emails:send' },
  { method: 'POST', url: '/api/emails/scheduled', scope: 'emails:send' },
  { method: 'GET', url: '/api/emails/scheduled/12345678901234567890', scope: 'emails:send' },
  { method: 'DELETE', url: '/api/emails/scheduled/12345678901234567890', scope: 'emails:send' },
  { method: 'GET', url: '/api/emails', scope: 'emails:read' },
  { method: 'GET', url: '/api/emails/events', scope: 'emails:read' },
  { method: 'GET', url: '/api/emails/12345678901234567890', scope: 'emails:read' },
  { method: 'GET', url: '/api/api-keys', scope: 'full_access' },
  { method: 'POST', url: '/api/api-keys', scope: 'full_access' },
  { method: 'GET', url: '/api/api-keys/999999', scope: 'full_access' },
  { method: 'PATCH', url: '/api/api-keys/999999', scope: 'full_access' },
  { method: 'POST', url: '/api/api-keys/999999/rotate', scope: 'full_access' },
  { method: 'DELETE', url: '/api/api-keys/999999', scope: 'full_access' },
  { method: 'GET', url: '/api/audit-events', scope: 'full_access' },
  { method: 'GET', url: '/api/audit-events/export', scope: 'full_access' },
  { method: 'GET', url: '/api/mailbox/messages', scope: 'full_access' },
  { method: 'GET', url: '/api/webhooks', scope: 'webhooks:read' },
  { method: 'POST', url: '/api/webhooks', scope: 'webhooks:write' },
  { method: 'GET', url: '/api/webhooks/webhook-x', scope: 'webhooks:read' },
  { method: 'PUT', url: '/api/webhooks/webhook-x', scope: 'webhooks:write' },
  { method: 'DELETE', url: '/api/webhooks/webhook-x', scope: 'webhooks:write' },
  { method: 'GET', url: '/api/webhooks/webhook-x/deliveries', scope: 'webhooks:read' },
  { method: 'GET', url: '/api/webhooks/webhook-x/deliveries/delivery-x', scope: 'webhooks:read' },
  { method: 'POST', url: '/api/webhooks/webhook-x/deliveries/delivery-x/retry', scope: 'webhooks:write' },
  { method: 'POST', url: '/api/webhooks/webhook-x/test', scope: 'webhooks:write' },
  { method: 'GET', url: '/api/webhooks/webhook-x/secret', scope: 'webhooks:write' },
  { method: 'POST', url: '/api/webhooks/webhook-x/secret/rotate', scope: 'webhooks:write' },
];

const UUID = '00000000-0000-4000-8000-000000000000';
ROUTES.push(
  { method: 'GET', url: '/api/audience/lists', scope: 'audience:read' },
  { method: 'POST', url: '/api/audience/lists', scope: 'audience:write' },
  { method: 'DELETE', url: '/api/audience/lists/bulk', scope: 'audience:write' },
  { method: 'GET', url: `/api/audience/lists/${UUID}`, scope: 'audience:read' },
  { method: 'PATCH', url: `/api/audience/lists/${UUID}`, scope: 'audience:write' },
  { method: 'DELETE', url: `/api/audience/lists/${UUID}`, scope: 'audience:write' },
  { method: 'GET', url: '/api/audience/contacts', scope: 'audience:read' },
  { method: 'POST', url: '/api/audience/contacts', scope: 'audience:write' },
  { method: 'POST', url: '/api/audience/contacts/bulk', scope: 'audience:write' },
  { method: 'POST', url: '/api/audience/contacts/lists/bulk', scope: 'audience:write' },
  { method: 'DELETE', url: '/api/audience/contacts/lists/bulk', scope: 'audience:write' },
  { method: 'GET', url: `/api/audience/contacts/${UUID}`, scope: 'audience:read' },
  { method: 'PATCH', url: `/api/audience/contacts/${UUID}`, scope: 'audience:write' },
  { method: 'DELETE', url: `/api/audience/contacts/${UUID}`, scope: 'audience:write' },
  { method: 'POST', url: `/api/audience/contacts/${UUID}/lists/${UUID}`, scope: 'audience:write' },
  { method: 'DELETE', url: `/api/audience/contacts/${UUID}/lists/${UUID}`, scope: 'audience:write' },
);
ROUTES.push(
  { method: 'POST', url: `/api/audience/contacts/${UUID}/topics/${UUID}`, scope: 'audience:write' },
  { method: 'DELETE', url: `/api/audience/contacts/${UUID}/topics/${UUID}`, scope: 'audience:write' },
  ...(['topics', 'properties', 'segments'] as const).flatMap((what): RouteRow[] => [
    { method: 'GET', url: `/api/audience/${what}`, scope: 'audience:read' },
    { method: 'POST', url: `/api/audience/${what}`, scope: 'audience:write' },
    { method: 'GET', url: `/api/audience/${what}/${UUID}`, scope: 'audience:read' },
    { method: 'PATCH', url: `/api/audience/${what}/${UUID}`, scope: 'audience:write' },
    { method: 'DELETE', url: `/api/audience/${what}/${UUID}`, scope: 'audience:write' },
  ]),
);
ROUTES.push(
  { method: 'GET', url: '/api/campaigns', scope: 'campaigns:read' },
  { method: 'GET', url: `/api/campaigns/${UUID}`, scope: 'campaigns:read' },
  { method: 'GET', url: `/api/campaigns/${UUID}/events`, scope: 'campaigns:read' },
  { method: 'POST', url: `/api/campaigns/${UUID}/send`, scope: 'campaigns:write' },
  { method: 'POST', url: `/api/campaigns/${UUID}/schedule`, scope: 'campaigns:write' },
  { method: 'POST', url: `/api/campaigns/${UUID}/unschedule`, scope: 'campaigns:write' },
);
