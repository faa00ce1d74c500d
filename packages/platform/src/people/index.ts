export { peopleMigrationSet } from './people.migrations.js';
export { createPeople, type People, type PeopleDeps } from './people.js';
export type { SessionUser, IssuedSession, SignInOutcome, MfaOutcome, RequestOrigin, Caller } from './people.types.js';
export type { UserRecord, UserRole } from './user.repository.js';
export { USER_ROLES } from './user.repository.js';
export type { AuditEntry, AuditFilter, AuditActor } from './audit-log.js';
export type { OwnedApiKey } from './api-key-ownership.js';
export { passwordProblem, MIN_PASSWORD_LENGTH } from './common-passwords.js';
export { hotp, totpStep } from './totp.js';
