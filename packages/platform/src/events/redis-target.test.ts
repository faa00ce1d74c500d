import { describe, expect, it } from 'vitest';
import { parseRedisTarget, redisUrlProblem } from './redis-target.js';

describe('parseRedisTarget', () => {
  it('keeps a redis:// or rediss:// URL as one server', () => {
    expect(parseRedisTarget('redis://127.0.0.1:6379/2')).toEqual({ kind: 'single', url: 'redis://127.0.0.1:6379/2' });
    expect(parseRedisTarget('rediss://:pw@cache:6380')).toEqual({ kind: 'single', url: 'rediss://:pw@cache:6380' });
  });

  it('reads the seed nodes, credentials and TLS of a redis+cluster:// URL', () => {
    expect(parseRedisTarget('redis+cluster://10.0.0.1:7000,redis-b.internal:7001, [::1]:7002')).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: 'redis-b.internal', port: 7001 },
        { host: '::1', port: 7002 },
      ],
      tls: false,
    });
    expect(parseRedisTarget('rediss+cluster://app:p%40ss%3Aword@h1:7000/')).toEqual({
      kind: 'cluster',
      nodes: [{ host: 'h1', port: 7000 }],
      username: 'app',
      password: 'p@ss:word',
      tls: true,
    });
    expect(parseRedisTarget('redis+cluster://:secret@h1:7000')).toMatchObject({ password: 'secret' });
    expect(parseRedisTarget('redis+cluster://:secret@h1:7000')).not.toHaveProperty('username');
  });

  it('says what is wrong, without repeating the URL or its password', () => {
    const cases: [string, RegExp][] = [
      ['http://cache:6379', /must be a redis:\/\/ or rediss:\/\/ URL, or redis\+cluster:\/\//],
      ['redis://', /with a host/],
      ['redis+cluster://', /host:port,host:port/],
      ['redis+cluster://:hunter2@h1', /host:port,host:port/],
      ['redis+cluster://:hunter2@h1:7000,h2:99999', /each port 1\.\.65535/],
      ['redis+cluster://:hunter2@h1:7000,,h2:7001', /host:port,host:port/],
      ['redis+cluster://:hunter2@h1:7000/3', /redis\+cluster:\/\/host:port/],
      ['redis+cluster://:%E0%A4%A@h1:7000', /not valid percent-encoding/],
    ];
    for (const [url, reason] of cases) {
      const problem = redisUrlProblem(url);
      expect(problem, url).toMatch(reason);
      expect(problem).not.toContain('hunter2');
      if (url.length > 10) expect(problem).not.toContain(url);
    }
    expect(redisUrlProblem('redis+cluster://127.0.0.1:7000,127.0.0.1:7001')).toBeUndefined();
  });
});
