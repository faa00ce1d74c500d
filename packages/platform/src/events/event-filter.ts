import type { SubscribeOptions } from '@bizosaas/domain';

/** Whether a subscription with these options wants an event of `type` from `tenantId`. */
export function wantsEvent(options: SubscribeOptions, tenantId: string, type: string): boolean {
  if (options.tenantId !== undefined && options.tenantId !== tenantId) return false;
  return options.types === undefined || options.types.includes(type);
}
