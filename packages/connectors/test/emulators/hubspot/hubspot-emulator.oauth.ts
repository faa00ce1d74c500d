import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { HttpError } from './hubspot-emulator.requests.js';

/** The HubSpot emulator's authorization-code flow: the consent page and the code exchange. */
export class HubSpotConsentFlow {
  /** Consents given at `GET /oauth/authorize`, in order. */
  readonly consents: { clientId: string; redirectUri: string; scope: string; state: string | null }[] = [];
  /** The user refuses at the consent page (redirect with `error=access_denied`). */
  denyConsent = false;
  /** Authorization-code grants at the token endpoint (accepted or not). */
  codeExchanges = 0;
  /** Every authorization code and refresh token issued through the consent flow (tests grep for them). */
  readonly issuedCodes: string[] = [];
  readonly issuedRefreshTokens: string[] = [];
  private readonly codes = new Map<string, { clientId: string; redirectUri: string }>();

  constructor(
    private readonly clientId: string | undefined,
    /** Issues a token pair the emulator's API accepts. */
    private readonly issue: () => { accessToken: string; refreshToken: string },
  ) {}

  /**
   * HubSpot's consent page (`https://app.hubspot.com/oauth/authorize?client_id&scope&redirect_uri&state`,
   * https://developers.hubspot.com/docs/apps/legacy-apps/authentication/working-with-oauth): the user is
   * taken to have granted access at once, and the browser is redirected to `redirect_uri` with a
   * single-use `code` and the same `state` (or `error=access_denied` when `denyConsent` is set).
   */
  authorize(url: URL, res: ServerResponse): void {
    const clientId = url.searchParams.get('client_id') ?? '';
    const redirectUri = url.searchParams.get('redirect_uri') ?? '';
    const state = url.searchParams.get('state');
    if (this.clientId === undefined || clientId !== this.clientId || !/^https?:\/\//.test(redirectUri)) {
      throw new HttpError(400, { status: 'BAD_CLIENT_ID', message: 'unknown client id or redirect URI', correlationId: randomUUID() });
    }
    const target = new URL(redirectUri);
    if (this.denyConsent) {
      target.searchParams.set('error', 'access_denied');
      target.searchParams.set('error_description', 'The user denied access');
    } else {
      this.consents.push({ clientId, redirectUri, scope: url.searchParams.get('scope') ?? '', state });
      const code = `emu-code-${randomUUID()}`;
      this.codes.set(code, { clientId, redirectUri });
      this.issuedCodes.push(code);
      target.searchParams.set('code', code);
    }
    if (state !== null) target.searchParams.set('state', state);
    res.writeHead(302, { location: target.toString() });
    res.end();
  }

  /** `POST /oauth/v1/token` with `grant_type=authorization_code`: a code is used once. */
  exchange(form: URLSearchParams, oauth: { readonly clientId: string; readonly clientSecret: string; readonly expiresInSeconds?: number }) {
    this.codeExchanges += 1;
    if (form.get('client_id') !== oauth.clientId || form.get('client_secret') !== oauth.clientSecret) {
      throw new HttpError(400, { status: 'BAD_CLIENT_ID', message: 'missing or unknown client id', correlationId: randomUUID() });
    }
    const code = form.get('code') ?? '';
    const grant = this.codes.get(code);
    this.codes.delete(code);
    if (grant === undefined || grant.clientId !== oauth.clientId) throw new HttpError(400, { status: 'BAD_AUTH_CODE', message: 'missing or unknown auth code', correlationId: randomUUID() });
    if (grant.redirectUri !== form.get('redirect_uri')) throw new HttpError(400, { status: 'BAD_REDIRECT_URI', message: 'redirect_uri does not match', correlationId: randomUUID() });
    const { accessToken, refreshToken } = this.issue();
    this.issuedRefreshTokens.push(refreshToken);
    return { token_type: 'bearer', refresh_token: refreshToken, access_token: accessToken, expires_in: oauth.expiresInSeconds ?? 1800 };
  }
}
