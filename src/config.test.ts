import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to SQLite in ./gatehouse_data on 127.0.0.1:8090', () => {
    const config = loadConfig({}, {});
    expect(config.http).toEqual({ host: '127.0.0.1', port: 8090 });
    expect(config.dir).toBe(path.resolve('gatehouse_data'));
    expect(config.db).toBe(`sqlite:${path.resolve('gatehouse_data', 'data.db')}`);
    expect(config).toMatchObject({
      shareAllSystems: false,
      trustProxy: 0,
      publicUrl: '',
      timeouts: { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000, uploadIdleMs: 30_000 },
      initialUser: null,
      dbSchema: '',
    });
  });

  it('takes flags over environment over defaults', () => {
    const env = {
      GATEHOUSE_HTTP: '0.0.0.0:9000',
      GATEHOUSE_DB: 'postgres://db/x',
      GATEHOUSE_SHARE_ALL_SYSTEMS: 'true',
    };
    expect(loadConfig({}, env)).toMatchObject({
      http: { host: '0.0.0.0', port: 9000 },
      db: 'postgres://db/x',
      shareAllSystems: true,
    });
    expect(
      loadConfig({ http: '[::1]:7000', db: 'sqlite:/tmp/x.db', shareAllSystems: false }, env),
    ).toMatchObject({
      http: { host: '::1', port: 7000 },
      db: 'sqlite:/tmp/x.db',
      shareAllSystems: false,
    });
    expect(loadConfig({}, { SHARE_ALL_SYSTEMS: 'yes' }).shareAllSystems).toBe(true);
  });

  it('reads --trust-proxy as a hop count or a list of proxy addresses', () => {
    const trust = (value: string) => loadConfig({}, { GATEHOUSE_TRUST_PROXY: value }).trustProxy;
    expect(trust('')).toBe(0);
    expect(trust('off')).toBe(0);
    expect(trust('false')).toBe(0);
    // `1` was "on" before and now means one proxy: the same thing for the usual deployment.
    expect(trust('1')).toBe(1);
    expect(trust(' 2 ')).toBe(2);
    expect(trust('10.0.0.0/8, 127.0.0.1,::1,loopback')).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      '::1',
      'loopback',
    ]);
    // The flag wins over the environment.
    expect(loadConfig({ trustProxy: '3' }, { GATEHOUSE_TRUST_PROXY: '1' }).trustProxy).toBe(3);
  });

  it.each([
    [{}, { GATEHOUSE_TRUST_PROXY: 'true' }, /GATEHOUSE_TRUST_PROXY: "true" would trust every/],
    [{}, { GATEHOUSE_TRUST_PROXY: 'yes' }, /number of reverse proxies .* or their addresses/],
    [{ trustProxy: true }, {}, /--trust-proxy: "true" would trust every/],
    [{ trustProxy: '17' }, {}, /at most 16 proxy hops/],
    [{ trustProxy: '10.0.0.0/33' }, {}, /"10.0.0.0\/33" is not a hop count/],
    [{ trustProxy: '10.0.0.1,' }, {}, /"" is not a hop count/],
  ])('refuses the trust-proxy value %j %j', (flags, env, message) => {
    expect(() => loadConfig(flags, env)).toThrow(message);
  });

  it('reads --public-url without its trailing slash', () => {
    expect(loadConfig({}, { GATEHOUSE_PUBLIC_URL: 'https://hub.example.com/' }).publicUrl).toBe(
      'https://hub.example.com',
    );
    expect(
      loadConfig(
        { publicUrl: 'http://10.0.0.1:8090/gatehouse/' },
        { GATEHOUSE_PUBLIC_URL: 'https://x.example' },
      ).publicUrl,
    ).toBe('http://10.0.0.1:8090/gatehouse');
  });

  it.each([
    'ftp://hub.example.com',
    'hub.example.com',
    'https://hub.example.com/?a=1',
    'https://u:p@hub.example.com',
  ])('refuses the public URL %s', (value) => {
    expect(() => loadConfig({ publicUrl: value }, {})).toThrow(
      /--public-url must be an http\(s\) URL/,
    );
  });

  it('reads the timeouts in seconds, flags over environment', () => {
    expect(
      loadConfig(
        { requestTimeout: '1.5', uploadIdleTimeout: '120' },
        {
          GATEHOUSE_HEADERS_TIMEOUT: '15',
          GATEHOUSE_REQUEST_TIMEOUT: '60',
          GATEHOUSE_KEEP_ALIVE_TIMEOUT: '65',
        },
      ).timeouts,
    ).toEqual({ headersMs: 15_000, requestMs: 1_500, keepAliveMs: 65_000, uploadIdleMs: 120_000 });
  });

  it.each([
    [{ requestTimeout: '0' }, {}, /--request-timeout must be a number of seconds/],
    [{ headersTimeout: 'ten' }, {}, /--headers-timeout/],
    [{}, { GATEHOUSE_KEEP_ALIVE_TIMEOUT: '-1' }, /--keep-alive-timeout/],
    [{ uploadIdleTimeout: '3601' }, {}, /--upload-idle-timeout/],
  ])('refuses the timeout %j %j', (flags, env, message) => {
    expect(() => loadConfig(flags, env)).toThrow(message);
  });

  it('reads the headless first-run account', () => {
    expect(
      loadConfig({}, { GATEHOUSE_USER_EMAIL: 'a@b.co', GATEHOUSE_USER_PASSWORD: 'pw-pw-pw-pw' })
        .initialUser,
    ).toEqual({
      email: 'a@b.co',
      password: 'pw-pw-pw-pw',
    });
  });

  it.each([
    [{ http: 'nonsense' }, {}, /--http must be host:port/],
    [{ http: '1.2.3.4:99999' }, {}, /--http/],
    [{ db: 'mysql://x' }, {}, /--db must be/],
    [{ dbSchema: 'Bad-Name' }, {}, /--db-schema/],
    [{}, { GATEHOUSE_TRUST_PROXY: 'maybe' }, /GATEHOUSE_TRUST_PROXY/],
    [{ logLevel: 'loud' }, {}, /--log-level/],
    [{}, { GATEHOUSE_USER_EMAIL: 'a@b.co' }, /must be set together/],
  ])('refuses %j %j', (flags, env, message) => {
    expect(() => loadConfig(flags, env)).toThrow(message);
  });
});
