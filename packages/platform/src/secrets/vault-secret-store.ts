import { ConnectorError, ValidationError, type SecretStorePort, type SecretValue } from '@bizosaas/domain';
import { createRequire } from 'node:module';
import type nodeVault from 'node-vault';
import { z } from 'zod';
import { toVaultConnectorError, vaultStatusOf } from './vault-secret-store.errors.js';

export interface VaultSecretStoreOptions {
  /** Vault address, e.g. `https://vault.internal:8200`. */
  readonly addr: string;
  readonly token: string;
  /** KV version 2 mount path, e.g. `secret`. */
  readonly mount: string;
  /** Vault Enterprise namespace, sent as `X-Vault-Namespace`. */
  readonly namespace?: string;
  /** Per-request timeout in milliseconds; defaults to 5000. */
  readonly timeoutMs?: number;
}

// Loaded when a Vault store is built, not when the platform is imported: node-vault and its HTTP stack cost
// start-up time in every process, most of which use the local store.
const loadNodeVault = (): typeof nodeVault => createRequire(import.meta.url)('node-vault');

// Segments Vault accepts without escaping; `.`/`..` are refused so a path can never climb out of its mount.
const SEGMENT = /^[A-Za-z0-9_.-]+$/;

// https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#read-secret-version
const readResponse = z.object({ data: z.object({ data: z.record(z.string(), z.string()) }) });

/**
 * Secrets in HashiCorp Vault's KV version 2 engine, through node-vault. A secret at `tenants/t1/crm/hubspot`
 * lives at `<mount>/data/tenants/t1/crm/hubspot`; every `put` adds a version, `delete` removes them all.
 */
export class VaultSecretStore implements SecretStorePort {
  private readonly client: nodeVault.client;
  private readonly mount: string;

  /** @throws ValidationError when `mount` is not a valid path. */
  constructor(options: VaultSecretStoreOptions) {
    this.mount = checkPath(options.mount, 'mount');
    const clientOptions = {
      endpoint: options.addr,
      token: options.token,
      apiVersion: 'v1',
      // node-vault's debug output prints written data, i.e. secret values, whenever DEBUG=node-vault is set.
      debug: () => undefined,
      // Otherwise VAULT_SKIP_VERIFY in the environment would silently turn off TLS verification.
      rpDefaults: { strictSSL: true },
      requestOptions: { timeout: options.timeoutMs ?? 5000 },
    } satisfies nodeVault.VaultOptions & { rpDefaults: { strictSSL: boolean } };
    this.client = loadNodeVault()(clientOptions);
    // node-vault falls back to VAULT_NAMESPACE / VAULT_PREFIX from process.env when these are empty;
    // configuration comes only from loadConfig, so pin them.
    Object.assign(this.client, { namespace: options.namespace ?? '', pathPrefix: '' });
  }

  /**
   * Writes a new version of the secret at `path`.
   * @throws ValidationError for a malformed path; ConnectorError `misconfigured` / `upstream_unavailable`.
   */
  async put(path: string, value: SecretValue): Promise<void> {
    const dataPath = `${this.mount}/data/${checkPath(path)}`;
    // Copied field by field so nothing but string fields reaches Vault.
    const data = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
    try {
      // https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#create-update-secret
      await this.client.write(dataPath, { data });
    } catch (error) {
      throw toVaultConnectorError(error, `write the secret at ${path}`, this.mount);
    }
  }

  /**
   * The latest version of the secret at `path`, or null when there is none (or it was deleted).
   * @throws ValidationError for a malformed path; ConnectorError `misconfigured` / `upstream_unavailable`,
   *   or `invalid_response` when Vault's answer is not a KV v2 secret of string fields.
   */
  async get(path: string): Promise<SecretValue | null> {
    const dataPath = `${this.mount}/data/${checkPath(path)}`;
    let body: unknown;
    try {
      body = await this.client.read(dataPath);
    } catch (error) {
      if (vaultStatusOf(error) === 404) return null;
      throw toVaultConnectorError(error, `read the secret at ${path}`, this.mount);
    }
    const parsed = readResponse.safeParse(body);
    if (!parsed.success) {
      // The zod error is not passed on: its issues may quote the stored values.
      throw new ConnectorError('invalid_response', 'vault', `Vault's answer for the secret at ${path} is not a KV v2 secret of string fields`);
    }
    return Object.freeze({ ...parsed.data.data.data });
  }

  /**
   * Removes every version and the metadata of the secret at `path`. A missing secret is not an error.
   * @throws ValidationError for a malformed path; ConnectorError `misconfigured` / `upstream_unavailable`.
   */
  async delete(path: string): Promise<void> {
    const metadataPath = `${this.mount}/metadata/${checkPath(path)}`;
    try {
      // https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2#delete-metadata-and-all-versions
      await this.client.delete(metadataPath);
    } catch (error) {
      if (vaultStatusOf(error) === 404) return;
      throw toVaultConnectorError(error, `delete the secret at ${path}`, this.mount);
    }
  }
}

function checkPath(path: string, field = 'path'): string {
  const segments = path.split('/');
  if (!segments.every((s) => SEGMENT.test(s) && s !== '.' && s !== '..')) {
    throw new ValidationError(
      [{ field, reason: `must be /-separated segments of letters, digits, _ . - (got ${JSON.stringify(path)})` }],
      'SECRETS.INVALID_PATH',
    );
  }
  return path;
}
