import type { AnalyticsPort, ReportRequest } from '@bizosaas/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// By path until packages/domain/src/testing/index.ts exports the analytics suite.
import { analyticsPortContractCases } from '@bizosaas/domain/testing';
import type { AnalyticsPortContractEnv } from '@bizosaas/domain/testing';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { SandboxAnalyticsAdapter } from './sandbox-analytics.adapter.js';
import { sandboxAnalyticsMigrations } from './sandbox-analytics.migrations.js';
import { seedSandboxAnalyticsDataset } from './sandbox-analytics.seed.js';

// The contract is only worth something if it fails broken adapters. Each fake below breaks one rule.

function caseNamed(fragment: string) {
  const found = analyticsPortContractCases.find((c) => c.name.includes(fragment));
  if (found === undefined) throw new Error(`no contract case mentions "${fragment}"`);
  return found;
}

function delegating(inner: AnalyticsPort, overrides: Partial<AnalyticsPort>): AnalyticsPort {
  return {
    provider: inner.provider,
    runReport: overrides.runReport ?? ((request) => inner.runReport(request)),
    runReports: overrides.runReports ?? ((requests) => inner.runReports(requests)),
  };
}

describe('the analytics port contract catches broken adapters', () => {
  let database: TestDatabase;
  let sandbox: SandboxAnalyticsAdapter;
  const envFor = (port: AnalyticsPort): AnalyticsPortContractEnv => ({
    port,
    known: { pagePath: '/pages/capabilities', startDate: '2026-09-01', endDate: '2026-09-30' },
    skip: (reason) => {
      throw new Error(`unexpected skip: ${reason}`);
    },
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.migrate(sandboxAnalyticsMigrations);
    await seedSandboxAnalyticsDataset(database.sql, 'breakage', { profile: 'globex' });
    sandbox = new SandboxAnalyticsAdapter({ sql: database.sql, dataset: 'breakage', connectionId: 'conn-breakage' });
  });
  afterAll(() => database.close());

  it('passes the working adapter through every case', async () => {
    for (const contractCase of analyticsPortContractCases) await contractCase.run(envFor(sandbox));
  });

  it('fails a list filter that only applies its first value', async () => {
    const firstOnly = delegating(sandbox, {
      runReport: (request: ReportRequest) => {
        const path = request.filters?.pagePath;
        return sandbox.runReport(Array.isArray(path) ? { ...request, filters: { pagePath: path[0] ?? '' } } : request);
      },
    });
    await expect(caseNamed('union of the single-value filters').run(envFor(firstOnly))).rejects.toThrow();
  });

  it('fails metric values formatted as floats', async () => {
    const floaty = delegating(sandbox, {
      runReport: async (request) => {
        const report = await sandbox.runReport(request);
        return { ...report, rows: report.rows.map((row) => ({ dimensions: row.dimensions, metrics: row.metrics.map((m) => String(Number(m).toFixed(1))) })) };
      },
    });
    await expect(caseNamed('decimal strings').run(envFor(floaty))).rejects.toThrow();
  });

  it('fails a batch that answers in another order', async () => {
    const reversed = delegating(sandbox, { runReports: async (requests) => [...(await sandbox.runReports(requests))].reverse() });
    await expect(caseNamed('runReports answers one slot per request').run(envFor(reversed))).rejects.toThrow();
  });

  it('fails a port that quietly swaps a reversed date range', async () => {
    const lenient = delegating(sandbox, {
      runReport: (request) => sandbox.runReport(request.endDate < request.startDate ? { ...request, startDate: request.endDate, endDate: request.startDate } : request),
    });
    await expect(caseNamed('endDate before the startDate').run(envFor(lenient))).rejects.toThrow();
  });
});
