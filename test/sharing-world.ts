// The world the sharing tests (src/sharing/) share: users of each built-in role, a group with a child group, and
// systems created by two users (tests only).
import { ADMIN, createUser, setupAdmin, signIn, type TestApp } from './harness.js';

/** One request, JSON in and out; the caller names the body type it expects. */
export type Call = <T = Record<string, unknown>>( // eslint-disable-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the body type
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  token?: string,
  payload?: unknown,
) => Promise<{ status: number; body: T }>;

export function caller(t: TestApp): Call {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the body type
  return async <T>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    token?: string,
    payload?: unknown,
  ) => {
    const res = await t.request({
      method,
      url,
      token,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return { status: res.statusCode, body: (res.body ? res.json() : null) as T };
  };
}

export async function sharingWorld(t: TestApp) {
  const call = caller(t);
  await setupAdmin(t);
  const su = (await signIn(t, '_superusers', ADMIN.email, ADMIN.password)).token;
  const make = async (name: string, role: string, extra: Record<string, unknown> = {}) => {
    const email = `${name}@example.com`;
    const id = await createUser(t, su, {
      email,
      password: `${name}-password-1`,
      role,
      name: name.charAt(0).toUpperCase() + name.slice(1),
      ...extra,
    });
    return { id, email, token: (await signIn(t, 'users', email, `${name}-password-1`)).token };
  };
  const group = async (name: string, parent = '') => {
    const res = await call<{ id: string }>('POST', '/api/collections/groups/records', su, {
      name,
      parent,
    });
    if (res.status !== 200) throw new Error(`group: ${JSON.stringify(res.body)}`);
    return res.body.id;
  };
  const team = await group('Security Team');
  const seniors = await group('Senior Consultants', team);
  const uma = await make('uma', 'user');
  const otto = await make('otto', 'user');
  const rita = await make('rita', 'readonly');
  const sam = await make('sam', 'user', { groups: [seniors] });
  const vera = await make('vera', 'user', { emailVisibility: true });
  const system = async (token: string, name: string) => {
    const res = await call<{ id: string }>('POST', '/api/collections/systems/records', token, {
      name,
      host: `${name}.example.com`,
    });
    if (res.status !== 200) throw new Error(`system: ${JSON.stringify(res.body)}`);
    return res.body.id;
  };
  return { call, su, team, seniors, uma, otto, rita, sam, vera, system };
}

export type SharingWorld = Awaited<ReturnType<typeof sharingWorld>>;
