import { ConnectorError, ValidationError } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { mailchimpConnector } from './mailchimp.connector.js';
import { createMailchimpConnectFlow } from './mailchimp.oauth.js';
import { mailchimpSettingsSchema } from './mailchimp.settings.js';

const input = { clientId: '123456789', redirectUri: 'https://portal.example/oauth/callback', state: 'st4te_-x' };
const settings = { dataCenter: 'us21' };

/** A fetch answering the token and metadata endpoints, recording what it was asked. */
function fakeLogin(dc: string, seen: string[]) {
  return (async (url: string | URL | Request, init?: RequestInit) => {
    const target = String(url);
    seen.push(`${target} ${new Headers(init?.headers).get('authorization') ?? ''}`);
    if (target.endsWith('/oauth2/token')) return Response.json({ access_token: 'Tok3nFromMailchimp0123', expires_in: 0, scope: null });
    return Response.json({ dc, api_endpoint: `https://${dc}.api.mailchimp.com`, accountname: 'Co' });
  }) as typeof fetch;
}

describe('Mailchimp connect flow', () => {
  const parse = (raw: unknown) => mailchimpSettingsSchema({ allowEmulator: false }).parse(raw);

  it('sends users to login.mailchimp.com with client id, redirect URI and state', () => {
    const url = new URL(createMailchimpConnectFlow(parse).authorizationUrl({ ...input, settings }));
    expect(`${url.origin}${url.pathname}`).toBe('https://login.mailchimp.com/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ response_type: 'code', client_id: '123456789', redirect_uri: input.redirectUri, state: 'st4te_-x' });
  });

  it('exchanges the code, asks the metadata endpoint for the data centre and returns the token as credentials', async () => {
    const seen: string[] = [];
    const credentials = await createMailchimpConnectFlow(parse, { fetch: fakeLogin('us21', seen) }).exchangeCode({ ...input, settings, clientSecret: 's3cret', code: 'code-1' });
    expect(credentials).toEqual({ accessToken: 'Tok3nFromMailchimp0123' });
    expect(seen).toEqual(['https://login.mailchimp.com/oauth2/token ', 'https://login.mailchimp.com/oauth2/metadata OAuth Tok3nFromMailchimp0123']);
    expect(mailchimpConnector().parseCredentials(credentials)).toEqual(credentials);
  });

  it('refuses an account of another data centre, saying which one to set, without the token', async () => {
    const error: unknown = await createMailchimpConnectFlow(parse, { fetch: fakeLogin('us6', []) })
      .exchangeCode({ ...input, settings, clientSecret: 's3cret', code: 'code-1' })
      .then(() => undefined, (reason: unknown) => reason);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'misconfigured' });
    expect(String(error instanceof Error ? error.message : '')).toContain('us6');
    expect(String(error instanceof Error ? error.message : '')).not.toContain('Tok3n');
  });

  it('takes exactly one of an API key and an access token', () => {
    const connector = mailchimpConnector();
    for (const raw of [{}, { apiKey: '0123456789abcdef0123456789abcdef-us21', accessToken: 'Tok3nFromMailchimp0123' }]) {
      const error: unknown = (() => {
        try {
          connector.parseCredentials(raw);
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(ValidationError);
      expect(error instanceof ValidationError ? error.violations.map((v) => v.field) : []).toEqual(['credentials.apiKey']);
    }
  });
});
