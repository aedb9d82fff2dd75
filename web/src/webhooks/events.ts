// The subscribable event types (spec §6.2), by category, for the picker.
export const EVENT_GROUPS: Array<{ label: string; types: string[] }> = [
  { label: 'Message', types: ['injection', 'delivery', 'bounce', 'delay', 'out_of_band', 'spam_complaint', 'policy_rejection'].map((t) => `message.${t}`) },
  { label: 'Engagement', types: ['open', 'initial_open', 'click', 'amp_open', 'amp_initial_open', 'amp_click'].map((t) => `engagement.${t}`) },
  { label: 'Generation', types: ['generation_failure', 'generation_rejection'].map((t) => `generation.${t}`) },
  { label: 'Unsubscribe', types: ['list_unsubscribe', 'link_unsubscribe'].map((t) => `unsubscribe.${t}`) },
  { label: 'Relay', types: ['relay_injection', 'relay_delivery', 'relay_rejection', 'relay_tempfail', 'relay_permfail'].map((t) => `relay.${t}`) },
];
export const ALL_EVENT_TYPES = EVENT_GROUPS.flatMap((g) => g.types);
