// The audit trail as CSV (RFC 4180) for the dashboard's export. Cells that a spreadsheet would run as a formula
// (leading = + - @ tab CR) are prefixed with a quote (OWASP "CSV injection").
import type { AuditEventView } from './index.js';

const HEADER = ['id', 'created_at', 'actor_type', 'actor_id', 'action', 'target_type', 'target_id', 'ip', 'user_agent', 'details'];

function cell(value: unknown): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function auditCsv(events: AuditEventView[]): string {
  const lines = [HEADER.join(',')];
  for (const e of events) {
    lines.push([e.id, e.created_at, e.actor.type, e.actor.id, e.action, e.target?.type, e.target?.id, e.ip, e.user_agent, JSON.stringify(e.details)].map(cell).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
