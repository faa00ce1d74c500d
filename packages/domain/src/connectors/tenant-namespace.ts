/**
 * The one rule for settings that select a data namespace (the sandbox's `dataset`, and any future setting
 * that names a bucket, schema or folder in storage the platform shares between tenants): the name a tenant
 * types is only ever used qualified by its own tenant id. Two tenants typing the same name get two
 * namespaces, so no setting can walk around the id checks into another tenant's data.
 *
 * The tenant id comes from the connection record (the signed context), never from the client.
 */
export function tenantNamespace(tenantId: string, name: string): string {
  if (tenantId === '') throw new Error('tenantNamespace needs the tenant id of the connection');
  // `/` cannot occur in a tenant id, so `a/b-c` and `a-b/c` never collide.
  return `${tenantId}/${name}`;
}
