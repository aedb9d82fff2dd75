// The peer: a private Postfix instance the bench configures in a temporary directory (its own main.cf, master.cf,
// queue and log), listening on 127.0.0.1 only, relaying everything to the bench's sink. The system instance on port
// 25 is never touched. Messages are injected with Postfix's own smtp-source.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const POSTFIX = '/usr/sbin/postfix';
const POSTCONF = '/usr/sbin/postconf';
const SMTP_SOURCE = '/usr/sbin/smtp-source';

export function postfixAvailable(): boolean {
  return [POSTFIX, POSTCONF, SMTP_SOURCE].every((f) => fs.existsSync(f)) && process.getuid?.() === 0;
}

export function whyNoPostfix(): string {
  if (![POSTFIX, POSTCONF, SMTP_SOURCE].every((f) => fs.existsSync(f))) return 'Postfix (postfix, smtp-source) is not installed';
  return 'starting a private Postfix instance needs root';
}

export interface PostfixPeer {
  port: number;
  dir: string;
  /** Runs smtp-source: `count` messages from `messageFile` over `sessions` parallel connections. Resolves when all are accepted. */
  inject(messageFile: string, count: number, sessions: number): Promise<void>;
  stop(): Promise<void>;
}

// chroot off (column 5): the private queue directory has none of the files a chroot jail needs.
const MASTER_CF = (port: number) => `
127.0.0.1:${port} inet n - n - - smtpd
pickup    unix  n - n 60 1 pickup
cleanup   unix  n - n - 0 cleanup
qmgr      unix  n - n 300 1 qmgr
rewrite   unix  - - n - - trivial-rewrite
bounce    unix  - - n - 0 bounce
defer     unix  - - n - 0 bounce
trace     unix  - - n - 0 bounce
verify    unix  - - n - 1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n - - proxymap
smtp      unix  - - n - - smtp
relay     unix  - - n - - smtp
showq     unix  n - n - - showq
error     unix  - - n - - error
retry     unix  - - n - - error
discard   unix  - - n - - discard
local     unix  - n n - - local
anvil     unix  - - n - 1 anvil
scache    unix  - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
`;

async function defaults(): Promise<Record<string, string>> {
  const { stdout } = await run(POSTCONF, ['-d', 'daemon_directory', 'shlib_directory', 'meta_directory', 'command_directory']);
  return Object.fromEntries(stdout.trim().split('\n').map((l) => l.split(' = ') as [string, string]));
}

export async function startPostfix(sinkPort: number): Promise<PostfixPeer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lettr-bench-postfix-'));
  // Postfix's daemons run as the postfix user and must traverse to their queue.
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const d = await defaults();
  const main = {
    compatibility_level: '3.6',
    config_directory: dir,
    queue_directory: path.join(dir, 'queue'),
    data_directory: path.join(dir, 'data'),
    daemon_directory: d.daemon_directory!,
    shlib_directory: d.shlib_directory!,
    meta_directory: d.meta_directory!,
    command_directory: d.command_directory!,
    mail_owner: 'postfix',
    setgid_group: 'postdrop',
    myhostname: 'postfix-peer.bench.test',
    mydomain: 'bench.test',
    mydestination: '',
    inet_interfaces: '127.0.0.1',
    inet_protocols: 'ipv4',
    mynetworks: '127.0.0.0/8',
    relayhost: `[127.0.0.1]:${sinkPort}`,
    smtpd_relay_restrictions: 'permit_mynetworks, reject',
    smtp_dns_support_level: 'disabled',
    alias_maps: '',
    alias_database: '',
    local_recipient_maps: '',
    biff: 'no',
    maillog_file: path.join(dir, 'postfix.log'),
    maillog_file_prefixes: dir,
    // The sink is on loopback: no reason for the default 10 s back-off between connection attempts after a hiccup.
    smtp_connect_timeout: '10s',
  };
  fs.mkdirSync(main.queue_directory, { mode: 0o755 });
  fs.mkdirSync(main.data_directory, { mode: 0o700 });
  const { stdout: ids } = await run('id', ['-u', 'postfix']);
  const { stdout: gids } = await run('id', ['-g', 'postfix']);
  fs.chownSync(main.data_directory, Number(ids), Number(gids));
  fs.writeFileSync(path.join(dir, 'main.cf'), Object.entries(main).map(([k, v]) => `${k} = ${v}`).join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'master.cf'), MASTER_CF(port));
  await run(POSTFIX, ['-c', dir, 'start']);
  await waitForPort(port, 20_000);
  return {
    port, dir,
    inject: (messageFile, count, sessions) =>
      new Promise((resolve, reject) => {
        // -d: keep each session's connection for the next message; -F: the exact message file (LF lines).
        const args = ['-d', '-s', String(sessions), '-m', String(count), '-F', messageFile,
          '-f', 'orders@bench.lettr.test', '-t', 'customer@sink.bench.test', '-M', 'bench.test', `127.0.0.1:${port}`];
        const child = spawn(SMTP_SOURCE, args, { stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        child.stderr.on('data', (b) => (err += b));
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`smtp-source exited ${code}: ${err}`))));
      }),
    async stop() {
      try {
        await run(POSTFIX, ['-c', dir, 'abort']);
      } catch {
        // already stopped
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1');
      c.once('connect', () => { c.destroy(); resolve(true); });
      c.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`Postfix did not listen on 127.0.0.1:${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
