import type { DbosWorkflowEngine, Platform } from '@bizosaas/platform';
import { WorkflowAdminService } from './workflow-admin.service.js';
import { createWorkflowClient } from './workflow-engine.factory.js';

interface GraphWorkflows {
  readonly admin: WorkflowAdminService;
  client: Promise<DbosWorkflowEngine> | undefined;
}

const perPlatform = new WeakMap<Platform, GraphWorkflows>();

/**
 * What the graph's workflow fields use in this process: one admin service per platform, whose engine is a
 * DBOS client launched on the first mutation that needs it (reading runs needs none). A launch that failed
 * is tried again by the next mutation.
 */
export function workflowAdminFor(platform: Platform): WorkflowAdminService {
  const existing = perPlatform.get(platform);
  if (existing) return existing.admin;
  const entry: GraphWorkflows = {
    admin: new WorkflowAdminService(platform, () => {
      const launching = (entry.client ??= createWorkflowClient(platform));
      launching.catch(() => {
        if (entry.client === launching) entry.client = undefined;
      });
      return launching;
    }),
    client: undefined,
  };
  perPlatform.set(platform, entry);
  return entry.admin;
}

/** Disconnects the graph's workflow client, if a mutation launched one. */
export async function closeGraphWorkflows(platform: Platform): Promise<void> {
  const entry = perPlatform.get(platform);
  const client = entry?.client;
  if (!entry || !client) return;
  entry.client = undefined;
  await (await client.catch(() => undefined))?.close();
}
