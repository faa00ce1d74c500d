import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { lazyFetch, lazyModule } from './apollo-lazy-dependencies.js';

describe('lazy stand-ins for @apollo/gateway dependencies it never uses here', () => {
  it('a lazy module loads on the first read and then reads through', () => {
    let loads = 0;
    const standIn = lazyModule(() => {
      loads += 1;
      return { answer: 42, __esModule: true };
    });
    expect(loads).toBe(0);
    expect(Reflect.get(standIn, 'answer')).toBe(42);
    expect('__esModule' in standIn).toBe(true);
    expect(Object.keys(standIn)).toEqual(['answer', '__esModule']);
    expect(loads).toBe(1);
  });

  it('a lazy fetch applies the recorded defaults, in order, at the first fetch', () => {
    const calls: unknown[] = [];
    const real = Object.assign((...args: unknown[]) => ({ args, options: [] }), {
      defaults: (...options: unknown[]) => {
        calls.push(options);
        const configured = Object.assign((...args: unknown[]) => ({ args, options }), { defaults: real.defaults });
        return configured;
      },
    });
    let loads = 0;
    const fetch = lazyFetch(() => {
      loads += 1;
      return real;
    }).defaults({ retry: false });
    expect(loads).toBe(0);
    expect(fetch('http://x/')).toEqual({ args: ['http://x/'], options: [{ retry: false }] });
    expect(loads).toBe(1);
    expect(calls).toEqual([[{ retry: false }]]);
  });

  it('refuses a module that is not make-fetch-happen-shaped at the first fetch', () => {
    expect(() => lazyFetch(() => ({}))('http://x/')).toThrow(/unexpected shape/);
  });

  it('keeps OpenTelemetry and make-fetch-happen out of a process that loads @apollo/gateway, which still works', () => {
    const here = new URL('./apollo-lazy-dependencies.ts', import.meta.url).href;
    const script = `
      import ${JSON.stringify(here)};
      import { createRequire } from 'node:module';
      const require = createRequire(${JSON.stringify(import.meta.url)});
      const { ApolloGateway, RemoteGraphQLDataSource } = require('@apollo/gateway');
      const loaded = (name) => Object.keys(require.cache).some((path) => path.includes('/node_modules/' + name + '/'));
      const before = { otel: loaded('@opentelemetry/sdk-metrics'), fetch: loaded('make-fetch-happen'), gateway: typeof ApolloGateway };
      const source = new RemoteGraphQLDataSource({ url: 'http://127.0.0.1:9/graphql' });
      const failed = await source.fetcher('http://127.0.0.1:9/graphql').then(() => 'answered', (error) => error.code ?? error.name);
      console.log(JSON.stringify({ before, failed, fetchAfter: loaded('make-fetch-happen') }));`;
    const tsx = createRequire(import.meta.url).resolve('tsx');
    const out = execFileSync(process.execPath, ['--import', tsx, '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    const result: unknown = JSON.parse(out.trim().split('\n').pop() ?? '');
    expect(result).toEqual({ before: { otel: false, fetch: false, gateway: 'function' }, failed: 'ECONNREFUSED', fetchAfter: true });
  }, 60_000);
});
