// HTTP load from a separate process, so that the clients never share the server's event loop: the
// benchmarks measure the server, as real clients (on other machines) would see it.
//
// `startLoadClient(url, scenario, concurrency)` forks this file; for each `run` the child runs
// `concurrency` loops of requests over keep-alive connections (a minimal raw-socket client, one
// socket per loop), checks every answer, and reports back when its measured window starts (after
// the warm-up) and ends. The parent uses those two moments to read its own CPU time, so that
// server-side costs cover exactly the measured requests. `runLoad` is one window of a new client.
// Why the client is hand-written rather than undici's Pool: docs/decisions/0011 (measured).
import { fork } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { loops } from './measure.js';

/** What the child sends, and how it checks each answer. */
export type Scenario =
  | {
      /** GET a path; the answer must be 200 (e.g. /api/health, the floor of any request). */
      kind: 'get';
      path: string;
    }
  | {
      /** POST a password sign-in; the answer must be 200 with a token and the account's record. */
      kind: 'sign-in';
      path: string;
      identity: string;
      password: string;
    }
  | {
      /** GET a list as a random user; totals, page size and membership are checked. */
      kind: 'list-shared';
      path: string;
      perPage: number;
      skipTotal: boolean;
      users: { id: string; token: string; shared: number }[];
    }
  | {
      /** POST decision batches round-robin; every answer must equal the expected decisions. */
      kind: 'decisions';
      path: string;
      headers: Record<string, string>;
      bodies: string[];
      /** Per body, the expected decisions: '1' allowed, '0' denied, one per check. */
      expected: string[];
      /** Per body, each check's action (Cerbos keys its answers by action). */
      actions: string[][];
      /** Gatehouse's `{ results: boolean[] }`, or Cerbos's results by resource id `r<i>`. */
      answer: 'gatehouse' | 'cerbos';
    };

export interface LoadOptions {
  concurrency: number;
  warmupSeconds: number;
  seconds: number;
}

export interface LoadResult {
  count: number;
  /** Wall time of the measured window in the child, in seconds. */
  seconds: number;
  /** Latencies of the measured requests in milliseconds, sorted. */
  latencies: number[];
  /** CPU time of the client process per second of the measured window. */
  cpuCores: number;
  /** Decisions answered allowed in the measured window ('decisions' scenarios; else 0). */
  allowed: number;
}

/**
 * Called when the measured window starts; the function it returns is called when the window ends,
 * and what that returns comes back with the result (e.g. the server's CPU time over the window).
 */
export type Window<W> = () => () => W;

type ToChild =
  | { type: 'open'; url: string; scenario: Scenario; concurrency: number }
  | { type: 'run'; warmupSeconds: number; seconds: number };
type FromChild =
  | { type: 'measuring' }
  | { type: 'done'; result: LoadResult }
  | { type: 'failed'; message: string };

const CHILD_FLAG = '--gatehouse-http-load-child';

/**
 * A load client process with its connections open to one server, for several measured windows
 * (benchmarks that interleave figures measure each in rounds). One window at a time.
 */
export interface LoadClient {
  /** One measured window after `warmupSeconds` of unmeasured load; see Window for `window`. */
  run<W>(
    options: { warmupSeconds: number; seconds: number },
    window: Window<W>,
  ): Promise<LoadResult & { window: W }>;
  close(): void;
}

/** Forks the client process and opens its `concurrency` connections to `url`. */
export function startLoadClient(url: string, scenario: Scenario, concurrency: number): LoadClient {
  // The child inherits tsx's loader flags, not profiling or inspector flags.
  const execArgv = process.execArgv.filter((a) => !/^--(cpu-prof|prof|inspect|heap-prof)/.test(a));
  const child = fork(fileURLToPath(import.meta.url), [CHILD_FLAG], {
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let current: ((message: FromChild | Error) => void) | null = null;
  let gone: Error | null = null;
  const fail = (error: Error) => {
    gone ??= error;
    current?.(error);
  };
  child.on('message', (raw) => current?.(raw as FromChild));
  child.on('error', fail);
  child.on('exit', (code, signal) => {
    fail(new Error(`load client exited (${signal ?? String(code)}) before reporting`));
  });
  const open: ToChild = { type: 'open', url, scenario, concurrency };
  child.send(open);

  return {
    run<W>(options: { warmupSeconds: number; seconds: number }, window: Window<W>) {
      return new Promise<LoadResult & { window: W }>((resolve, reject) => {
        if (gone) {
          reject(gone);
          return;
        }
        if (current) {
          reject(new Error('the load client is already running a window'));
          return;
        }
        let end: (() => W) | null = null;
        current = (message) => {
          if (message instanceof Error) {
            current = null;
            reject(message);
          } else if (message.type === 'measuring') {
            end = window();
          } else {
            current = null;
            if (message.type === 'failed') reject(new Error(message.message));
            else if (end) resolve({ ...message.result, window: end() });
            else reject(new Error('the load client finished without a measured window'));
          }
        };
        const run: ToChild = { type: 'run', ...options };
        child.send(run);
      });
    },
    close() {
      current = null;
      if (child.connected) child.disconnect();
    },
  };
}

/**
 * Runs `scenario` against `url` from a child process, once. `window` brackets the measured part
 * (after the warm-up). Rejects on the first wrong answer or failed request.
 */
export async function runLoad<W>(
  url: string,
  scenario: Scenario,
  options: LoadOptions,
  window: Window<W>,
): Promise<LoadResult & { window: W }> {
  const client = startLoadClient(url, scenario, options.concurrency);
  try {
    return await client.run(options, window);
  } finally {
    client.close();
  }
}

// ——— the child ———

interface Answer {
  status: number;
  text: string;
}

type Headers = Record<string, string | number>;

/**
 * A minimal HTTP/1.1 keep-alive client over raw sockets, one per loop: the request goes out as one
 * write, the answer is read by Content-Length (or its chunks). node:http's client cost ~0.7 ms of CPU per request
 * on the machine it shares with the server, more than the server spends on some requests; a load
 * generator should cost as little as it can (as wrk does). Anything it does not expect — an answer
 * with neither length nor chunks, a closed connection — fails the run.
 */
function requester(base: string, concurrency: number) {
  const target = new URL(base);
  const port = Number(target.port);
  const idle: Connection[] = Array.from(
    { length: concurrency },
    () => new Connection(target.hostname, port),
  );
  return async (method: string, path: string, headers: Headers, body = '') => {
    const connection = idle.pop() ?? new Connection(target.hostname, port);
    try {
      return await connection.request(method, path, target.host, headers, body);
    } finally {
      if (connection.usable) idle.push(connection);
    }
  };
}

const HEADER_END = Buffer.from('\r\n\r\n');

class Connection {
  private readonly socket: net.Socket;
  private pending: {
    resolve: (answer: Answer) => void;
    reject: (error: Error) => void;
  } | null = null;
  private buffer: Buffer = Buffer.alloc(0);
  usable = true;

  constructor(host: string, port: number) {
    this.socket = net.connect({ host, port, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.parse();
    });
    const fail = (error: Error) => {
      this.usable = false;
      const pending = this.pending;
      this.pending = null;
      pending?.reject(error);
    };
    this.socket.on('error', fail);
    this.socket.on('close', () => {
      fail(new Error('the server closed the connection'));
    });
  }

  request(method: string, path: string, host: string, headers: Headers, body: string) {
    let head = `${method} ${path} HTTP/1.1\r\nhost: ${host}\r\n`;
    for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
    if (body !== '' && !('content-length' in headers))
      head += `content-length: ${Buffer.byteLength(body)}\r\n`;
    return new Promise<Answer>((resolve, reject) => {
      if (!this.usable) {
        reject(new Error('connection is closed'));
        return;
      }
      this.pending = { resolve, reject };
      this.socket.write(`${head}\r\n${body}`);
    });
  }

  private parse(): void {
    const end = this.buffer.indexOf(HEADER_END);
    if (end < 0 || !this.pending) return;
    const head = this.buffer.toString('latin1', 0, end);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length: *(\d+)/i.exec(head)?.[1];
    const bodyStart = end + HEADER_END.length;
    let body: { text: string; end: number } | null;
    try {
      if (length !== undefined) {
        const bodyEnd = bodyStart + Number(length);
        body =
          this.buffer.length < bodyEnd
            ? null
            : { text: this.buffer.toString('utf8', bodyStart, bodyEnd), end: bodyEnd };
      } else if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
        body = dechunk(this.buffer, bodyStart);
      } else {
        throw new Error(`an answer without Content-Length or chunks: ${head.slice(0, 200)}`);
      }
    } catch (error) {
      this.usable = false;
      this.socket.destroy();
      this.pending.reject(error instanceof Error ? error : new Error(String(error)));
      this.pending = null;
      return;
    }
    if (!body) return;
    this.buffer = this.buffer.subarray(body.end);
    const pending = this.pending;
    this.pending = null;
    pending.resolve({ status, text: body.text });
  }
}

const CRLF = Buffer.from('\r\n');

/**
 * A chunked body from `from` on (Go's servers, Cerbos among them, chunk answers over 4 KB): its
 * text and where it ends, or null while incomplete. Trailers are skipped.
 */
export function dechunk(buffer: Buffer, from: number): { text: string; end: number } | null {
  const parts: Buffer[] = [];
  let at = from;
  for (;;) {
    const lineEnd = buffer.indexOf(CRLF, at);
    if (lineEnd < 0) return null;
    const sizeText = buffer.toString('latin1', at, lineEnd).split(';', 1)[0]!.trim();
    if (!/^[0-9a-f]+$/i.test(sizeText))
      throw new Error(`a bad chunk size: ${sizeText.slice(0, 20)}`);
    const size = parseInt(sizeText, 16);
    if (size === 0) {
      // The last chunk: optional trailers, then an empty line.
      const last = buffer.indexOf(HEADER_END, lineEnd);
      if (last < 0) return null;
      return { text: Buffer.concat(parts).toString('utf8'), end: last + HEADER_END.length };
    }
    const dataStart = lineEnd + CRLF.length;
    if (buffer.length < dataStart + size + CRLF.length) return null;
    parts.push(buffer.subarray(dataStart, dataStart + size));
    at = dataStart + size + CRLF.length;
  }
}

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;

/** Decisions answered allowed since the measured window started (the child's only state). */
const tally = { allowed: 0 };

/** The decisions of an answer, as '1'/'0' per check, read the scenario's way. */
function decisionsOf(
  scenario: Extract<Scenario, { kind: 'decisions' }>,
  text: string,
  actions: readonly string[],
): string {
  const body = JSON.parse(text) as { results?: unknown };
  if (!Array.isArray(body.results) || body.results.length !== actions.length)
    throw new Error(`expected ${actions.length} results: ${text.slice(0, 500)}`);
  if (scenario.answer === 'gatehouse')
    return body.results.map((r) => (r === true ? '1' : '0')).join('');
  const byId = new Map(
    (body.results as { resource?: { id?: string }; actions?: Record<string, string> }[]).map(
      (r) => [r.resource?.id, r.actions],
    ),
  );
  return actions
    .map((action, i) => {
      const effect = byId.get(`r${i}`)?.[action];
      if (effect !== 'EFFECT_ALLOW' && effect !== 'EFFECT_DENY')
        throw new Error(`no effect for check ${i} (${action}): ${text.slice(0, 500)}`);
      return effect === 'EFFECT_ALLOW' ? '1' : '0';
    })
    .join('');
}

/** POSTs the bodies round-robin; any decision other than the expected one fails the run. */
function decisionsOperation(
  scenario: Extract<Scenario, { kind: 'decisions' }>,
  send: ReturnType<typeof requester>,
) {
  const headers = { ...scenario.headers, 'content-type': 'application/json' };
  let next = 0;
  return async () => {
    const b = next++ % scenario.bodies.length;
    const res = await send('POST', scenario.path, headers, scenario.bodies[b]);
    if (res.status !== 200) {
      throw new Error(`${scenario.path} answered ${res.status}: ${res.text.slice(0, 500)}`);
    }
    const got = decisionsOf(scenario, res.text, scenario.actions[b]!);
    const expected = scenario.expected[b]!;
    if (got !== expected) {
      throw new Error(`${scenario.path}: body ${b} answered ${got}, expected ${expected}`);
    }
    for (let i = 0; i < got.length; i++) if (got.charCodeAt(i) === 49) tally.allowed++;
  };
}

/** One request of the scenario, its answer checked; throws on anything unexpected. */
function operationFor(scenario: Scenario, send: ReturnType<typeof requester>) {
  if (scenario.kind === 'get') {
    return async () => {
      const res = await send('GET', scenario.path, {});
      if (res.status !== 200) {
        throw new Error(`GET ${scenario.path} answered ${res.status}: ${res.text.slice(0, 500)}`);
      }
    };
  }
  if (scenario.kind === 'sign-in') {
    const body = JSON.stringify({ identity: scenario.identity, password: scenario.password });
    const headers = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    };
    return async () => {
      const res = await send('POST', scenario.path, headers, body);
      if (res.status !== 200) {
        throw new Error(`sign-in answered ${res.status}: ${res.text.slice(0, 500)}`);
      }
      const answer = JSON.parse(res.text) as { token?: unknown; record?: { email?: unknown } };
      if (typeof answer.token !== 'string' || answer.record?.email !== scenario.identity) {
        throw new Error(`sign-in answered 200 without a token or the record: ${res.text}`);
      }
    };
  }
  if (scenario.kind === 'decisions') return decisionsOperation(scenario, send);
  const { path, perPage, skipTotal, users } = scenario;
  return async () => {
    const user = pick(users);
    const res = await send('GET', path, { authorization: user.token });
    if (res.status !== 200) {
      throw new Error(`list answered ${res.status}: ${res.text.slice(0, 500)}`);
    }
    const body = JSON.parse(res.text) as {
      totalItems: number;
      items: { id: string; users: string[] }[];
    };
    const expected = skipTotal ? -1 : user.shared;
    if (body.totalItems !== expected) {
      throw new Error(`user ${user.id}: totalItems ${body.totalItems}, expected ${expected}`);
    }
    if (body.items.length !== Math.min(perPage, user.shared)) {
      throw new Error(`user ${user.id}: ${body.items.length} items of ${user.shared} shared`);
    }
    for (const item of body.items) {
      if (!item.users.includes(user.id)) {
        throw new Error(`user ${user.id} got record ${item.id} not shared with them`);
      }
    }
  };
}

/** Measures one window with the open connections: warm-up, then `seconds` of counted requests. */
async function measureWindow(
  concurrency: number,
  operation: () => Promise<void>,
  run: Extract<ToChild, { type: 'run' }>,
  send: (m: FromChild) => void,
): Promise<LoadResult> {
  if (run.warmupSeconds > 0) await loops(concurrency, run.warmupSeconds, operation);
  send({ type: 'measuring' });
  tally.allowed = 0;
  const cpuBefore = process.cpuUsage();
  const measured = await loops(concurrency, run.seconds, operation);
  const cpu = process.cpuUsage(cpuBefore);
  return {
    count: measured.latencies.length,
    seconds: measured.seconds,
    latencies: measured.latencies.sort((a, b) => a - b),
    cpuCores: (cpu.user + cpu.system) / 1e6 / measured.seconds,
    allowed: tally.allowed,
  };
}

/** The child: opens its connections on 'open', measures a window per 'run', exits when cut off. */
function child(): void {
  const send = (m: FromChild) => process.send?.(m);
  let measuring: ((run: Extract<ToChild, { type: 'run' }>) => Promise<LoadResult>) | null = null;
  process.on('message', (raw) => {
    const message = raw as ToChild;
    if (message.type === 'open') {
      const { concurrency } = message;
      const operation = operationFor(message.scenario, requester(message.url, concurrency));
      measuring = (run) => measureWindow(concurrency, operation, run, send);
      return;
    }
    if (!measuring) {
      send({ type: 'failed', message: "'run' before 'open'" });
      return;
    }
    measuring(message)
      .then((result) => send({ type: 'done', result }))
      .catch((error: unknown) => {
        const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
        process.send?.({ type: 'failed', message: text } satisfies FromChild, () =>
          process.exit(1),
        );
      });
  });
  // The parent disconnecting (close(), or its own end) ends the client.
  process.on('disconnect', () => process.exit(0));
}

if (process.argv.includes(CHILD_FLAG)) child();
