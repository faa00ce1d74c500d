/**
 * A browser's view of the gateway for sign-in tests: keeps the cookies the gateway sets (name=value, no
 * path or expiry logic beyond deletion) and sends them back, plus the CSRF header when asked.
 */
export class BrowserSession {
  readonly cookies = new Map<string, string>();

  constructor(readonly origin: string) {}

  async request(path: string, init: { method?: string; body?: unknown; form?: Record<string, string>; csrf?: boolean; headers?: Record<string, string> } = {}): Promise<{ status: number; headers: Headers; body: any }> {
    const headers: Record<string, string> = { ...init.headers };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (init.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (init.csrf) headers['x-csrf-token'] = this.cookies.get('bizosaas_csrf') ?? '';
    const response = await fetch(`${this.origin}${path}`, {
      method: init.method ?? (init.body === undefined && init.form === undefined ? 'GET' : 'POST'),
      headers,
      redirect: 'manual',
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      ...(init.form === undefined ? {} : { body: new URLSearchParams(init.form).toString() }),
    });
    this.remember(response.headers);
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: kept as text
    }
    return { status: response.status, headers: response.headers, body };
  }

  /** POST /graphql with the session cookie and (unless told otherwise) the CSRF header. */
  gql(query: string, variables: Record<string, unknown> = {}, options: { csrf?: boolean } = {}) {
    return this.request('/graphql', { body: { query, variables }, csrf: options.csrf ?? true });
  }

  remember(headers: Headers): void {
    for (const cookie of headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index);
      const value = pair.slice(index + 1);
      if (/Max-Age=0/i.test(cookie) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}
