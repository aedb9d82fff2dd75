// Every long-running listener other than the HTTP API. A new capability with a listener adds it here.
import type { AppContext } from '../http/context.js';
import type { Service } from '../http/service.js';
import { mailboxService } from '../mailbox/service.js';

export { runsIn, type Role, type Service } from '../http/service.js';

export function services(_ctx: AppContext): Service[] {
  return [mailboxService];
}
