import { DomainError, ValidationError } from '@bizosaas/domain';
import type { AccountsPort, AccountsRefusal, PeopleGatewayOptions } from '@bizosaas/gateway';
import type { Platform } from '@bizosaas/platform';

const HTTP_OF_KIND: Readonly<Record<string, number>> = { invalid_input: 400, not_found: 404, conflict: 409, forbidden: 403, invalid_state: 409, not_supported: 501 };

/** A platform error as the /auth endpoints answer it; anything unexpected is rethrown (a 500 with a request id). */
export function refusalOf(error: unknown): AccountsRefusal {
  if (error instanceof ValidationError) {
    const invitation = error.violations.some((violation) => violation.field === 'token');
    return { status: 'REFUSED', httpStatus: 400, code: invitation ? 'INVALID_INVITATION' : 'INVALID_INPUT', message: error.message };
  }
  if (error instanceof DomainError) return { status: 'REFUSED', httpStatus: HTTP_OF_KIND[error.kind] ?? 400, code: error.code, message: error.message };
  throw error;
}

/** The gateway's sign-in port over the platform's people services (the composition root's one adapter). */
export function createAccountsAdapter(platform: Platform): AccountsPort {
  const { people } = platform;
  return {
    signIn: (input, origin, previous) => people.signIn.signIn(input, origin, previous),
    completeMfa: (pending, code, origin) => people.signIn.completeMfa(pending, code, origin),
    beginPendingEnrolment: (pending) => people.beginPendingEnrolment(pending),
    confirmPendingEnrolment: (pending, code, origin) => people.confirmPendingEnrolment(pending, code, origin).catch(refusalOf),
    signOut: (token, origin) => people.signIn.signOut(token, origin),
    sessionUser: (token) => people.signIn.sessionUser(token),
    authenticateSession: (token) => people.signIn.authenticate(token),
    csrfMatches: (token, presented) => people.sessions.csrfMatches(token, presented),
    acceptInvitation: async (input, origin) => {
      try {
        const user = await people.invitations.accept(input, origin);
        return await people.signIn.completeSignIn(user, origin, 'invitation');
      } catch (error) {
        return refusalOf(error);
      }
    },
    oidcStart: (tenant, origin) => people.sso.start(tenant, origin),
    oidcCallback: (query, flowToken, origin) => people.sso.callback(query, flowToken, origin),
    recordMutation: (entry) => people.service.recordMutation(entry),
    recordThrottled: (tenant, email, origin) => people.recordThrottled(tenant, email, origin),
  };
}

/** The gateway's people options from the platform and its config (cookies Secure when PUBLIC_URL is https). */
export function peopleGatewayOptions(platform: Platform): PeopleGatewayOptions {
  const { config } = platform;
  return {
    accounts: createAccountsAdapter(platform),
    limits: {
      perAddress: config.abuse.authFailures.perAddress,
      perAccount: config.people.failuresPerAccount,
      windowSeconds: config.abuse.authFailures.windowSeconds,
      lockoutSeconds: config.people.lockoutSeconds,
    },
    secureCookies: config.publicUrl.startsWith('https:'),
    publicOrigin: new URL(config.publicUrl).origin,
  };
}
