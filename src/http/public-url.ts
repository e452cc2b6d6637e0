// The URL users reach Gatehouse at (`--public-url`), for absolute links such as invitations.
import type { FastifyInstance } from 'fastify';
import { configError } from '../errors.js';

/** Validates `--public-url`: http(s), no query or fragment; kept without a trailing slash. */
export function parsePublicUrl(value: string, name: string): string {
  const text = value.trim();
  if (text === '') return '';
  const url = URL.canParse(text) ? new URL(text) : null;
  if (
    !url ||
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.search !== '' ||
    url.hash !== '' ||
    url.username !== '' ||
    url.password !== ''
  ) {
    throw configError(
      `${name} must be an http(s) URL without query or fragment (e.g. https://hub.example.com), got "${value}"`,
    );
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/**
 * The origin absolute links start with: the configured public URL, or else the address the server
 * listens on (an unspecified address read as loopback). Never the request's Host or
 * X-Forwarded-Host, which the client chooses.
 */
export function publicUrlOf(
  app: FastifyInstance,
  config: { publicUrl: string; http: { host: string; port: number } },
): string {
  if (config.publicUrl !== '') return config.publicUrl;
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  return listenUrl(config.http.host, port);
}

/** http://host:port for a listen address, with 0.0.0.0 and :: read as loopback. */
export function listenUrl(host: string, port: number): string {
  const reachable = host === '' || host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}
