// The bench email as a MIME message (nodemailer's composer), for the Postfix peer when no Lettr-composed sample from
// the sink is at hand.
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { BenchEmail } from './message.js';

export function composeSample(e: BenchEmail): Promise<Buffer> {
  const mail = new MailComposer({
    from: { name: e.from_name, address: e.from }, to: e.to, subject: e.subject, html: e.html, text: e.text,
    headers: e.headers,
  });
  return new Promise((resolve, reject) => mail.compile().build((err, buf) => (err ? reject(err) : resolve(buf))));
}
