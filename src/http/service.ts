// A long-running listener other than the HTTP API (e.g. SMTP), tied to the process roles that run it. Capabilities
// define services; the composition root (src/server/services.ts) lists them and starts those of the process's role.
import type { AppContext } from './context.js';

export type Role = 'api' | 'worker' | 'all';

export interface Service {
  name: string;
  roles: Array<'api' | 'worker'>;
  start(ctx: AppContext): Promise<{ stop(): Promise<void> }>;
}

export const runsIn = (s: Service, role: Role) => role === 'all' || s.roles.includes(role);
