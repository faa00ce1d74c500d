export { TenantRepository, type TenantRecord } from './tenant.repository.js';
export {
  ConnectionRepository,
  CONNECTION_STATUSES,
  type ConnectionRecord,
  type ConnectionStatus,
  type ActivateConnectionInput,
} from './connection.repository.js';
export {
  ApiKeyRepository,
  API_KEY_ROLES,
  type ApiKeyRecord,
  type ApiKeyRole,
  type ApiKeyPrincipal,
  type CreateApiKeyInput,
} from './api-key.repository.js';
export { apiKeyPrefix, generateApiKey } from './api-key.format.js';
export { CachedApiKeyAuthenticator, type ApiKeyAuthSource, type CachedApiKeyAuthenticatorOptions } from './cached-api-key.authenticator.js';
