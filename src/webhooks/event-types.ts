// The webhook event vocabulary (spec §6.2, §6.6): 22 subscribable types in five categories, the SparkPost class key
// each category travels under, and input normalisation. The contract's enum makes `engagement.*` canonical; the learn
// pages' `engagament.*` spelling and bare short names (`delivery`) are accepted and normalised (ambiguity A6).

export const CATEGORIES = {
  message: { classKey: 'message_event', types: ['injection', 'delivery', 'bounce', 'delay', 'out_of_band', 'spam_complaint', 'policy_rejection'] },
  engagement: { classKey: 'track_event', types: ['open', 'initial_open', 'click', 'amp_open', 'amp_initial_open', 'amp_click'] },
  generation: { classKey: 'gen_event', types: ['generation_failure', 'generation_rejection'] },
  unsubscribe: { classKey: 'unsubscribe_event', types: ['list_unsubscribe', 'link_unsubscribe'] },
  relay: { classKey: 'relay_event', types: ['relay_injection', 'relay_delivery', 'relay_rejection', 'relay_tempfail', 'relay_permfail'] },
} as const;

export type Category = keyof typeof CATEGORIES;

/** Canonical subscription name, e.g. `message.delivery`, `engagement.open`. */
export type WebhookEventType = string;

const CATEGORY_OF = new Map<string, Category>();
for (const [category, { types }] of Object.entries(CATEGORIES) as [Category, { types: readonly string[] }][]) {
  for (const t of types) CATEGORY_OF.set(t, category);
}

/** Every canonical subscription name, in the contract's category order. */
export const WEBHOOK_EVENT_TYPES: readonly WebhookEventType[] = [...CATEGORY_OF].map(([t, c]) => `${c}.${t}`);

/** Category of an event row's short type (`delivery` → `message`), or null for a type no webhook knows. */
export function categoryOf(shortType: string): Category | null {
  return CATEGORY_OF.get(shortType) ?? null;
}

/** `delivery` → `message.delivery`; null when the event type is unknown. */
export function canonicalType(shortType: string): WebhookEventType | null {
  const c = categoryOf(shortType);
  return c ? `${c}.${shortType}` : null;
}

/** The SparkPost class key an event travels under (`message_event`, `track_event`, …). */
export function classKeyOf(shortType: string): string | null {
  const c = categoryOf(shortType);
  return c ? CATEGORIES[c].classKey : null;
}

/**
 * Normalise one requested subscription name. Accepts `engagement.open`, `engagament.open` and `open`;
 * a prefix must match the type's own category (`message.open` is refused). Null when not a known type.
 */
export function normaliseEventType(input: string): WebhookEventType | null {
  const raw = input.trim();
  const dot = raw.indexOf('.');
  if (dot === -1) return canonicalType(raw);
  let prefix = raw.slice(0, dot);
  const short = raw.slice(dot + 1);
  if (prefix === 'engagament') prefix = 'engagement';
  return categoryOf(short) === prefix ? `${prefix}.${short}` : null;
}

/** Does a webhook subscribed to `eventTypes` (null = all, including types added later) want this event? */
export function wants(eventTypes: readonly WebhookEventType[] | null, shortType: string): boolean {
  if (eventTypes === null) return categoryOf(shortType) !== null;
  const canonical = canonicalType(shortType);
  return canonical !== null && eventTypes.includes(canonical);
}
