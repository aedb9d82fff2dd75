// The invitation email: plain text and a small HTML part. Names are the inviter's and the team's own words, so the
// HTML part escapes them.
import type { SystemMessage } from '../system-mail.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function invitationEmail(i: { to: string; teamName: string; inviterName: string; role: string; link: string; expiresAt: number }): SystemMessage {
  const until = new Date(i.expiresAt).toUTCString();
  const subject = `${i.inviterName} invited you to ${i.teamName} on Lettr`.replace(/[\r\n]+/g, ' ').slice(0, 200);
  const text = [
    `${i.inviterName} invited you to join the team "${i.teamName}" on Lettr as ${i.role === 'admin' ? 'an admin' : 'a member'}.`,
    '',
    `Accept or decline: ${i.link}`,
    '',
    `The invitation works once and expires on ${until}. If you did not expect it, ignore this email.`,
  ].join('\n');
  const html = `<p>${escape(i.inviterName)} invited you to join the team <strong>${escape(i.teamName)}</strong> on Lettr as ${i.role === 'admin' ? 'an admin' : 'a member'}.</p>`
    + `<p><a href="${escape(i.link)}">Accept or decline the invitation</a></p>`
    + `<p>The invitation works once and expires on ${escape(until)}. If you did not expect it, ignore this email.</p>`;
  return { to: i.to, subject, text, html };
}
