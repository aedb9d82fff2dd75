// An SMTP reply as data: basic code (RFC 5321 §4.2), enhanced status code (RFC 3463) and the text.

export interface SmtpReply {
  code: number;
  /** `5.1.1` style enhanced status code when the server sent one (RFC 2034), else null. */
  enhanced: string | null;
  /** The reply text without codes, continuation lines joined by a space. */
  text: string;
}

const LINE = /^(\d{3})[ -]?(.*)$/;
const ENHANCED = /^([245]\.\d{1,3}\.\d{1,3})\b\s*/;

/** Parses a (possibly multi-line) reply such as `550-5.1.1 The email account...\r\n550 5.1.1 ...`. */
export function parseReply(raw: string): SmtpReply | null {
  const lines = raw.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  let code = 0;
  let enhanced: string | null = null;
  const texts: string[] = [];
  for (const line of lines) {
    const m = LINE.exec(line);
    if (!m) { texts.push(line); continue; }
    code ||= Number(m[1]);
    let rest = m[2] ?? '';
    const e = ENHANCED.exec(rest);
    if (e) { enhanced ??= e[1] ?? null; rest = rest.slice(e[0].length); }
    if (rest) texts.push(rest);
  }
  if (code < 200 || code > 599) return null;
  return { code, enhanced, text: texts.join(' ') };
}

/** `550 5.1.1 User unknown`: the one-line form stored in `raw_reason` and `last_reply`. */
export function formatReply(reply: SmtpReply): string {
  return [String(reply.code), reply.enhanced, reply.text].filter(Boolean).join(' ');
}
