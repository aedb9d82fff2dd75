// lettr domain add|list|show|verify|rotate-dkim|remove|approve|block DOMAIN --team ID [--json]
import {
  addDomainWithRecords, describeDomain, INVALID_DOMAIN_MESSAGE, isValidDomainName, listDomainViews, normaliseDomain, removeDomain,
  rotateDomainKeys, setDomainApproval, verifyDomainByName, type DnsRecordToPublish,
} from '../domains/index.js';
import { ApiError } from '../http/errors.js';
import { cliOrigin, teamOf, withContext } from './context.js';
import { UsageError, type Io, type Parsed } from './io.js';

export async function domainCommand(sub: string | undefined, { flags, positionals }: Parsed, io: Io): Promise<void> {
  const name = sub === 'list' ? '' : domainArgument(positionals[0]);
  await withContext(async (ctx) => {
    const teamId = await teamOf(ctx.db.kysely, flags);
    const missing = () => new UsageError(`DOMAIN ${name}: not found in team ${teamId} (lettr domain list shows the team's domains)`);
    switch (sub) {
      case 'list': {
        const domains = await listDomainViews(ctx.db.kysely, teamId);
        io.out({ domains }, domains.map((d) => `${d.domain}\t${d.status}\tcan_send=${d.can_send}\tdkim=${d.dkim_status ?? '-'}\tcname=${d.cname_status ?? '-'}`).join('\n') || 'No domains.');
        return;
      }
      case 'add': {
        const added = await addDomainWithRecords(ctx, teamId, name, cliOrigin).catch(asUsage);
        io.out(added, `Added ${added.domain} (${added.status_label}). Publish these DNS records:\n${formatRecords(added.records)}`);
        return;
      }
      case 'show': {
        const d = await describeDomain(ctx, teamId, name);
        if (!d) throw missing();
        io.out(d, `${d.domain}\t${d.status_label}\tcan_send=${d.can_send}\tdkim=${d.dkim_status ?? '-'} cname=${d.cname_status ?? '-'} spf=${d.spf_status ?? '-'} dmarc=${d.dmarc_status ?? '-'}\n${formatRecords(d.records)}`);
        return;
      }
      case 'verify': {
        const v = await verifyDomainByName(ctx, teamId, name, cliOrigin);
        if (!v) throw missing();
        const line = (label: string, status: string, error: string | null) => `  ${label.padEnd(6)} ${status}${error ? `  (${error})` : ''}`;
        io.out(v, [`${v.domain}:`, line('DKIM', v.dkim_status, v.dns.dkim_error), line('CNAME', v.cname_status, v.dns.cname_error),
          line('SPF', v.spf_status, v.dns.spf_error), line('DMARC', v.dmarc_status, v.dns.dmarc_error)].join('\n'));
        return;
      }
      case 'rotate-dkim': {
        const d = await rotateDomainKeys(ctx, teamId, name, cliOrigin);
        if (!d) throw missing();
        io.out(d, `New DKIM keys for ${d.domain}: publish them beside the current ones; they take over once they verify.\n${formatRecords(d.records)}`);
        return;
      }
      case 'remove':
        if (!(await removeDomain(ctx, teamId, name, cliOrigin))) throw missing();
        io.out({ domain: name, removed: true }, `Removed ${name}; sending from it has stopped.`);
        return;
      default: {
        const view = await setDomainApproval(ctx, teamId, name, sub === 'approve' ? 'approved' : 'blocked', cliOrigin);
        if (!view) throw missing();
        io.out(view, `${view.domain}: ${view.status_label} (can_send=${view.can_send}).`);
      }
    }
  });
}

function domainArgument(value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new UsageError('the DOMAIN argument is required');
  if (!isValidDomainName(value)) throw new UsageError(`"${value}": ${INVALID_DOMAIN_MESSAGE}`);
  return normaliseDomain(value);
}

function formatRecords(records: DnsRecordToPublish[]): string {
  return records.map((r) => `  ${r.type.padEnd(5)} ${r.name}\n        ${r.value}\n        ${r.note}`).join('\n');
}

// A refusal the API answers with 409 is a usage error on the command line, not a crash with a stack trace.
function asUsage(err: unknown): never {
  if (err instanceof ApiError) throw new UsageError(err.message);
  throw err;
}
