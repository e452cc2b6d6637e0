// A small first-run page at `/` until the web UI lands: it shows the setup form while setup is open.
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

const STYLE = `
body{font:16px system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;color:#1f2933}
h1{font-size:1.5rem}label{display:block;margin:.75rem 0 .25rem}input{width:100%;padding:.5rem;box-sizing:border-box}
button{margin-top:1rem;padding:.5rem 1rem}.error{color:#b00020}.ok{color:#0a7d32}
`;

// Text goes in through textContent only: the answer echoes what was typed.
const SCRIPT = `
const status = document.getElementById('status'), form = document.getElementById('setup');
fetch('/api/setup').then(r => r.json()).then(s => {
  if (s.firstRun) { status.textContent = ''; form.hidden = false; }
  else status.textContent = 'Gatehouse is set up. Sign in through the API or the pocketbase SDK.';
});
form.addEventListener('submit', async (e) => {
  e.preventDefault();
  // By id: a bare \`name\` is window.name, not the input.
  const field = (id) => document.getElementById(id).value;
  const body = { name: field('name'), email: field('email'), password: field('password') };
  const r = await fetch('/api/setup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const j = await r.json();
  if (r.ok) {
    form.hidden = true;
    const done = document.createElement('p');
    done.className = 'ok';
    done.textContent = 'Done. ' + j.user.email + ' is now an admin user and a superuser.';
    status.replaceChildren(done);
  }
  else document.getElementById('error').textContent = j.message + ' ' + Object.entries(j.data || {}).map(([k, v]) => k + ': ' + v.message).join(' ');
});
`;

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Gatehouse</title>
<style>${STYLE}</style></head><body>
<h1>Gatehouse</h1>
<div id="status">Loading…</div>
<form id="setup" hidden>
<p>Create the first account. It becomes an <b>admin</b> user of the hub and a superuser of the console (two separate accounts with the same email and password).</p>
<label for="name">Name</label><input id="name" autocomplete="name">
<label for="email">Email</label><input id="email" type="email" required autocomplete="email">
<label for="password">Password (at least 8 characters)</label><input id="password" type="password" required minlength="8" autocomplete="new-password">
<button type="submit">Create account</button>
<p id="error" class="error" role="alert"></p>
</form>
<script>${SCRIPT}</script></body></html>`;

const sha256 = (text: string) =>
  `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** What the page uses and nothing more: its own inline script and style, and fetch to the API. */
const POLICY = [
  "default-src 'none'",
  `script-src ${sha256(SCRIPT)}`,
  `style-src ${sha256(STYLE)}`,
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function staticUiRoutes(app: FastifyInstance): void {
  app.get('/', async (_request, reply) =>
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', POLICY)
      .send(PAGE),
  );
}
