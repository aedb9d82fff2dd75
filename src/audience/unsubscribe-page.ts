// The hosted preferences page behind every unsubscribe link (pure HTML; no scripts, no external resources, no
// sign-in). The page's form posts back to the same signed URL.
const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

export interface PageTopic { id: string; name: string; description: string | null; subscribed: boolean }

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}
h1{font-size:1.4rem}fieldset{border:1px solid #ccc;border-radius:6px;margin:1rem 0;padding:.5rem 1rem}
label{display:block;margin:.4rem 0}button{font:inherit;padding:.5rem 1rem;border-radius:6px;border:1px solid #333;background:#fff;cursor:pointer;margin:.25rem .5rem .25rem 0}
button.primary{background:#1a1a1a;color:#fff}.muted{color:#555;font-size:.9rem}</style></head>
<body>${body}</body></html>`;
}

export function preferencesPage(email: string, topics: PageTopic[]): string {
  const topicForm = topics.length === 0 ? '' : `
<form method="post"><input type="hidden" name="choice" value="topics">
<fieldset><legend>Choose what you receive</legend>
${topics.map((t) => `<label><input type="checkbox" name="topic" value="${esc(t.id)}"${t.subscribed ? ' checked' : ''}> ${esc(t.name)}${t.description ? ` <span class="muted">— ${esc(t.description)}</span>` : ''}</label>`).join('\n')}
</fieldset><p class="muted">Unticked topics stop; ticked ones continue.</p><button type="submit">Save preferences</button></form>`;
  return layout('Email preferences', `<h1>Email preferences</h1>
<p>For <strong>${esc(email)}</strong>.</p>
<form method="post"><input type="hidden" name="choice" value="all">
<button class="primary" type="submit">Unsubscribe from all marketing email</button></form>${topicForm}
<p class="muted">Messages you need about your account or orders may still arrive.</p>`);
}

export function donePage(all: boolean): string {
  return layout('Preferences saved', all
    ? '<h1>You are unsubscribed</h1><p>You will not receive marketing email from this sender any more.</p>'
    : '<h1>Preferences saved</h1><p>Your topic choices are saved.</p>');
}

export function invalidLinkPage(reason: 'invalid' | 'expired'): string {
  return layout('Link not valid', reason === 'expired'
    ? '<h1>This link has expired</h1><p>Use the unsubscribe link in a more recent email from this sender.</p>'
    : '<h1>This link is not valid</h1><p>It may be incomplete. Copy the whole link from the email, or use the link in a more recent message.</p>');
}
