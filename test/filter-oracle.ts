// An in-memory model of PocketBase's filter semantics on SQLite, for the property test
// (test/filter-property.test.ts): seeded rows, a generator of random well-formed filters, and an
// evaluator written independently of the SQL compiler — it walks rows instead of building SQL.
// What it models: PocketBase's SELECT DISTINCT … LEFT JOIN (a record matches when some combination
// of joined rows satisfies the filter), the all-of check of multi-valued paths without '?', the
// =/!= shapes of filter.go resolveEqualExpr, SQLite's affinity, ordering and LIKE rules.

// ---------------------------------------------------------------------------------------------
// Seeded randomness

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// Data (stored exactly as Gatehouse stores it: numbers REAL, booleans 0/1, JSON as text)

export interface Data {
  users: Record<string, unknown>[];
  groups: Record<string, unknown>[];
  systems: Record<string, unknown>[];
  alerts: Record<string, unknown>[];
  /** record_relations rows: [collection, field, recordId, targetId, pos] */
  links: [string, string, string, string, number][];
}

const ts = (day: number, hour: number) =>
  `2025-0${1 + (day % 9)}-${String(10 + day).padStart(2, '0')} ${String(hour).padStart(2, '0')}:0${day % 10}:00.${String(day * 7).padStart(3, '0')}Z`;

export function seedData(): Data {
  const names = ['Ann', 'bob', 'Cat', 'ann', 'Émile'];
  const users = names.map((name, i) => ({
    id: `u${i}`,
    email: `${name.toLowerCase()}${i}@example.com`,
    emailVisibility: i % 2,
    verified: i % 3 === 0 ? 1 : 0,
    name,
    username: `user${i}`,
    role: 'user',
    status: 'active',
    kind: 'user',
    tokenKey: `key${i}`,
    created: ts(i, 9),
    updated: ts(i, 10),
  }));
  const groups = [
    { id: 'g0', name: 'ops', description: '', parent: '', created: ts(1, 1), updated: ts(1, 1) },
    { id: 'g1', name: 'Dev', description: '', parent: 'g0', created: ts(2, 2), updated: ts(2, 2) },
    { id: 'g2', name: 'qa', description: 'x', parent: 'g1', created: ts(3, 3), updated: ts(3, 3) },
    { id: 'g3', name: '5', description: '', parent: 'g9', created: ts(4, 4), updated: ts(4, 4) },
  ];
  const sys: [string, string, number, string, string | null][] = [
    ['alpha', 'a.example.com', 22, 'up', '{"cpu":90,"os":"linux","tags":["web","db"],"n":{"a":5}}'],
    ['Alpha', 'A.EXAMPLE.COM', 80, 'down', '{"cpu":"85","os":"Linux"}'],
    ['beta', "o'brien_%", 0, '', null],
    ['', '5', 5, 'paused', '{"cpu":10.5,"flag":true,"tags":[]}'],
    ['5', '22', 2.5, 'up', '"5"'],
    ['22', ' 12 ', -1, 'down', '5'],
    ['a%b', 'back\\slash 50%', 443, 'up', '[1,"a"]'],
    ['a_b', 'é', 1000, 'paused', '{"cpu":null,"os":""}'],
    ['é', 'É', 12, '', '{"cpu":"abc","tags":["db"]}'],
    ['["x', 'x_y', 0.5, 'up', '{"cpu":0,"n":{"a":"5"}}'],
    ['gamma', 'gamma.example.com', 22, 'down', '{}'],
    ['Z', 'z', 7, 'up', 'true'],
  ];
  const systems = sys.map(([name, host, port, status, info], i) => ({
    id: `s${String(i).padStart(2, '0')}`,
    name,
    host,
    port,
    status,
    info,
    created: ts(i, 12 + (i % 5)),
    updated: ts(i, 20),
  }));
  const alertRows: [string, string, string, number, number, number][] = [
    ['cpu', 'u0', 's00', 90, 80, 1],
    ['disk', 'u0', 's01', 10, 20, 0],
    ['mem', 'u1', 's00', 50, 50, 1],
    ['CPU', 'u2', 's03', 2.5, 0, 0],
    ['', 'u3', 's04', 0, -1, 1],
    ['net', 'u4', 's06', 100, 100, 0],
    ['5', 'u1', 's09', 5, 5, 1],
    ['disk', 'u2', 's10', 75, 70, 1],
    ['a%', 'u0', 's11', -3, 1, 0],
  ];
  const alerts = alertRows.map(([name, user, system, value, min, triggered], i) => ({
    id: `a${i}`,
    user,
    system,
    name,
    value,
    min,
    triggered,
    created: ts(i, 5),
    updated: ts(i, 6),
  }));
  const links: Data['links'] = [];
  const link = (collection: string, field: string, recordId: string, targets: string[]) => {
    targets.forEach((t, i) => {
      links.push([collection, field, recordId, t, i + 1]);
    });
  };
  link('users', 'groups', 'u0', ['g1']);
  link('users', 'groups', 'u1', ['g0']);
  link('users', 'groups', 'u2', ['g2', 'g0']);
  link('users', 'groups', 'u4', ['g3']);
  const members: string[][] = [
    ['u0', 'u1'],
    ['u0'],
    [],
    ['u1'],
    ['u2'],
    ['u3', 'u4', 'u0'],
    [],
    ['u4'],
    ['u2', 'u1'],
    [],
    ['u3'],
    ['u0', 'u2'],
  ];
  members.forEach((m, i) => {
    link('systems', 'users', systems[i]?.id ?? '', m);
  });
  link('systems', 'groups', 's00', ['g0']);
  return { users, groups, systems, alerts, links };
}

// ---------------------------------------------------------------------------------------------
// Values with SQLite's storage classes

type Render = 'numeric' | 'real' | 'int';
export type SV = { t: 'null' } | { t: 'num'; n: number; r: Render } | { t: 'text'; s: string };
type Aff = 'numeric' | 'text' | 'none';
const NULL: SV = { t: 'null' };

function realText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return `${n}.0`;
  return String(Number(n.toPrecision(15)));
}
function numText(n: number, r: Render): string {
  if (r === 'real') return realText(n);
  return Number.isInteger(n) ? n.toFixed(0) : realText(n);
}
function textOf(v: SV): string | null {
  return v.t === 'null' ? null : v.t === 'text' ? v.s : numText(v.n, v.r);
}
const NUMERIC = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;
function numify(v: SV): SV {
  return v.t === 'text' && NUMERIC.test(v.s)
    ? { t: 'num', n: Number(v.s.trim()), r: 'numeric' }
    : v;
}
function textify(v: SV): SV {
  return v.t === 'num' ? { t: 'text', s: numText(v.n, v.r) } : v;
}
function cls(v: SV): number {
  return v.t === 'num' ? 1 : 2;
}
function cmp3(a: SV, b: SV): number | null {
  if (a.t === 'null' || b.t === 'null') return null;
  if (a.t === 'num' && b.t === 'num') return a.n < b.n ? -1 : a.n > b.n ? 1 : 0;
  if (a.t === 'text' && b.t === 'text') return Buffer.compare(Buffer.from(a.s), Buffer.from(b.s));
  return cls(a) - cls(b);
}

type Op = '=' | '!=' | '<' | '<=' | '>' | '>=' | '~' | '!~';
type B = boolean | null;
const and3 = (x: B, y: B): B =>
  x === false || y === false ? false : x === null || y === null ? null : true;
const or3 = (x: B, y: B): B =>
  x === true || y === true ? true : x === null || y === null ? null : false;

function relational(a: SV, op: '=' | '<' | '<=' | '>' | '>=' | '<>', b: SV): B {
  const c = cmp3(a, b);
  if (c === null) return null;
  switch (op) {
    case '=':
      return c === 0;
    case '<>':
      return c !== 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    default:
      return c >= 0;
  }
}
function isSame(a: SV, b: SV): boolean {
  if (a.t === 'null' || b.t === 'null') return a.t === b.t;
  return cmp3(a, b) === 0;
}

/** SQLite's LIKE with ESCAPE '\' (ASCII case folding). */
function sqliteLike(text: string, pattern: string): boolean {
  let re = '^';
  const cps = Array.from(pattern);
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i] ?? '';
    if (c === '\\') {
      const next = cps[i + 1];
      if (next === undefined) return false;
      re += lit(next);
      i++;
    } else if (c === '%') re += '[\\s\\S]*';
    else if (c === '_') re += '[\\s\\S]';
    else re += lit(c);
  }
  return new RegExp(`${re}$`, 'u').test(text);
}
function lit(c: string): string {
  if (/[a-zA-Z]/.test(c)) return `[${c.toLowerCase()}${c.toUpperCase()}]`;
  return c.replace(/[\\^$.*+?()[\]{}|/]/g, (x) => `\\${x}`);
}
function likePattern(value: string): string {
  let prev = '';
  for (const c of value) {
    if (c === '%' && prev !== '\\') return value;
    prev = c === '\\' && prev === '\\' ? '' : c;
  }
  const chars = Array.from(value);
  const out: string[] = [];
  let pending = false;
  for (let i = chars.length - 1; i >= 0; i--) {
    const c = chars[i] ?? '';
    if (pending) {
      if (c !== '\\') out.push('\\');
      pending = false;
    } else if (c === '\\' || c === '%' || c === '_') pending = true;
    out.push(c);
    if (i === 0 && pending) out.push('\\');
  }
  return `%${out.reverse().join('')}%`;
}

// ---------------------------------------------------------------------------------------------
// Filter model shared by the generator and the evaluator

export type Operand =
  | { k: 'field'; text: string }
  | { k: 'str'; v: string }
  | { k: 'num'; v: number }
  | { k: 'bool'; v: boolean }
  | { k: 'null' }
  | { k: 'macro'; text: string };
export type Node =
  | { k: 'and' | 'or'; l: Node; r: Node; paren: boolean }
  | { k: 'cmp'; op: Op; any: boolean; l: Operand; r: Operand; paren: boolean };

function quote(s: string): string {
  return `'${s.replace(/'/g, "\\'")}'`;
}
function operandText(o: Operand): string {
  switch (o.k) {
    case 'field':
    case 'macro':
      return o.text;
    case 'str':
      return quote(o.v);
    case 'num':
      return String(o.v);
    case 'bool':
      return String(o.v);
    case 'null':
      return 'null';
  }
}
export function render(n: Node, parent: Node['k'] | null = null): string {
  const text =
    n.k === 'cmp'
      ? `${operandText(n.l)} ${n.any ? '?' : ''}${n.op} ${operandText(n.r)}`
      : `${render(n.l, n.k)} ${n.k === 'and' ? '&&' : '||'} ${render(n.r, n.k)}`;
  // && binds tighter than ||: an || under an && needs its parentheses.
  return n.paren || (n.k === 'or' && parent === 'and') ? `(${text})` : text;
}

// ---------------------------------------------------------------------------------------------
// Generator

const FIELDS: Record<'systems' | 'alerts', string[]> = {
  systems: [
    'name',
    'host',
    'port',
    'status',
    'created',
    'id',
    'info',
    'info.cpu',
    'info.os',
    'info.tags.0',
    'info.n.a',
    'users',
    'users:length',
    'users:each',
    'users.name',
    'users.email',
    'users.verified',
    'users.groups.name',
    'users.groups.parent.name',
    'alerts_via_system.value',
    'alerts_via_system.name',
    'alerts_via_system.triggered',
    'name:lower',
    'host:lower',
    'port:lower',
    'status:each',
    'status:length',
    'info:lower',
    'groups.name',
    "strftime('%Y', created)",
    "strftime('%m-%d %H', created)",
    '@collection.groups.name',
    '@collection.systems:o.port',
  ],
  alerts: [
    'name',
    'value',
    'min',
    'triggered',
    'system',
    'user',
    'system.name',
    'system.port',
    'system.info.cpu',
    'system.users.name',
    'user.name',
    'user.groups.name',
    'user:each',
    'system.users:length',
    'name:lower',
    'system.status',
    'user.verified',
    'system.info',
    "strftime('%d', system.created)",
  ],
};
const STRINGS = [
  '',
  'a',
  'A',
  'alpha',
  'Alpha',
  '5',
  '22',
  '2.5',
  ' 12 ',
  'up',
  'down',
  '%',
  '_',
  'a\\b',
  '%a%',
  'a_b',
  'é',
  'É',
  'x_y',
  '["x',
  'linux',
  'db',
  '85',
  '90',
  'ops',
  'Dev',
  'ann',
  '[',
  '2025',
  '04-13 12',
];
const NUMBERS = [0, 1, 5, 22, 2.5, -1, 80, 85, 90, 1000, 0.5];
// @now changes between the evaluator and the compiler, so the generator leaves it out.
const MACROS = [
  '@year',
  '@todayStart',
  '@request.query.q',
  '@request.query.missing',
  '@request.auth.collectionName',
  '@request.headers.x_h',
  '@request.body.name',
  '@request.context',
];
const OPS: Op[] = ['=', '!=', '<', '<=', '>', '>=', '~', '!~'];

export function generate(random: () => number, collection: 'systems' | 'alerts'): Node {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const operand = (): Operand => {
    const r = random();
    if (r < 0.45) return { k: 'field', text: pick(FIELDS[collection]) };
    if (r < 0.68) return { k: 'str', v: pick(STRINGS) };
    if (r < 0.83) return { k: 'num', v: pick(NUMBERS) };
    if (r < 0.88) return { k: 'bool', v: random() < 0.5 };
    if (r < 0.93) return { k: 'null' };
    return { k: 'macro', text: pick(MACROS) };
  };
  const node = (depth: number): Node => {
    if (depth > 0 && random() < 0.45) {
      return {
        k: random() < 0.5 ? 'and' : 'or',
        l: node(depth - 1),
        r: node(depth - 1),
        paren: random() < 0.5,
      };
    }
    const l = operand();
    // At least one side reads the collection most of the time.
    const r =
      l.k === 'field' || random() < 0.2
        ? operand()
        : { k: 'field' as const, text: pick(FIELDS[collection]) };
    const swap = random() < 0.3;
    return {
      k: 'cmp',
      op: pick(OPS),
      any: random() < 0.35,
      l: swap ? r : l,
      r: swap ? l : r,
      paren: random() < 0.2,
    };
  };
  return node(2);
}

// ---------------------------------------------------------------------------------------------
// Evaluator

type Row = Record<string, unknown> | null;
interface Hop {
  key: string;
  parent: string;
  rows: (parent: Row) => Row[];
}
interface Resolved {
  hops: Hop[];
  /** The value at the end of the path, given the row of its last hop (or the root row). */
  value: (row: Row) => SV;
  aff: Aff;
  multi: boolean;
  noCoalesce?: boolean;
  enforced?: boolean;
  param?: boolean;
  ident?: 'null' | 'known';
  constant?: string | number;
}

const CATALOGUE: Record<
  string,
  Record<string, { type: string; to?: string; multiple?: boolean }>
> = {
  users: {
    id: { type: 'text' },
    name: { type: 'text' },
    email: { type: 'text' },
    verified: { type: 'bool' },
    created: { type: 'date' },
    groups: { type: 'relation', to: 'groups', multiple: true },
  },
  groups: {
    id: { type: 'text' },
    name: { type: 'text' },
    parent: { type: 'relation', to: 'groups' },
    created: { type: 'date' },
  },
  systems: {
    id: { type: 'text' },
    name: { type: 'text' },
    host: { type: 'text' },
    port: { type: 'number' },
    status: { type: 'select' },
    info: { type: 'json' },
    created: { type: 'date' },
    users: { type: 'relation', to: 'users', multiple: true },
    groups: { type: 'relation', to: 'groups', multiple: true },
  },
  alerts: {
    id: { type: 'text' },
    name: { type: 'text' },
    value: { type: 'number' },
    min: { type: 'number' },
    triggered: { type: 'bool' },
    system: { type: 'relation', to: 'systems' },
    user: { type: 'relation', to: 'users' },
    created: { type: 'date' },
  },
};

export interface Context {
  now: string;
  year: number;
  todayStart: string;
  query: Record<string, string>;
  headers: Record<string, string>;
}

export class Oracle {
  private readonly byId = new Map<string, Map<string, Record<string, unknown>>>();

  constructor(
    private readonly data: Data,
    private readonly ctx: Context,
  ) {
    for (const c of ['users', 'groups', 'systems', 'alerts'] as const) {
      this.byId.set(c, new Map(data[c].map((r) => [String(r.id), r])));
    }
  }

  private links(collection: string, field: string, recordId: unknown): string[] {
    return this.data.links
      .filter((l) => l[0] === collection && l[1] === field && l[2] === recordId)
      .sort((a, b) => a[4] - b[4] || (a[3] < b[3] ? -1 : 1))
      .map((l) => l[3]);
  }

  private column(collection: string, field: string, row: Row, jsonPath: string[]): SV {
    if (row === null) return NULL;
    const def = CATALOGUE[collection]?.[field];
    const v = row[field];
    if (def?.type === 'relation' && def.multiple) {
      return { t: 'text', s: JSON.stringify(this.links(collection, field, row.id)) };
    }
    if (def?.type === 'json') {
      if (typeof v !== 'string') return NULL;
      let x: unknown = JSON.parse(v);
      for (const p of jsonPath) {
        if (/^\d+$/.test(p)) x = Array.isArray(x) ? x[Number(p)] : undefined;
        else
          x =
            x !== null && typeof x === 'object' && !Array.isArray(x)
              ? (x as Record<string, unknown>)[p]
              : undefined;
      }
      if (x === undefined || x === null) return NULL;
      if (typeof x === 'number') return { t: 'num', n: x, r: 'numeric' };
      if (typeof x === 'boolean') return { t: 'num', n: x ? 1 : 0, r: 'int' };
      if (typeof x === 'string') return { t: 'text', s: x };
      return { t: 'text', s: JSON.stringify(x) };
    }
    if (v === null || v === undefined) return NULL;
    if (def?.type === 'number') return { t: 'num', n: Number(v), r: 'numeric' };
    if (def?.type === 'bool') return { t: 'num', n: Number(v), r: 'int' };
    return { t: 'text', s: typeof v === 'string' ? v : JSON.stringify(v) };
  }

  private affinity(collection: string, field: string): Aff {
    const def = CATALOGUE[collection]?.[field];
    if (def?.type === 'number' || def?.type === 'bool') return 'numeric';
    if (def?.type === 'json' || (def?.type === 'relation' && def.multiple)) return 'none';
    return 'text';
  }

  /** Resolves a field path (with an optional modifier) from `base`. */
  private path(
    base: string,
    text: string,
    startKey = '',
    startHops: Hop[] = [],
    multi0 = false,
  ): Resolved {
    const [pathText = '', modifier] = text.split(':');
    const segs = pathText.split('.');
    let collection = base;
    let key = startKey;
    const hops = [...startHops];
    let multi = multi0;
    for (let i = 0; i < segs.length - 1; i++) {
      const seg = segs[i] ?? '';
      const def = CATALOGUE[collection]?.[seg];
      if (def?.type === 'json') {
        const c = collection;
        const rest = segs.slice(i + 1);
        return {
          hops,
          value: (row) => this.column(c, seg, row, rest),
          aff: 'none',
          multi,
          noCoalesce: true,
        };
      }
      const parentKey = key;
      key = `${key}.${seg}`;
      if (def?.type === 'relation') {
        const from = collection;
        const to = def.to ?? '';
        if (def.multiple) {
          hops.push({
            key,
            parent: parentKey,
            rows: (p) =>
              p === null
                ? [null]
                : orNull(
                    this.links(from, seg, p.id)
                      .map((id) => this.byId.get(to)?.get(id) ?? null)
                      .filter((r) => r !== null),
                  ),
          });
          multi = true;
        } else {
          hops.push({
            key,
            parent: parentKey,
            rows: (p) => [p === null ? null : (this.byId.get(to)?.get(String(p[seg])) ?? null)],
          });
        }
        collection = to;
      } else {
        const [, from = '', field = ''] = /^(\w+)_via_(\w+)$/.exec(seg) ?? [];
        const target = collection;
        hops.push({
          key,
          parent: parentKey,
          rows: (p) =>
            p === null
              ? [null]
              : orNull(
                  this.data[from as 'alerts'].filter(
                    (r) =>
                      (CATALOGUE[from]?.[field]?.multiple
                        ? this.links(from, field, r.id).includes(String(p.id))
                        : r[field] === p.id) && target !== '',
                  ),
                ),
        });
        multi = true;
        collection = from;
      }
    }
    const last = segs[segs.length - 1] ?? '';
    const c = collection;
    const def = CATALOGUE[c]?.[last];
    if (modifier === 'length') {
      return {
        hops,
        value: (row) =>
          row === null
            ? { t: 'num', n: 0, r: 'int' }
            : def?.multiple
              ? { t: 'num', n: this.links(c, last, row.id).length, r: 'int' }
              : { t: 'num', n: row[last] ? 1 : 0, r: 'int' },
        aff: 'none',
        multi,
      };
    }
    if (modifier === 'each') {
      if (def?.multiple) {
        const parentKey = key;
        const eachKey = `${key}.${last}:each`;
        hops.push({
          key: eachKey,
          parent: parentKey,
          rows: (p) =>
            p === null ? [null] : orNull(this.links(c, last, p.id).map((id) => ({ value: id }))),
        });
        return {
          hops,
          value: (row) => (row === null ? NULL : { t: 'text', s: String(row.value) }),
          aff: 'none',
          multi: true,
        };
      }
      return { hops, value: (row) => this.column(c, last, row, []), aff: 'none', multi };
    }
    const plain: Resolved = {
      hops,
      value: (row) => this.column(c, last, row, []),
      aff: this.affinity(c, last),
      multi,
      ...(def?.type === 'json' ? { noCoalesce: true } : {}),
    };
    if (modifier === 'lower') {
      return { ...plain, aff: 'none', value: (row) => lowerOf(plain.value(row)) };
    }
    return plain;
  }

  private operand(base: string, o: Operand): Resolved {
    const constant = (v: SV, extra: Partial<Resolved>): Resolved => ({
      hops: [],
      value: () => v,
      aff: 'none',
      multi: false,
      ...extra,
    });
    switch (o.k) {
      case 'str':
        return constant({ t: 'text', s: o.v }, { param: true, constant: o.v });
      case 'num':
        return constant({ t: 'num', n: o.v, r: 'real' }, { param: true, constant: o.v });
      case 'bool':
        return constant(
          { t: 'num', n: o.v ? 1 : 0, r: 'int' },
          { ident: 'known', constant: o.v ? 1 : 0 },
        );
      case 'null':
        return constant(NULL, { ident: 'null' });
      case 'macro': {
        const text = o.text;
        if (text === '@now')
          return constant({ t: 'text', s: this.ctx.now }, { param: true, constant: this.ctx.now });
        if (text === '@todayStart')
          return constant(
            { t: 'text', s: this.ctx.todayStart },
            { param: true, constant: this.ctx.todayStart },
          );
        if (text === '@year')
          return constant(
            { t: 'num', n: this.ctx.year, r: 'int' },
            { param: true, constant: this.ctx.year },
          );
        if (text === '@request.context')
          return constant({ t: 'text', s: 'default' }, { param: true, constant: 'default' });
        if (text === '@request.auth.collectionName')
          return constant(
            { t: 'text', s: '_superusers' },
            { param: true, constant: '_superusers' },
          );
        const [, area = '', name = ''] = /^@request\.(query|headers)\.(\w+)$/.exec(text) ?? [];
        const map = area === 'query' ? this.ctx.query : this.ctx.headers;
        if (area && Object.hasOwn(map, name)) {
          const v = map[name] ?? '';
          return constant({ t: 'text', s: v }, { param: true, constant: v });
        }
        return constant(NULL, { ident: 'null' });
      }
      case 'field': {
        const text = o.text;
        const strftime = /^strftime\('([^']*)', (.+)\)$/.exec(text);
        if (strftime) {
          const inner = this.path(base, strftime[2] ?? '');
          const format = strftime[1] ?? '';
          return {
            ...inner,
            aff: 'none',
            enforced: true,
            noCoalesce: false,
            value: (row) => strftimeOf(format, inner.value(row)),
          };
        }
        const collection = /^@collection\.(\w+)(?::(\w+))?\.(.+)$/.exec(text);
        if (collection) {
          const name = collection[1] ?? '';
          const key =
            collection[2] !== undefined ? `@alias:${collection[2]}` : `@collection:${name}`;
          const hop: Hop = { key, parent: '', rows: () => orNull(this.data[name as 'systems']) };
          return this.path(name, collection[3] ?? '', key, [hop], true);
        }
        return this.path(base, text);
      }
    }
  }

  private base(l: Resolved, lv: SV, op: Op, r: Resolved, rv: SV): B {
    if (op === '~' || op === '!~') {
      const left = textOf(lv);
      let pattern: string | null;
      if (r.param)
        pattern = likePattern(
          typeof r.constant === 'number' ? goString(r.constant) : String(r.constant),
        );
      else {
        const t = textOf(rv);
        pattern = t === null ? null : `%${t}%`;
      }
      if (left === null || pattern === null) return null;
      const m = sqliteLike(left, pattern);
      return op === '~' ? m : !m;
    }
    if (op === '=' || op === '!=') return this.equality(l, lv, op === '=', r, rv);
    const [a, b] = withAffinity(l.aff, lv, r.aff, rv);
    return relational(a, op, b);
  }

  private equality(l: Resolved, lv: SV, equal: boolean, r: Resolved, rv: SV): B {
    const emptyOf = (x: Resolved) =>
      x.ident === 'null' || (!x.enforced && x.param === true && x.constant === '');
    const knownOf = (x: Resolved) =>
      !x.enforced && (x.ident === 'known' || (x.param === true && x.constant !== ''));
    const eqAff = (a: Resolved, av: SV, b: Resolved, bv: SV) => {
      const [x, y] = withAffinity(a.aff, av, b.aff, bv);
      return { eq: relational(x, '=', y), same: isSame(x, y) };
    };
    if (l.noCoalesce || r.noCoalesce) {
      const { same } = eqAff(l, lv, r, rv);
      return equal ? same : !same;
    }
    const le = emptyOf(l);
    const re = emptyOf(r);
    const EMPTY: Resolved = {
      hops: [],
      value: () => ({ t: 'text', s: '' }),
      aff: 'none',
      multi: false,
    };
    const emptyV: SV = { t: 'text', s: '' };
    if (le && re) return equal;
    if (knownOf(l) || knownOf(r)) {
      const [a, av] = le ? [EMPTY, emptyV] : [l, lv];
      const [b, bv] = re ? [EMPTY, emptyV] : [r, rv];
      const { eq, same } = eqAff(a, av, b, bv);
      return equal ? eq : !same;
    }
    if (le || re) {
      const [a, av, b, bv, other] = le ? [EMPTY, emptyV, r, rv, rv] : [l, lv, EMPTY, emptyV, lv];
      const { eq, same } = eqAff(a, av, b, bv);
      return equal ? or3(eq, other.t === 'null') : and3(!same, other.t !== 'null');
    }
    const a: SV = lv.t === 'null' ? emptyV : lv;
    const b: SV = rv.t === 'null' ? emptyV : rv;
    return equal ? relational(a, '=', b) : !isSame(a, b);
  }

  /** The value a single-valued field path has for `row` (what ?sort= orders by). */
  value(collection: 'systems' | 'alerts', row: Record<string, unknown>, text: string): SV {
    const r = this.operand(collection, { k: 'field', text });
    const [a = new Map<string, Row>()] = enumerate(r.hops, row);
    return r.value(lastRow(r, a, row));
  }

  /** Whether `row` of `collection` matches `node` (PocketBase's semantics). */
  matches(collection: 'systems' | 'alerts', row: Record<string, unknown>, node: Node): boolean {
    const comparisons: { node: Extract<Node, { k: 'cmp' }>; l: Resolved; r: Resolved }[] = [];
    const collect = (n: Node): void => {
      if (n.k === 'cmp')
        comparisons.push({
          node: n,
          l: this.operand(collection, n.l),
          r: this.operand(collection, n.r),
        });
      else {
        collect(n.l);
        collect(n.r);
      }
    };
    collect(node);
    const hops: Hop[] = [];
    for (const c of comparisons)
      for (const h of [...c.l.hops, ...c.r.hops])
        if (!hops.some((x) => x.key === h.key)) hops.push(h);
    const assignments = enumerate(hops, row);
    // The all-of halves do not depend on the shared joins: compute once per comparison.
    const allOf = new Map<unknown, boolean>();
    for (const c of comparisons) {
      if (c.node.any || (!c.l.multi && !c.r.multi)) continue;
      const lvals = c.l.multi
        ? enumerate(c.l.hops, row).map((a) => c.l.value(lastRow(c.l, a, row)))
        : null;
      const rvals = c.r.multi
        ? enumerate(c.r.hops, row).map((a) => c.r.value(lastRow(c.r, a, row)))
        : null;
      allOf.set(c, { lvals, rvals } as never);
    }
    const evalNode = (n: Node, a: Map<string, Row>): B => {
      if (n.k !== 'cmp') {
        return n.k === 'and'
          ? and3(evalNode(n.l, a), evalNode(n.r, a))
          : or3(evalNode(n.l, a), evalNode(n.r, a));
      }
      const cmp = n;
      const c = comparisons.find((x) => x.node === cmp);
      if (!c) throw new Error('comparison not found');
      const lv = c.l.value(lastRow(c.l, a, row));
      const rv = c.r.value(lastRow(c.r, a, row));
      let result = this.base(c.l, lv, cmp.op, c.r, rv);
      const all = allOf.get(c) as { lvals: SV[] | null; rvals: SV[] | null } | undefined;
      if (all) {
        const ls = all.lvals ?? [lv];
        const rs = all.rvals ?? [rv];
        let fails = false;
        for (const x of ls) {
          for (const y of rs) {
            const b = this.base(c.l, x, cmp.op, c.r, y);
            let fail = b === false;
            if (cmp.op !== '=' && ((all.lvals && x.t === 'null') || (all.rvals && y.t === 'null')))
              fail = true;
            if (fail) fails = true;
          }
        }
        result = and3(result, !fails);
      }
      return result;
    };
    return assignments.some((a) => evalNode(node, a) === true);
  }
}

function orNull<T>(rows: T[]): (T | null)[] {
  return rows.length === 0 ? [null] : rows;
}

function lastRow(r: Resolved, a: Map<string, Row>, root: Row): Row {
  const last = r.hops[r.hops.length - 1];
  return last ? (a.get(last.key) ?? null) : root;
}

function enumerate(hops: Hop[], root: Row): Map<string, Row>[] {
  let out: Map<string, Row>[] = [new Map([['', root]])];
  for (const hop of hops) {
    const next: Map<string, Row>[] = [];
    for (const a of out) {
      const parent = a.get(hop.parent) ?? null;
      for (const row of hop.rows(parent)) next.push(new Map([...a, [hop.key, row]]));
    }
    out = next;
  }
  return out;
}

function withAffinity(la: Aff, l: SV, ra: Aff, r: SV): [SV, SV] {
  if (la === 'numeric' && ra !== 'numeric') return [l, numify(r)];
  if (ra === 'numeric' && la !== 'numeric') return [numify(l), r];
  if (la === 'text' && ra === 'none') return [l, textify(r)];
  if (ra === 'text' && la === 'none') return [textify(l), r];
  return [l, r];
}

function lowerOf(v: SV): SV {
  const t = textOf(v);
  return t === null ? NULL : { t: 'text', s: t.replace(/[A-Z]/g, (c) => c.toLowerCase()) };
}

function goString(n: number): string {
  return Number.isInteger(n) ? n.toFixed(0) : String(n);
}

function strftimeOf(format: string, v: SV): SV {
  if (v.t !== 'text') return NULL;
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{3})Z$/.exec(v.s);
  if (!m) return NULL;
  const parts: Record<string, string> = {
    Y: m[1] ?? '',
    m: m[2] ?? '',
    d: m[3] ?? '',
    H: m[4] ?? '',
  };
  return { t: 'text', s: format.replace(/%([YmdH])/g, (_, c: string) => parts[c] ?? '') };
}

// ---------------------------------------------------------------------------------------------
// Sorts

const SORT_FIELDS: Record<'systems' | 'alerts', string[]> = {
  systems: [
    'name',
    'host',
    'port',
    'status',
    'created',
    'info',
    'info.cpu',
    'info.os',
    'info.n.a',
    'info.tags.0',
    'users',
    'users:length',
    'name:lower',
    'host:lower',
    'port:lower',
    'status:length',
    'info:lower',
    '@rowid',
  ],
  alerts: [
    'name',
    'value',
    'min',
    'triggered',
    'system',
    'system.name',
    'system.port',
    'system.info.cpu',
    'user.name',
    'user.verified',
    'system.users:length',
    '@rowid',
  ],
};

export function generateSort(random: () => number, collection: 'systems' | 'alerts'): string[] {
  const terms: string[] = [];
  const count = 1 + Math.floor(random() * 3);
  for (let i = 0; i < count; i++) {
    const fields = SORT_FIELDS[collection];
    const field = fields[Math.floor(random() * fields.length)] ?? 'id';
    terms.push(`${random() < 0.5 ? '-' : ''}${field}`);
  }
  return terms;
}

/** SQLite's ORDER BY: NULL < numbers < text (bytewise); DESC reverses; then id. */
const rowid = (index: number): SV => ({ t: 'num', n: index, r: 'int' });

export function sortRows(
  oracle: Oracle,
  collection: 'systems' | 'alerts',
  rows: Record<string, unknown>[],
  terms: string[],
): string[] {
  const keyed = rows.map((row, index) => ({
    id: String(row.id),
    keys: terms.map((t) => {
      const field = t.replace(/^-/, '');
      return field === '@rowid' ? rowid(index) : oracle.value(collection, row, field);
    }),
  }));
  keyed.sort((a, b) => {
    for (let i = 0; i < terms.length; i++) {
      const x = a.keys[i] ?? NULL;
      const y = b.keys[i] ?? NULL;
      const c =
        x.t === 'null' || y.t === 'null'
          ? x.t === y.t
            ? 0
            : x.t === 'null'
              ? -1
              : 1
          : (cmp3(x, y) ?? 0);
      if (c !== 0) return terms[i]?.startsWith('-') ? -c : c;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  return keyed.map((k) => k.id);
}
