// The one hook that authenticates requests. A route declares what it needs; the credential that may satisfy it
// (an API key under /api, a dashboard session under /dashboard/api) is stamped on the route by the mount that
// registers it (`mountWith`), so one capability plugin serves both surfaces without knowing either. The verifiers
// themselves belong to capabilities (src/auth: API keys; src/accounts: sessions) and are handed in by the
// composition root. A route that declares nothing at all is refused at startup, so forgetting cannot open it.
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { clientIp } from './client-ip.js';

export type Actor =
  | { type: 'user'; id: number }
  | { type: 'api_key'; id: number }
  | { type: 'system'; id?: null; via?: string };

export type Credential = 'api_key' | 'session';

/** Who is calling, for which team, with which rights: the same shape whichever credential proved it. */
export interface AuthContext {
  credential: Credential;
  teamId: number;
  actor: Actor;
  /** The key used, or null for a dashboard session. */
  apiKeyId: number | null;
  /** The signed-in user (session), or null for a key. */
  userId: number | null;
  keyType: 'live' | 'sandbox';
  permission: 'full_access' | 'sending_only' | 'custom';
  scopes: string[];
  /** Whom a key made from here is attributed to: the key's creator, or the signed-in user. */
  createdByUserId: number | null;
  /** The creator's (or user's) email: where sandbox mail goes (spec §1.5). */
  ownerEmail: string | null;
  ip: string;
}

/** What a route says about authentication. `scope` is declared by capability routes and means the same on both mounts. */
export interface RouteAuth {
  credential: Credential | undefined;
  scope: string | undefined;
  none: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `none`: public (health, sign-in). Otherwise a credential is required. */
    auth?: 'none';
    /** Which credential this route accepts; stamped by `mountWith` for capability routes. */
    credential?: Credential;
  }
  interface FastifyRequest {
    auth: AuthContext | null;
  }
  interface FastifyInstance {
    /** Every authenticated route with its credential and scope: the scope-matrix test checks each one has a row. */
    routeScopes: Array<{ method: string; url: string; credential: Credential | 'none'; scope: string }>;
  }
}

const MOUNT_CREDENTIAL = Symbol('lettr.mountCredential');

export type Verifier = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * Installs the hook. `verifiers[c]` runs for every route whose credential is c; it sets `request.auth` (or whatever
 * its credential provides) or throws the ApiError to answer with.
 */
export function registerCredentials(app: FastifyInstance, verifiers: Record<Credential, Verifier>): void {
  app.decorateRequest('auth', null);
  const routeScopes: FastifyInstance['routeScopes'] = [];
  app.decorate('routeScopes', routeScopes);
  app.addHook('onRoute', function (route) {
    // `this` is the instance the route is registered on: inside a `mountWith` it carries the mount's credential.
    const mounted = (this as unknown as { [MOUNT_CREDENTIAL]?: Credential })[MOUNT_CREDENTIAL];
    const config = (route.config ??= {} as NonNullable<typeof route.config>) as { auth?: 'none'; credential?: Credential; scope?: string };
    if (mounted && config.auth !== 'none' && !config.credential) config.credential = mounted;
    // OPTIONS (CORS preflights, when configured) never carries a credential: browsers strip them from preflights.
    if ([route.method].flat().every((m) => m === 'OPTIONS')) config.auth = 'none';
    const guarded = route.url.startsWith('/api') || route.url.startsWith('/dashboard/api');
    if (!guarded) return;
    if (config.auth !== 'none' && !config.credential) {
      throw new Error(`route ${route.method} ${route.url} declares no credential (config.credential) nor auth: 'none'`);
    }
    if (config.credential === 'api_key' && !config.scope) {
      throw new Error(`route ${route.method} ${route.url} accepts API keys but declares no config.scope`);
    }
    const credential = config.auth === 'none' ? 'none' : config.credential!;
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routeScopes.push({ method, url: route.url, credential, scope: config.scope ?? 'none' });
    }
  });
  app.addHook('onRequest', async (request, reply) => {
    const config = request.routeOptions.config as { auth?: 'none'; credential?: Credential } | undefined;
    if (!config || config.auth === 'none' || !config.credential) return;
    await verifiers[config.credential](request, reply);
    // Every later log line of this request (the access line included) names the team beside Fastify's request id.
    if (request.auth) request.log = request.log.child({ team_id: request.auth.teamId });
  });
}

/**
 * Registers `plugin` so that every route in it accepts `credential` (routes that say `auth: 'none'` stay public).
 * The API mounts capability plugins with 'api_key' under /api; the dashboard mounts the same plugins with 'session'
 * under /dashboard/api/teams/:teamId.
 */
export function mountWith(credential: Credential, plugin: FastifyPluginAsync): FastifyPluginAsync {
  return async (app) => {
    // Child instances inherit their parent's properties (avvio creates them with Object.create), so routes of plugins
    // nested inside `plugin` see the mark too.
    (app as unknown as Record<symbol, Credential>)[MOUNT_CREDENTIAL] = credential;
    await app.register(plugin);
  };
}

/** Who made a change, for audit entries: the acting key or user, the client IP and user agent. */
export function requestOrigin(request: FastifyRequest): { actor: Actor; ip: string | null; userAgent: string | null } {
  const ua = request.headers['user-agent'];
  const auth = request.auth;
  return { actor: auth ? auth.actor : { type: 'system', via: 'anonymous' }, ip: auth?.ip ?? clientIp(request), userAgent: typeof ua === 'string' ? ua : null };
}
