// mailbox_provider / mailbox_provider_region of an event (contract CommonEventProperties; both required strings).
// Decided from the recipient domain alone: an MX-based guess would need DNS at accept time, and the consumer-mail
// domains below cover most recipients. Business domains hosted by Google or Microsoft show as "Other".

const PROVIDERS: Array<[string, RegExp]> = [
  ['Gmail', /^(gmail\.com|googlemail\.com)$/],
  ['Yahoo', /^(yahoo\.[a-z.]+|ymail\.com|rocketmail\.com)$/],
  ['Hotmail', /^(hotmail\.[a-z.]+|outlook\.[a-z.]+|live\.[a-z.]+|msn\.com|passport\.com)$/],
  ['AOL', /^(aol\.[a-z.]+|aim\.com)$/],
  ['Apple', /^(icloud\.com|me\.com|mac\.com)$/],
  ['Comcast', /^comcast\.net$/],
  ['GMX', /^gmx\.[a-z.]+$/],
  ['Web.de', /^web\.de$/],
  ['Yandex', /^(yandex\.[a-z.]+|ya\.ru)$/],
  ['Mail.ru', /^(mail\.ru|inbox\.ru|list\.ru|bk\.ru)$/],
  ['Zoho', /^zoho(mail)?\.[a-z.]+$/],
  ['Proton', /^(proton\.me|protonmail\.[a-z.]+|pm\.me)$/],
];

export function mailboxProvider(recipientDomain: string): string {
  const domain = recipientDomain.toLowerCase();
  for (const [name, pattern] of PROVIDERS) if (pattern.test(domain)) return name;
  return 'Other';
}

/** We have no regional routing data; the contract's sample value. */
export const MAILBOX_PROVIDER_REGION = 'Global';
