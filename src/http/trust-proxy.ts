// --trust-proxy: which X-Forwarded-For hops to believe (a hop count or the proxies' addresses).
import { configError } from '../errors.js';
import { parseCidr } from '../access/index.js';

/**
 * 0: X-Forwarded-* is ignored (the socket peer is the client). A number n > 0: the last n hops
 * are proxies, so the client is the address the outermost of them appended. A list: hops from
 * these addresses/CIDRs (or `loopback`, `linklocal`, `uniquelocal`) are proxies; the client is the
 * right-most address not in the list. See docs/decisions/0007-trust-proxy.md.
 */
export type TrustProxy = number | readonly string[];

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const MAX_HOPS = 16;

const invalid = (name: string, message: string) => configError(`${name}: ${message}`);

/** Parses the flag's or the environment variable's text (`true` for a bare `--trust-proxy`). */
export function parseTrustProxy(value: string | boolean, name: string): TrustProxy {
  const text = typeof value === 'boolean' ? String(value) : value.trim().toLowerCase();
  if (['', '0', 'false', 'no', 'off'].includes(text)) return 0;
  if (['true', 'yes', 'on'].includes(text)) {
    // Trusting every hop is what let any client forge its address (decision 0007).
    throw invalid(
      name,
      `"${String(value)}" would trust every X-Forwarded-For hop, so any client could forge its IP. ` +
        'Give the number of reverse proxies in front of Gatehouse (e.g. 1) or their addresses ' +
        '(e.g. 10.0.0.0/8,127.0.0.1).',
    );
  }
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > MAX_HOPS) throw invalid(name, `at most ${MAX_HOPS} proxy hops, got ${text}`);
    return hops;
  }
  const entries = text.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    if (!NAMED_RANGES.has(entry) && parseCidr(entry) === null) {
      throw invalid(
        name,
        `"${entry}" is not a hop count, an IP address, a CIDR block, loopback, linklocal or uniquelocal`,
      );
    }
  }
  return entries;
}

/**
 * Fastify's `trustProxy` option for `trust`. A hop count is a function of the hop's index:
 * Fastify refuses a bare number (it cannot check the peer), and a count only holds when every
 * request comes through the proxies — which is what the operator asserts by giving it.
 */
export function fastifyTrustProxy(
  trust: TrustProxy,
): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return trust === 0 ? false : (_address, hop) => hop < trust;
  return [...trust];
}
