// /unsubscribe/<token>, the URL in List-Unsubscribe (outside /api: no credential; the signed token is the authority).
// POST with the RFC 8058 body `List-Unsubscribe=One-Click` unsubscribes at once with no page (mailbox providers send
// it); GET shows the preferences page, whose form posts choices (`choice=all`, or `choice=topics` + `topic` ids).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { normalizeAddress, readUnsubscribeToken, type UnsubscribeClaims } from '../delivery/index.js';
import type { AppContext } from '../http/context.js';
import { unsubscribe } from './commands/unsubscribe.js';
import { donePage, invalidLinkPage, preferencesPage, type PageTopic } from './unsubscribe-page.js';

// A wildcard, not :token: route parameters are capped at 100 characters and a token is longer.
type TokenParams = { Params: { '*': string } };

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

/** RFC 8058 §3.1: the one-click body, sent as application/x-www-form-urlencoded or multipart/form-data. */
export function isOneClickBody(body: string, contentType: string): boolean {
  if (contentType.startsWith('multipart/form-data')) {
    return /name="?List-Unsubscribe"?\s*\r?\n\r?\n\s*One-Click\s*\r?\n/i.test(body);
  }
  return new URLSearchParams(body).get('List-Unsubscribe') === 'One-Click';
}

type TopicChoice = PageTopic & { internalId: number };

async function publicTopics(ctx: AppContext, claims: UnsubscribeClaims): Promise<TopicChoice[]> {
  const db = ctx.db.kysely;
  const topics = await db.selectFrom('audience_topics').select(['id', 'public_id', 'name', 'description', 'default_subscription'])
    .where('team_id', '=', claims.teamId).where('visibility', '=', 'public').orderBy('id').execute();
  if (topics.length === 0) return [];
  const contact = await db.selectFrom('audience_contacts').select('id')
    .where('team_id', '=', claims.teamId).where('email', '=', normalizeAddress(claims.email)).executeTakeFirst();
  const choices = contact
    ? await db.selectFrom('audience_contact_topics').select(['topic_id', 'subscribed']).where('contact_id', '=', contact.id).execute()
    : [];
  const chosen = new Map(choices.map((c) => [c.topic_id, c.subscribed === 1]));
  return topics.map((t) => ({ id: t.public_id, name: t.name, description: t.description, subscribed: chosen.get(t.id) ?? t.default_subscription === 'opt_out', internalId: t.id }));
}

export function unsubscribeRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    // Form bodies are small; anything else is read as text and simply not a one-click request.
    app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, body, done) => done(null, body));

    const page = (reply: FastifyReply, status: number, html: string) => reply.code(status).headers(PAGE_HEADERS).send(html);
    const claimsOf = (token: string) => readUnsubscribeToken(ctx.secrets, token, ctx.clock.now());

    app.get<TokenParams>('/unsubscribe/*', { config: { auth: 'none' } }, async (request, reply) => {
      const read = claimsOf(request.params['*']);
      if (!read.ok) return page(reply, read.reason === 'expired' ? 410 : 404, invalidLinkPage(read.reason));
      return page(reply, 200, preferencesPage(read.claims.email, (await publicTopics(ctx, read.claims)).map(({ internalId: _, ...t }) => t)));
    });

    app.post<TokenParams>('/unsubscribe/*', { config: { auth: 'none' } }, async (request, reply) => {
      const read = claimsOf(request.params['*']);
      const body = typeof request.body === 'string' ? request.body : '';
      const contentType = String(request.headers['content-type'] ?? '');
      if (isOneClickBody(body, contentType)) {
        if (!read.ok) return reply.code(read.reason === 'expired' ? 410 : 404).type('text/plain; charset=utf-8').send('This unsubscribe link is not valid.');
        await unsubscribe(ctx, read.claims, 'list_unsubscribe', { all: true });
        return reply.code(200).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send('Unsubscribed.');
      }
      if (!read.ok) return page(reply, read.reason === 'expired' ? 410 : 404, invalidLinkPage(read.reason));
      const form = new URLSearchParams(body);
      if (form.get('choice') === 'topics') {
        const topics = await publicTopics(ctx, read.claims);
        const keep = new Set(form.getAll('topic'));
        const stop = topics.filter((t) => !keep.has(t.id)).map((t) => t.internalId);
        const resume = topics.filter((t) => keep.has(t.id) && !t.subscribed).map((t) => t.internalId);
        await unsubscribe(ctx, read.claims, 'link_unsubscribe', { all: false, topicIds: stop });
        if (resume.length) await resubscribeTopics(ctx, read.claims, resume);
        return page(reply, 200, donePage(false));
      }
      await unsubscribe(ctx, read.claims, 'link_unsubscribe', { all: true });
      return page(reply, 200, donePage(true));
    });
  };
}

/** Ticking a topic again on the page opts back in to that topic (the recipient's own choice). */
async function resubscribeTopics(ctx: AppContext, claims: UnsubscribeClaims, topicIds: number[]): Promise<void> {
  const db = ctx.db.kysely;
  const contact = await db.selectFrom('audience_contacts').select('id')
    .where('team_id', '=', claims.teamId).where('email', '=', normalizeAddress(claims.email)).executeTakeFirst();
  if (!contact) return;
  for (const topicId of topicIds) {
    await db.insertInto('audience_contact_topics').values({ contact_id: contact.id, topic_id: topicId, team_id: claims.teamId, subscribed: 1, created_at: ctx.clock.now() })
      .onConflict((oc) => oc.columns(['contact_id', 'topic_id']).doUpdateSet({ subscribed: 1 })).execute();
  }
}
