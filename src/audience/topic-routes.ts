// /api/audience/topics… and a contact's topic subscriptions. `default_subscription` is set at creation and never
// changes (contract; spec A17: opt_out = everyone in unless they opt out, opt_in = only who opts in).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../http/context.js';
import { notFound } from '../http/errors.js';
import { isPlainObject, says, Violations } from '../http/validation.js';
import { CONTACT_NOT_FOUND } from './commands/contacts.js';
import { findContact } from './contact-store.js';
import { requiredName } from './input.js';
import { isUuid, pageOf, pagination } from './params.js';
import { deleteTopic, findTopic, insertTopic, pageTopics, setTopicChoice, updateTopic, type TopicRow } from './topic-store.js';

export const TOPIC_NOT_FOUND = 'Topic not found.';
const SUBSCRIPTIONS = ['opt_in', 'opt_out'] as const;
const VISIBILITIES = ['private', 'public'] as const;

const topicView = (t: TopicRow) => ({
  id: t.public_id, name: t.name, description: t.description, default_subscription: t.default_subscription,
  visibility: t.visibility, contacts_count: t.contacts_count, created_at: new Date(t.created_at).toISOString(),
});

function choice<T extends string>(b: Record<string, unknown>, field: string, allowed: readonly T[], bag: Violations): T | undefined {
  const v = b[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) { bag.add(field, says.oneOf(field, allowed)); return undefined; }
  return v as T;
}

type TopicParams = { Params: { topicId: string } };
type PairParams = { Params: { contactId: string; topicId: string } };

export function topicRoutes(ctx: AppContext) {
  const db = ctx.db.kysely;
  const topicOr404 = async (teamId: number, id: string) => {
    const t = isUuid(id) ? await findTopic(db, teamId, id) : null;
    if (!t) throw notFound(TOPIC_NOT_FOUND);
    return t;
  };
  return async (app: FastifyInstance) => {
    app.get('/audience/topics', { config: { scope: 'audience:read' } }, async (request) => {
      const bag = new Violations();
      const page = pageOf(request.query, bag);
      bag.throwIfAny();
      const { rows, total } = await pageTopics(db, request.auth!.teamId, page);
      return { message: 'Topics retrieved successfully.', data: { topics: rows.map(topicView), pagination: pagination(total, page) } };
    });

    app.post('/audience/topics', { config: { scope: 'audience:write' } }, async (request, reply) => {
      const bag = new Violations();
      const b = isPlainObject(request.body) ? request.body : {};
      const name = requiredName(b.name, bag);
      const defaultSubscription = choice(b, 'default_subscription', SUBSCRIPTIONS, bag) ?? 'opt_in';
      const visibility = choice(b, 'visibility', VISIBILITIES, bag) ?? 'private';
      bag.throwIfAny();
      const teamId = request.auth!.teamId;
      const id = await insertTopic(db, teamId, { name: name!, defaultSubscription, visibility }, ctx.clock.now());
      return reply.code(201).send({ message: 'Topic created successfully.', data: topicView((await findTopic(db, teamId, id))!) });
    });

    app.get<TopicParams>('/audience/topics/:topicId', { config: { scope: 'audience:read' } }, async (request) => {
      const t = await topicOr404(request.auth!.teamId, request.params.topicId);
      return { message: 'Topic retrieved successfully.', data: topicView(t) };
    });

    app.patch<TopicParams>('/audience/topics/:topicId', { config: { scope: 'audience:write' } }, async (request) => {
      const teamId = request.auth!.teamId;
      const t = await topicOr404(teamId, request.params.topicId);
      const bag = new Violations();
      const b = isPlainObject(request.body) ? request.body : {};
      const name = requiredName(b.name, bag, 'name', false);
      const visibility = choice(b, 'visibility', VISIBILITIES, bag);
      if (b.default_subscription !== undefined) bag.add('default_subscription', 'The default_subscription cannot be changed after the topic is created.');
      bag.throwIfAny();
      await updateTopic(db, teamId, t.id, { name, visibility }, ctx.clock.now());
      return { message: 'Topic updated successfully.', data: topicView((await findTopic(db, teamId, t.public_id))!) };
    });

    app.delete<TopicParams>('/audience/topics/:topicId', { config: { scope: 'audience:write' } }, async (request, reply) => {
      const teamId = request.auth!.teamId;
      const t = await topicOr404(teamId, request.params.topicId);
      await deleteTopic(db, teamId, t.id);
      return reply.code(204).send();
    });

    const pair = async (teamId: number, p: PairParams['Params']) => {
      const contact = isUuid(p.contactId) ? await findContact(db, teamId, p.contactId) : null;
      if (!contact) throw notFound(CONTACT_NOT_FOUND);
      return { contact, topic: await topicOr404(teamId, p.topicId) };
    };

    app.post<PairParams>('/audience/contacts/:contactId/topics/:topicId', { config: { scope: 'audience:write', body: 'none' } }, async (request, reply) => {
      const teamId = request.auth!.teamId;
      const { contact, topic } = await pair(teamId, request.params);
      const changed = await setTopicChoice(db, teamId, contact.id, topic, true, ctx.clock.now());
      return changed
        ? reply.code(201).send({ message: 'Contact subscribed to topic.' })
        : reply.code(200).send({ message: 'Contact is already subscribed to the topic.' });
    });

    app.delete<PairParams>('/audience/contacts/:contactId/topics/:topicId', { config: { scope: 'audience:write' } }, async (request, reply) => {
      const teamId = request.auth!.teamId;
      const { contact, topic } = await pair(teamId, request.params);
      await setTopicChoice(db, teamId, contact.id, topic, false, ctx.clock.now());
      return reply.code(204).send();
    });
  };
}
