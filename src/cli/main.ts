// `lettr <group> <command> [args] [flags]`: the command tree (one place for every group, command, argument and flag),
// parsed by commander — help for every group and command, --version, suggestions for typos — and dispatched to thin
// handlers that call a capability. Exit codes: 0 done, 1 failed (e.g. the database is unreachable), 2 usage (a bad or
// missing flag, argument or LETTR_* variable; the message names it).
import { Command, CommanderError, Option } from 'commander';
import { ConfigError } from '../config/index.js';
import { packageVersion } from '../http/package-root.js';
import { StorageError } from '../db/storage-error.js';
import { makeIo, UsageError, type Flags, type Io, type Parsed } from './io.js';

type Handler = (sub: string | undefined, args: Parsed, io: Io) => Promise<void>;

// Each group's module is imported when its command runs, so `lettr key list` does not load the HTTP server and every
// capability (a CLI call used to spend most of its second in imports it never used).
const lazy = <M>(load: () => Promise<M>, pick: (m: M) => Handler): Handler => async (...a) => pick(await load())(...a);

interface Leaf {
  /** Positional arguments in commander syntax: `<domain>`, `[file]`. */
  args?: string[];
  summary: string;
  /** `[flags, description, required?]`; --json is added to every command. */
  options?: Array<[string, string, boolean?]>;
}

interface Group {
  summary: string;
  handler: Handler;
  /** Subcommands; a group without them is a command itself (`start`, `migrate`, `backup`). */
  commands?: Record<string, Leaf>;
  leaf?: Leaf;
}

const TEAM: [string, string] = ['--team <id>', 'team id (optional when there is exactly one team)'];
const DOMAIN_ARG = ['<domain>'];
const CAMPAIGN_FIELDS: Array<[string, string]> = [['--name <name>', 'campaign name'], ['--from <email>', 'sender address'], ['--from-name <name>', 'sender name'],
  ['--reply-to <email>', 'reply-to address'], ['--subject <text>', 'subject line'], ['--html <html>', 'HTML body (or --template)'],
  ['--template <slug>', 'template slug (or --html)'], ['--template-version <n>', 'template version'], ['--list <list_id...>', 'audience list (repeatable)'],
  ['--segment <segment_id...>', 'audience segment (repeatable)'], ['--topic <topic_id>', 'topic the campaign belongs to']];

/** Every command. A capability with CLI commands adds its group here. */
export const GROUPS: Record<string, Group> = {
  start: { summary: 'run the server (embedded default: everything in one process)', handler: lazy(() => import('./start.js'), (m) => m.startCommand),
    leaf: { summary: 'run the server', options: [['--role <role>', 'api, worker or all (default): split API and workers across processes on PostgreSQL']] } },
  migrate: { summary: 'apply database migrations (creates the database if needed)', handler: lazy(() => import('./start.js'), (m) => m.migrateCommand),
    leaf: { summary: 'apply database migrations' } },
  backup: { summary: 'copy the SQLite database to a file while the server runs', handler: lazy(() => import('./backup.js'), (m) => m.backupCommand),
    leaf: { args: ['<path>'], summary: 'write a consistent copy of the SQLite database (online backup API) to PATH' } },
  team: { summary: 'teams and their request rate limits', handler: lazy(() => import('./teams.js'), (m) => m.teamCommand), commands: {
    create: { summary: 'create a team', options: [['--name <name>', 'team name', true], ['--rate-limit <n>', 'requests per second (0 = unlimited, default = server default)']] },
    list: { summary: 'teams, member counts, and the system team that sends Lettr\'s own mail' },
    'rate-limit': { summary: 'set a team\'s request rate limit', options: [TEAM, ['--per-second <n>', 'requests per second, 0 (unlimited) or "default"', true]] },
  } },
  user: { summary: 'dashboard users: add to a team, operator resets', handler: lazy(() => import('./teams.js'), (m) => m.userCommand), commands: {
    add: { summary: 'add a user to a team', options: [TEAM, ['--email <email>', 'the user\'s email', true], ['--name <name>', 'display name'], ['--role <role>', 'owner, admin or member (default)']] },
    'reset-2fa': { summary: 'turn a locked-out user\'s 2FA off (ends their sessions; audited)', options: [['--email <email>', 'the user\'s email', true]] },
    'reset-password': { summary: 'set a new random password, printed once (ends their sessions; audited)', options: [['--email <email>', 'the user\'s email', true]] },
  } },
  key: { summary: 'API keys: create, list, update, rotate, revoke', handler: lazy(() => import('./keys.js'), (m) => m.keyCommand), commands: {
    create: { summary: 'create a key (printed once)', options: [TEAM, ['--name <name>', 'key name', true], ['--permission <p>', 'full, sending or custom', true],
      ['--scopes <list>', 'comma-separated scopes (custom)'], ['--allow-ip <list>', 'comma-separated IPs/CIDRs the key works from'],
      ['--sandbox', 'a sandbox key (mail goes to its creator)'], ['--created-by <email>', 'the user the key belongs to']] },
    list: { summary: 'the team\'s keys (never the secrets)', options: [TEAM] },
    update: { summary: 'change a key\'s name, permission, scopes or IP rules', options: [['--id <id>', 'key id', true], ['--name <name>', 'key name'],
      ['--permission <p>', 'full, sending or custom'], ['--scopes <list>', 'comma-separated scopes'], ['--allow-ip <list>', 'comma-separated IPs/CIDRs']] },
    rotate: { summary: 'create a successor; the old key works for the grace period', options: [['--id <id>', 'key id', true], ['--grace <duration>', 'e.g. 1h, 24h (default LETTR_KEY_ROTATION_GRACE), 0 = now']] },
    revoke: { summary: 'revoke a key now', options: [['--id <id>', 'key id', true]] },
  } },
  secrets: { summary: 'secrets at rest', handler: lazy(() => import('./secrets.js'), (m) => m.secretsCommand), commands: {
    rotate: { summary: 're-seal secrets at rest under a new master key', options: [['--prune', 'drop old keys from the key file afterwards']] },
  } },
  audit: { summary: 'the team\'s audit trail', handler: lazy(() => import('./teams.js'), (m) => m.auditCommand), commands: {
    list: { summary: 'audit events, newest first', options: [TEAM, ['--limit <n>', 'how many (default 100)'], ['--action <name>', 'only this action']] },
  } },
  template: { summary: 'templates from files: push versions, render previews', handler: lazy(() => import('./templates.js'), (m) => m.templateCommand), commands: {
    push: { args: ['<file>'], summary: 'create the template or add a version when the content changed', options: [['--slug <slug>', 'template slug', true],
      ['--project <id>', 'project id'], TEAM, ['--name <name>', 'template name'], ['--subject <text>', 'subject line'], ['--text <file>', 'plain-text part']] },
    render: { summary: 'render a template with data, as a send would', options: [['--slug <slug>', 'template slug', true], ['--data <json>', 'substitution data'],
      ['--project <id>', 'project id'], TEAM, ['--version <n>', 'version (default: active)'], ['--to <email>', 'recipient address']] },
  } },
  domain: { summary: 'sending domains: DNS records, verification, approval', handler: lazy(() => import('./domains.js'), (m) => m.domainCommand), commands: {
    add: { args: DOMAIN_ARG, summary: 'add a domain and print the DNS records to publish', options: [TEAM] },
    list: { summary: 'the team\'s domains and their checks', options: [TEAM] },
    show: { args: DOMAIN_ARG, summary: 'a domain, its status and DNS records', options: [TEAM] },
    verify: { args: DOMAIN_ARG, summary: 'check DKIM, CNAME, SPF and DMARC in DNS now', options: [TEAM] },
    'rotate-dkim': { args: DOMAIN_ARG, summary: 'new DKIM keys, published beside the current ones', options: [TEAM] },
    remove: { args: DOMAIN_ARG, summary: 'remove a domain (sending from it stops)', options: [TEAM] },
    approve: { args: DOMAIN_ARG, summary: 'approve a domain held for review', options: [TEAM] },
    block: { args: DOMAIN_ARG, summary: 'block a domain from sending', options: [TEAM] },
  } },
  campaign: { summary: 'campaigns: create, edit and list (send through the API)', handler: lazy(() => import('./campaigns.js'), (m) => m.campaignCommand), commands: {
    create: { summary: 'create a draft campaign', options: [TEAM, ...CAMPAIGN_FIELDS] },
    update: { summary: 'change a campaign\'s fields', options: [TEAM, ['--id <campaign_id>', 'campaign id', true], ...CAMPAIGN_FIELDS] },
    list: { summary: 'the team\'s campaigns', options: [TEAM] },
  } },
  suppression: { summary: 'the team\'s suppression list', handler: lazy(() => import('./suppression.js'), (m) => m.suppressionCommand), commands: {
    list: { summary: 'suppressed addresses', options: [TEAM] },
    add: { summary: 'suppress an address', options: [TEAM, ['--email <email>', 'the address', true], ['--reason <reason>', 'manual (default), unsubscribe, hard_bounce or spam_complaint'], ['--marketing-only', 'suppress marketing mail only']] },
    remove: { summary: 'take an address off the list', options: [TEAM, ['--email <email>', 'the address', true]] },
  } },
  mailbox: { summary: 'the built-in local mailbox (LETTR_DELIVERY=local)', handler: lazy(() => import('../mailbox/cli.js'), (m) => m.mailboxCommand), commands: {
    list: { summary: 'messages in the local mailbox, newest first', options: [['--team <id>', 'only this team\'s mail'], ['--recipient <email>', 'only mail to this address'], ['--limit <n>', 'how many (default 50)']] },
  } },
};

const FOOTER = `
Every command accepts --json and then prints exactly one JSON object.
Configuration comes from LETTR_* environment variables (see README); the CLI reads the same database as the server.
Exit codes: 0 done, 1 failed, 2 usage error (the message names the flag, argument or variable).`;

/** Commander's parsed options with the flag names handlers use (`allow-ip`, not `allowIp`). */
function flagsOf(cmd: Command): Flags {
  const values = cmd.opts();
  const flags: Flags = {};
  for (const o of cmd.options as Option[]) {
    const v = values[o.attributeName()];
    if (v !== undefined) flags[o.long!.slice(2)] = v as string | boolean | string[];
  }
  return flags;
}

function defineLeaf(cmd: Command, leaf: Leaf, run: (cmd: Command) => Promise<void>): void {
  cmd.description(leaf.summary);
  for (const a of leaf.args ?? []) cmd.argument(a);
  for (const [flags, description, required] of leaf.options ?? []) (required ? cmd.requiredOption(flags, description) : cmd.option(flags, description));
  cmd.option('--json', 'print one JSON object');
  cmd.action(async (...params: unknown[]) => run(params[params.length - 1] as Command));
}

export function buildProgram(io: { failure?: unknown } = {}): Command {
  const program = new Command('lettr')
    .description('Lettr — self-hostable email platform')
    .version(packageVersion(), '-v, --version', 'print the version')
    // Program options only before the group: `template render --version 2` is the template's version, not ours.
    .enablePositionalOptions()
    .showSuggestionAfterError()
    .addHelpText('after', FOOTER)
    .exitOverride();
  for (const [name, group] of Object.entries(GROUPS)) {
    const cmd = program.command(name).summary(group.summary).description(group.summary).addHelpText('after', FOOTER);
    const run = (sub: string | undefined) => async (leafCmd: Command) => {
      const flags = flagsOf(leafCmd);
      try {
        await group.handler(sub, { flags, positionals: leafCmd.args }, makeIo(flags.json === true));
      } catch (err) {
        io.failure = err;
        throw err;
      }
    };
    if (group.leaf) defineLeaf(cmd, group.leaf, run(undefined));
    for (const [subName, leaf] of Object.entries(group.commands ?? {})) defineLeaf(cmd.command(subName), leaf, run(subName));
  }
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const state: { failure?: unknown } = {};
  const program = buildProgram(state);
  if (argv.length === 0) {
    process.stderr.write(`${program.helpInformation()}${FOOTER}\n`);
    return 2;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError && state.failure === undefined) {
      // Help and --version asked for are successes; help shown for a group without its command is a usage error.
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
      if (json) process.stdout.write(JSON.stringify({ error: err.message.replace(/^error: /, '') }) + '\n');
      return 2;
    }
    const usage = err instanceof UsageError || err instanceof ConfigError;
    const expected = usage || err instanceof StorageError;
    const message = err instanceof Error ? err.message : String(err);
    if (json) process.stdout.write(JSON.stringify({ error: message }) + '\n');
    else process.stderr.write(`lettr: ${message}\n`);
    if (!expected) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    return usage ? 2 : 1;
  }
}
