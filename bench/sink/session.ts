// One SMTP server session of the bench sink as a pure state machine: bytes in → replies, completed messages and a
// quit flag out, no socket in sight. Accepts everything (it measures the sender, not itself), speaks PIPELINING
// (RFC 2920) so a client may batch MAIL/RCPT/DATA, and finds the end of DATA (RFC 5321 §4.1.1.4: CRLF "." CRLF)
// without copying the message more than once.

const CRLF = Buffer.from('\r\n');
const END_OF_DATA = Buffer.from('\r\n.\r\n');

export const GREETING = '220 sink.bench.test ESMTP bench sink\r\n';
const EHLO_REPLY = '250-sink.bench.test\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250-ENHANCEDSTATUSCODES\r\n250 SIZE 52428800\r\n';

export interface Fed {
  replies: string;
  messages: Buffer[];
  quit: boolean;
}

export class SinkSession {
  private mode: 'command' | 'data' = 'command';
  private pending: Buffer = Buffer.alloc(0);
  private chunks: Buffer[] = [];
  private dataLength = 0;
  private tail: Buffer = Buffer.alloc(0);
  private queued = 0;

  feed(input: Buffer): Fed {
    const out: Fed = { replies: '', messages: [], quit: false };
    let buf = this.pending.length ? Buffer.concat([this.pending, input]) : input;
    this.pending = Buffer.alloc(0);
    while (buf.length && !out.quit) {
      if (this.mode === 'data') {
        buf = this.takeData(buf, out);
        continue;
      }
      const eol = buf.indexOf(CRLF);
      if (eol < 0) {
        this.pending = Buffer.from(buf);
        break;
      }
      this.command(buf.toString('latin1', 0, eol), out);
      buf = buf.subarray(eol + 2);
    }
    return out;
  }

  private command(line: string, out: Fed): void {
    const verb = line.slice(0, 4).toUpperCase();
    switch (verb) {
      case 'EHLO': out.replies += EHLO_REPLY; return;
      case 'HELO': out.replies += '250 sink.bench.test\r\n'; return;
      case 'MAIL': case 'RCPT': case 'RSET': case 'NOOP': out.replies += '250 2.0.0 Ok\r\n'; return;
      case 'DATA':
        this.mode = 'data';
        // The CRLF that ended the DATA line counts as the first CRLF of the terminator: an empty message is ".\r\n".
        this.chunks = [CRLF];
        this.dataLength = CRLF.length;
        this.tail = CRLF;
        out.replies += '354 End data with <CR><LF>.<CR><LF>\r\n';
        return;
      case 'QUIT': out.replies += '221 2.0.0 Bye\r\n'; out.quit = true; return;
      default: out.replies += '502 5.5.2 Command not recognized\r\n';
    }
  }

  /** Consumes message bytes; returns what follows the terminator (pipelined commands), or an empty buffer. */
  private takeData(buf: Buffer, out: Fed): Buffer {
    // Search the new bytes plus the last four bytes seen: the terminator may straddle chunks.
    const window = Buffer.concat([this.tail, buf]);
    const at = window.indexOf(END_OF_DATA);
    if (at < 0) {
      this.chunks.push(buf);
      this.dataLength += buf.length;
      this.tail = window.subarray(Math.max(0, window.length - 4));
      return Buffer.alloc(0);
    }
    // Absolute offset of the terminator in everything received since DATA (the synthetic CRLF included).
    const start = this.dataLength - this.tail.length + at;
    const all = Buffer.concat([...this.chunks, buf]);
    out.messages.push(all.subarray(CRLF.length, Math.max(CRLF.length, start)));
    out.replies += `250 2.0.0 Ok: queued as ${++this.queued}\r\n`;
    this.mode = 'command';
    this.chunks = [];
    return buf.subarray(at + END_OF_DATA.length - this.tail.length);
  }
}

/** The value of a header in the message's header section (first occurrence), or null. Header names compare case-insensitively. */
export function headerValue(message: Buffer, name: string): string | null {
  const end = message.indexOf('\r\n\r\n');
  const head = message.toString('latin1', 0, end < 0 ? Math.min(message.length, 65536) : end);
  const m = new RegExp(`(?:^|\\r\\n)${name}:[ \\t]*([^\\r\\n]*)`, 'i').exec(head);
  return m ? m[1]!.trim() : null;
}
