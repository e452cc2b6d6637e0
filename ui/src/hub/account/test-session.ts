// Component tests of Account Settings: a signed-in hub user (an unsigned token the SDK reads as
// valid) and the server's answers, stubbed on the hub's pocketbase client.
import { ClientResponseError } from 'pocketbase';
import { vi } from 'vitest';
import { pb } from '../pb';

export const ADA = { id: 'adaadaadaadaada', email: 'ada@example.com', name: 'Ada' };

export function signInAs(user = ADA): void {
  const b64 = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '');
  const exp = Math.floor(Date.now() / 1000) + 3600;
  pb.authStore.save(`${b64({ alg: 'HS256' })}.${b64({ id: user.id, exp })}.sig`, {
    ...user,
    collectionId: '_pb_users_auth_',
    collectionName: 'users',
  });
}

/** A refusal as the server sends it: a message and field errors (`data.<field>.message`). */
export function refusal(status: number, message: string, fields: Record<string, string> = {}) {
  const data = Object.fromEntries(
    Object.entries(fields).map(([k, v]) => [k, { code: 'validation_invalid', message: v }]),
  );
  return new ClientResponseError({ status, response: { status, message, data } });
}

type Handler = (body: unknown) => unknown;

/** Answers `pb.send(path, {method})` from `routes` ("POST /api/tokens"); anything else is a 404. */
export function stubSend(routes: Record<string, Handler>) {
  return vi.spyOn(pb, 'send').mockImplementation(async (path, options) => {
    const key = `${options.method ?? 'GET'} ${path}`;
    const handler = routes[key];
    if (!handler) throw refusal(404, `No stub for ${key}`);
    return handler(options.body);
  });
}
