// Serves the built web UI (dist/ui): the hub at /, the console at /_/, hashed assets cached for a
// year, an SPA fallback for page addresses, and never HTML for /api/* or a missing file.
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * What the UI's pages use and nothing more: scripts and styles from this origin, plus inline styles
 * (Mantine injects <style> elements and style attributes), images from this origin or data: URLs,
 * and the API on this origin. No upgrade-insecure-requests: plain-http LAN access must keep working.
 */
export const UI_PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** dist/ui beside the compiled server (dist/http → dist/ui), or the built one when run from src/. */
export function defaultUiDir(): string {
  const here = import.meta.dirname;
  const beside = path.resolve(here, '..', 'ui');
  return fs.existsSync(path.join(beside, 'index.html'))
    ? beside
    : path.resolve(here, '..', '..', 'dist', 'ui');
}

function notFound(reply: FastifyReply): FastifyReply {
  reply.callNotFound();
  return reply;
}

export function staticUiRoutes(app: FastifyInstance, uiDir: string = defaultUiDir()): void {
  void app.register(fastifyStatic, {
    root: uiDir,
    // Files are looked up per request (a rebuild needs no restart); routes are ours, below.
    serve: false,
    dotfiles: 'ignore',
    index: false,
    // v10 passes the Fastify reply. Hashed names change with their content; pages must revalidate.
    setHeaders(reply, filePath) {
      const asset = filePath.startsWith(path.join(uiDir, 'assets') + path.sep);
      reply.header('cache-control', asset ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });

  const page = (reply: FastifyReply, file: string) =>
    reply.header('content-security-policy', UI_PAGE_POLICY).sendFile(file);

  app.get('/_', (_request, reply) => reply.redirect('/_/', 301));
  app.get('/_/', (_request, reply) => page(reply, '_/index.html'));
  app.get('/', (_request, reply) => page(reply, 'index.html'));
  app.get('/*', (request, reply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    // The API's own 404, JSON: a client asking the API never gets a page.
    if (pathname.startsWith('/api/') || pathname === '/api') return notFound(reply);
    // A file (has an extension): the file itself, or the JSON 404, never a page (a stale page
    // asking for an old asset after a redeploy must see the error, not HTML as JavaScript).
    // Extensions are short (.js, .woff2, .webmanifest); a page address may end in a dot and a
    // longer word: an invitation link's token is `<user id>.<43 base64url characters>`.
    if (/\.[a-z0-9]{1,12}$/i.test(pathname)) return reply.sendFile(pathname.slice(1));
    // A page address: the app that owns it routes it in the browser.
    return page(reply, pathname.startsWith('/_/') ? '_/index.html' : 'index.html');
  });
}
