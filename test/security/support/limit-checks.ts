/** The gateway's `bizosaas_gateway_operation_limit_checks_total` by entry point, from GET /metrics. */
export async function limitChecks(gatewayUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(new URL('/metrics', gatewayUrl))).text();
  const rows = [...text.matchAll(/^bizosaas_gateway_operation_limit_checks_total\{entry="(\w+)"\} (\d+)$/gm)];
  return Object.fromEntries(rows.map(([, entry, count]) => [entry, Number(count)]));
}

/** What `run` added to the limit checks, per entry point. */
export async function checksDuring(gatewayUrl: string, run: () => Promise<unknown>): Promise<Record<string, number>> {
  const before = await limitChecks(gatewayUrl);
  await run();
  const after = await limitChecks(gatewayUrl);
  return Object.fromEntries(Object.entries(after).map(([entry, count]) => [entry, count - (before[entry] ?? 0)]));
}
