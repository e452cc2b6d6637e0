// The console IP allow-list: from which addresses superuser accounts may sign in and act.
import { BlockList, isIP } from 'node:net';
import { type Decision, allowIf } from './decision.js';

/** What the console decision reads of a request: the address it came from. */
export interface ConsoleRequest {
  ip: string;
}

/** Refusals name what was attempted: signing in, or using a superuser token. */
export type ConsoleUse = 'sign-in' | 'access';

const REFUSALS: Record<ConsoleUse, string> = {
  'sign-in': 'Superuser sign-in is not allowed from your IP address.',
  access: 'Superuser access is not allowed from your IP address.',
};

/**
 * Whether a superuser account may be used from the request's address: allowed when the list is
 * empty, or the address (an IPv4-mapped IPv6 address counts as its IPv4 one) is in one of its
 * blocks; otherwise a 403 naming what was attempted.
 */
export function mayUseConsole(
  request: ConsoleRequest,
  allowedIps: readonly string[],
  use: ConsoleUse,
): Decision {
  return allowIf(ipAllowed(request.ip, allowedIps), REFUSALS[use]);
}

/** An IPv4/IPv6 address or CIDR block, parsed; null when it is neither. */
export function parseCidr(
  value: string,
): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const [address = '', prefixText, ...rest] = value.trim().split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return null;
  const max = version === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || prefixText === '') return null;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** Each allow-list's blocks, built once per list (settings hand out the same frozen array). */
const built = new WeakMap<readonly string[], BlockList>();

function blockListOf(blocks: readonly string[]): BlockList {
  let list = built.get(blocks);
  if (!list) {
    list = new BlockList();
    for (const block of blocks) {
      const cidr = parseCidr(block);
      if (cidr) list.addSubnet(cidr.address, cidr.prefix, cidr.family);
    }
    built.set(blocks, list);
  }
  return list;
}

/** True when `ip` is inside one of `blocks` (an empty list allows every address). */
export function ipAllowed(ip: string, blocks: readonly string[]): boolean {
  if (blocks.length === 0) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const address = mapped?.[1] ?? ip;
  const version = isIP(address);
  if (version === 0) return false;
  return blockListOf(blocks).check(address, version === 4 ? 'ipv4' : 'ipv6');
}
