// A small first-run page at `/` until the web UI lands: it shows the setup form while setup is open.
import type { FastifyInstance } from 'fastify';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Gatehouse</title>
<style>
body{font:16px system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;color:#1f2933}
h1{font-size:1.5rem}label{display:block;margin:.75rem 0 .25rem}input{width:100%;padding:.5rem;box-sizing:border-box}
button{margin-top:1rem;padding:.5rem 1rem}.error{color:#b00020}.ok{color:#0a7d32}
</style></head><body>
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
<script>
const status = document.getElementById('status'), form = document.getElementById('setup');
fetch('/api/setup').then(r => r.json()).then(s => {
  if (s.firstRun) { status.textContent = ''; form.hidden = false; }
  else status.textContent = 'Gatehouse is set up. Sign in through the API or the pocketbase SDK.';
});
form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const body = { name: name.value, email: email.value, password: password.value };
  const r = await fetch('/api/setup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const j = await r.json();
  if (r.ok) { form.hidden = true; status.innerHTML = '<p class="ok">Done. ' + j.user.email + ' is now an admin user and a superuser.</p>'; }
  else document.getElementById('error').textContent = j.message + ' ' + Object.entries(j.data || {}).map(([k, v]) => k + ': ' + v.message).join(' ');
});
</script></body></html>`;

export function staticUiRoutes(app: FastifyInstance): void {
  app.get('/', async (_request, reply) =>
    reply.header('content-type', 'text/html; charset=utf-8').send(PAGE),
  );
}
