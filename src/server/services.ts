// Long-running listeners other than the HTTP API (e.g. SMTP), each tied to the process roles that run it.
import type { AppContext } from './context.js';

export type Role = 'api' | 'worker' | 'all';

export interface Service {
  name: string;
  roles: Array<'api' | 'worker'>;
  start(ctx: AppContext): Promise<{ stop(): Promise<void> }>;
}

export function services(_ctx: AppContext): Service[] {
  return [];
}

export const runsIn = (s: Service, role: Role) => role === 'all' || s.roles.includes(role);
