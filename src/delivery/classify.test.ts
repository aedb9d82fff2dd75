import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isHardBounce } from './bounce-classes.js';
import { classifyConnectionFailure, classifyReply, type SmtpPhase } from './classify.js';
import { formatReply, parseReply } from './smtp-reply.js';

// [raw reply, phase, expected bounce class]
const CASES: Array<[string, SmtpPhase | undefined, number]> = [
  // spec §11.3 code table
  ['550 5.1.1 User unknown', 'rcpt', 10],
  ['550 5.1.2 Bad destination system address', 'rcpt', 10],
  ['550 5.2.1 Mailbox disabled', 'rcpt', 10],
  ['551 5.1.6 Recipient has moved', 'rcpt', 10],
  ['553 5.1.3 Bad recipient address syntax', 'rcpt', 10],
  ['552 5.2.3 Message exceeds local size limit', 'data', 40],
  ['421 4.7.0 Try again later, closing connection', 'connect', 70],
  ['450 4.2.1 The user you are trying to contact is receiving mail too quickly', 'rcpt', 20],
  ['451 4.3.0 Mail server temporarily rejected message', 'data', 70],
  ['452 4.2.2 Mailbox over quota', 'rcpt', 22],
  ['454 4.7.0 TLS not available due to local problem', 'connect', 50],
  // Gmail
  ['550-5.1.1 The email account that you tried to reach does not exist. Please try\r\n550-5.1.1 double-checking the recipient\'s email address for typos.\r\n550 5.1.1 https://support.google.com/mail/?p=NoSuchUser', 'rcpt', 10],
  ['550 5.2.1 The email account that you tried to reach is disabled.', 'rcpt', 10],
  ['452-4.2.2 The email account that you tried to reach is over quota.', 'rcpt', 22],
  ['550-5.7.26 This mail has been blocked because the sender is unauthenticated.', 'data', 50],
  ['550-5.7.1 Our system has detected that this message is likely unsolicited mail.', 'data', 52],
  ['421-4.7.28 Our system has detected an unusual rate of unsolicited mail originating from your IP address.', 'data', 51],
  ['550-5.7.1 The message is likely suspicious due to the very low reputation of the sending domain.', 'data', 51],
  ['552-5.7.0 This message was blocked because its content presents a potential security issue.', 'data', 52],
  // Microsoft / Outlook / Microsoft 365
  ['550 5.5.0 Requested action not taken: mailbox unavailable', 'rcpt', 10],
  ['550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup', 'rcpt', 10],
  ['550 5.4.1 Recipient address rejected: Access denied. AS(201806281)', 'rcpt', 10],
  ['550 5.7.1 Unfortunately, messages from [192.0.2.1] weren\'t sent. Please contact your Internet service provider since part of their network is on our block list (S3150).', 'mail', 51],
  ['451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation.', 'data', 51],
  ['550 5.7.606 Access denied, banned sending IP [192.0.2.1].', 'mail', 50],
  ['550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.', 'mail', 50],
  // Yahoo / AOL
  ['554 delivery error: dd This user doesn\'t have a yahoo.com account (x@yahoo.com) [0]', 'data', 10],
  ['552 1 Requested mail action aborted, mailbox not found', 'rcpt', 10],
  ['421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints', 'mail', 51],
  ['553 5.7.2 [TSS09] All messages from 192.0.2.1 will be permanently deferred; Retrying will NOT succeed.', 'mail', 50],
  ['554 5.7.9 Message not accepted for policy reasons.', 'data', 50],
  // iCloud
  ['550 5.1.1 <x@icloud.com>: user does not exist', 'rcpt', 10],
  ['552 5.2.2 <x@icloud.com>: user is over quota', 'rcpt', 22],
  ['554 5.7.1 [CS01] Message rejected due to local policy.', 'data', 50],
  // Proofpoint / Mimecast style
  ['554 5.7.0 Blocked - see https://ipcheck.proofpoint.com/?ip=192.0.2.1', 'connect', 51],
  ['550 5.7.1 Service unavailable; client [192.0.2.1] blocked using zen.spamhaus.org', 'mail', 51],
  ['550 Invalid Recipient - https://community.mimecast.com/docs/DOC-1369#550', 'rcpt', 10],
  ['550 Administrative prohibition - envelope blocked', 'mail', 50],
  ['554 Email rejected due to security policies', 'data', 50],
  ['451 Internal resource temporarily unavailable', 'data', 70],
  ['451 4.7.1 Greylisting in action, please come back later', 'rcpt', 70],
  ['554 5.7.1 Message rejected because it contains a virus', 'data', 52],
  // relay, sender, DNS
  ['554 5.7.1 <x@example.org>: Relay access denied', 'rcpt', 100],
  ['553 5.7.1 <bounces+t@bounce.test>: Sender address rejected: not owned by user', 'mail', 25],
  ['550 5.1.8 Bad sender\'s system address', 'mail', 25],
  ['550 5.4.4 Unable to route: host not found', 'rcpt', 21],
  // a 4xx never becomes hard, however it reads
  ['450 4.1.1 <x@example.org>: Recipient address rejected: User unknown in local recipient table', 'rcpt', 20],
  ['450 4.7.1 Relay access denied', 'rcpt', 20],
  // bare codes
  ['550 Go away', 'rcpt', 10],
  ['550 Go away', 'data', 40],
  ['552 Requested mail action aborted', 'rcpt', 22],
  ['554 Transaction failed', 'data', 40],
  ['421 Closing', 'connect', 20],
];

describe('classifyReply', () => {
  for (const [raw, phase, expected] of CASES) {
    it(`${raw.split('\n')[0]?.slice(0, 90)} (${phase}) → ${expected}`, () => {
      const reply = parseReply(raw);
      assert.ok(reply, 'reply parses');
      assert.equal(classifyReply(reply, phase), expected);
    });
  }

  it('only 10, 30 and 100 are hard', () => {
    assert.deepEqual([1, 10, 20, 21, 22, 25, 30, 40, 50, 51, 52, 60, 70, 100].filter(isHardBounce), [10, 30, 100]);
  });
});

describe('parseReply', () => {
  it('joins continuation lines and keeps the first enhanced code', () => {
    assert.deepEqual(parseReply('550-5.1.1 first\r\n550 5.1.1 second'), { code: 550, enhanced: '5.1.1', text: 'first second' });
  });
  it('accepts replies without an enhanced code', () => {
    assert.deepEqual(parseReply('421 Service not available'), { code: 421, enhanced: null, text: 'Service not available' });
  });
  it('refuses garbage', () => {
    assert.equal(parseReply(''), null);
    assert.equal(parseReply('hello'), null);
    assert.equal(parseReply('999 what'), null);
  });
  it('formats back to one line', () => {
    const reply = parseReply('550-5.1.1 first\r\n550 5.1.1 second');
    assert.ok(reply);
    assert.equal(formatReply(reply), '550 5.1.1 first second');
  });
});

describe('classifyConnectionFailure', () => {
  it('maps DNS and network failures', () => {
    assert.equal(classifyConnectionFailure('null_mx'), 10);
    assert.equal(classifyConnectionFailure('nxdomain'), 21);
    assert.equal(classifyConnectionFailure('dns_temporary'), 21);
    assert.equal(classifyConnectionFailure('timeout'), 70);
  });
});
