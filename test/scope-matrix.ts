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
];
