// HS256 micro benchmark (issue 14, item 7): session tokens signed + verified per second, Gatehouse's
// hand-written HS256 (accounts/jwt.ts over lib/hmac.ts) against jose, idle and with argon2id
// hashing kept running beside it (as on a server signing people in). One-off; not in CI.
//
//   npx tsx bench/jwt.ts [--seconds 2] [--argon2 2]
//
// --argon2 N keeps N argon2id hashes in flight (Gatehouse's parameters) during the second round.
// Prints one line per variant: sign+verify pairs per second and µs per pair.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { hash } from '@node-rs/argon2';
import { SignJWT, jwtVerify } from 'jose';
import { type AuthClaims, signToken, verifyToken } from '../src/accounts/jwt.js';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '2' }, argon2: { type: 'string', default: '2' } },
});
const SECONDS = Number(values.seconds);
const ARGON2 = Number(values.argon2);

const KEY =
  'Zk3pQ8sV1xT6mN2bR7cW4yH9jL5dF0gA8eU3iO6kP1qS7tY2vX' + 'instance-token-secret-0123456789';
const SECRET = new TextEncoder().encode(KEY);
const NOW = Math.floor(Date.now() / 1000);
const claims: AuthClaims = {
  id: 'u1',
  type: 'auth',
  collectionId: '_pb_users_auth_',
  sid: 's1',
  refreshable: true,
  exp: NOW + 3600,
};

async function handWritten(): Promise<void> {
  const token = signToken(claims, KEY);
  if (!verifyToken(token, KEY, NOW)) throw new Error('hand-written: refused');
}

// Each account has its own key (tokenKey + secret), so a key is imported per token as jose does
// given bytes; the pre-imported variant is jose's best case (one key for every token).
async function jose(): Promise<void> {
  const token = await new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(SECRET);
  await jwtVerify(token, SECRET, { algorithms: ['HS256'] });
}

const cryptoKey = await crypto.subtle.importKey(
  'raw',
  SECRET,
  { name: 'HMAC', hash: 'SHA-256' },
  false,
  ['sign', 'verify'],
);
async function joseKeyed(): Promise<void> {
  const token = await new SignJWT({ ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(cryptoKey);
  await jwtVerify(token, cryptoKey, { algorithms: ['HS256'] });
}

async function measure(run: () => Promise<void>): Promise<number> {
  for (let i = 0; i < 2000; i++) await run(); // warm-up
  let n = 0;
  const t0 = performance.now();
  const until = t0 + SECONDS * 1000;
  while (performance.now() < until) {
    for (let i = 0; i < 100; i++) await run();
    n += 100;
  }
  return n / ((performance.now() - t0) / 1000);
}

async function round(label: string): Promise<void> {
  for (const [name, run] of [
    ['hand-written', handWritten],
    ['jose (key bytes)', jose],
    ['jose (CryptoKey)', joseKeyed],
  ] as const) {
    const perSecond = await measure(run);
    console.log(
      `${label.padEnd(12)} ${name.padEnd(18)} ${Math.round(perSecond).toString().padStart(8)} /s  ${(1e6 / perSecond).toFixed(1).padStart(7)} µs`,
    );
  }
}

await round('idle');
if (ARGON2 > 0) {
  let running = true;
  const busy = Array.from({ length: ARGON2 }, async () => {
    while (running) await hash('benchmark-password', { memoryCost: 19456, timeCost: 2 });
  });
  await round(`argon2 x${ARGON2}`);
  running = false;
  await Promise.all(busy);
}
