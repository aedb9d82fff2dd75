// `lettr <group> [sub] [flags]`: thin dispatch; each command parses its flags and calls a capability.
import { ConfigError } from '../config/index.js';
import { StorageError } from '../db/storage-error.js';
import { makeIo, UsageError, type Io } from './io.js';

type Command = (sub: string | undefined, argv: string[], io: Io) => Promise<void>;

/**
 * Command groups. A capability with CLI commands adds its group here. Each group's module is imported when its command
 * runs, so `lettr key list` does not load the HTTP server and every capability (a CLI call used to spend most of its
 * second in imports it never used).
 */
export const COMMANDS: Record<string, Command> = {
  start: async (sub, argv) => (await import('./start.js')).startCommand(sub ? [sub, ...argv] : argv),
  migrate: async (sub, argv, io) => (await import('./start.js')).migrateCommand(sub ? [sub, ...argv] : argv, io),
  team: async (...a) => (await import('./teams.js')).teamCommand(...a),
  user: async (...a) => (await import('./teams.js')).userCommand(...a),
  key: async (...a) => (await import('./keys.js')).keyCommand(...a),
  secrets: async (...a) => (await import('./secrets.js')).secretsCommand(...a),
  audit: async (...a) => (await import('./teams.js')).auditCommand(...a),
  template: async (...a) => (await import('./templates.js')).templateCommand(...a),
  domain: async (...a) => (await import('./domains.js')).domainCommand(...a),
  mailbox: async (...a) => (await import('../mailbox/cli.js')).mailboxCommand(...a),
  campaign: async (...a) => (await import('./campaigns.js')).campaignCommand(...a),
  suppression: async (...a) => (await import('./suppression.js')).suppressionCommand(...a),
};

const HELP = `lettr — self-hostable email platform

  lettr start [--role api|worker|all]     run the server (default: all, embedded)
  lettr migrate                           apply database migrations
  lettr team create --name NAME           create a team
  lettr team list                         teams, member counts, and the system team that sends Lettr's own mail
  lettr team rate-limit --team ID --per-second N|default
  lettr user add --team ID --email EMAIL [--role owner|admin|member]
  lettr user reset-2fa --email EMAIL      turn a locked-out user's 2FA off (ends their sessions; audited)
  lettr user reset-password --email EMAIL set a new random password, printed once (ends their sessions; audited)
  lettr key create --team ID --name NAME --permission full|sending|custom [--scopes a,b] [--allow-ip LIST] [--sandbox] [--created-by EMAIL]
  lettr key list --team ID | key update --id ID … | key rotate --id ID [--grace 24h] | key revoke --id ID
  lettr secrets rotate [--prune]          re-seal secrets at rest under a new master key
  lettr audit list --team ID              the team's audit trail
  lettr template push FILE --slug SLUG [--project ID] [--team ID] [--name NAME] [--subject TEXT] [--text FILE]
  lettr template render --slug SLUG [--data JSON] [--project ID] [--team ID] [--version N] [--to EMAIL]
  lettr domain add|show|verify|rotate-dkim|remove|approve|block DOMAIN --team ID
  lettr domain list --team ID             sending domains, their DNS records and checks
  lettr mailbox list [--team ID] [--recipient EMAIL] [--limit N]   messages in the built-in local mailbox
  lettr campaign create --team ID --name N --from EMAIL --subject S (--html H | --template SLUG) [--list ID]… [--segment ID]… [--topic ID]
  lettr campaign update --team ID --id CAMPAIGN_ID … | campaign list --team ID
  lettr suppression list|add|remove --team ID [--email EMAIL] [--reason R] [--marketing-only]
${'' /* capability commands are listed by their groups below */}
Every command accepts --json and then prints one JSON object.
Configuration comes from LETTR_* environment variables (see README).
`;

export async function main(argv: string[]): Promise<number> {
  const [group, ...rest] = argv;
  const json = rest.includes('--json');
  const io = makeIo(json);
  if (!group || group === 'help' || group === '--help' || group === '-h') {
    process.stdout.write(HELP);
    return group ? 0 : 2;
  }
  const command = COMMANDS[group];
  if (!command) {
    process.stderr.write(`unknown command "${group}"\n\n${HELP}`);
    return 2;
  }
  const sub = rest[0] && !rest[0].startsWith('-') ? rest[0] : undefined;
  try {
    await command(sub, sub ? rest.slice(1) : rest, io);
    return 0;
  } catch (err) {
    const usage = err instanceof UsageError || err instanceof ConfigError;
    const expected = usage || err instanceof StorageError;
    const message = err instanceof Error ? err.message : String(err);
    if (json) process.stdout.write(JSON.stringify({ error: message }) + '\n');
    else process.stderr.write(`lettr: ${message}\n`);
    if (!expected) process.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
    return usage ? 2 : 1;
  }
}
