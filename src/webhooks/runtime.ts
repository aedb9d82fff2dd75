// Per-process webhook machinery (resolver, HTTP agent, OAuth2 token cache), made once per AppContext so every caller in
// a process shares one connection pool and one token cache. Losing it costs nothing durable.
import type { AppContext } from '../http/context.js';
import { createWebhookAgent } from './agent.js';
import type { AttemptDeps } from './attempt.js';
import { OAuthTokenCache } from './oauth.js';
import { makeResolver, type ResolveAddresses } from './resolver.js';

export interface WebhookRuntime extends AttemptDeps {
  resolve: ResolveAddresses;
}

const runtimes = new WeakMap<AppContext, WebhookRuntime>();

export function webhookRuntime(ctx: AppContext): WebhookRuntime {
  let rt = runtimes.get(ctx);
  if (!rt) {
    const resolve = makeResolver(ctx.config);
    const dispatcher = createWebhookAgent({ resolve, allowPrivate: ctx.config.webhooks.allowPrivate, caFile: ctx.config.webhooks.caFile });
    rt = { resolve, dispatcher, tokens: new OAuthTokenCache(dispatcher, () => ctx.clock.now()) };
    runtimes.set(ctx, rt);
  }
  return rt;
}

/** Close the pool (tests and shutdown); the next use makes a fresh one. */
export async function closeWebhookRuntime(ctx: AppContext): Promise<void> {
  const rt = runtimes.get(ctx);
  runtimes.delete(ctx);
  await rt?.dispatcher.close();
}
