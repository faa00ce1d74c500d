/**
 * Test support for the real WordPress that `shared/scripts/wordpress-up.sh` runs on 127.0.0.1:8080 (its
 * credentials are in `/var/lib/wordpress-lab/env`). Tests create and delete fixtures with plain HTTP here,
 * never through the adapter under test. Not shipped: nothing outside tests imports it.
 */
import { readFile } from 'node:fs/promises';
import type { ContentKind } from '@bizosaas/domain';

export interface WordPressLab {
  readonly baseUrl: string;
  readonly username: string;
  readonly applicationPassword: string;
}

export const WORDPRESS_UP = 'bash ../shared/scripts/wordpress-up.sh';

export const WORDPRESS_LAB_DIR = process.env.WP_STATE_DIR ?? '/var/lib/wordpress-lab';

/** Reads the lab's env file; undefined when it does not exist. */
export async function readWordPressLab(stateDir = WORDPRESS_LAB_DIR): Promise<WordPressLab | undefined> {
  let text: string;
  try {
    text = await readFile(`${stateDir}/env`, 'utf8');
  } catch {
    return undefined;
  }
  const env = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match?.[1] && match[2] !== undefined) env.set(match[1], match[2].replace(/^'(.*)'$/, '$1').replace(/^"(.*)"$/, '$1'));
  }
  const baseUrl = env.get('WP_BASE_URL');
  const username = env.get('WP_USER');
  const applicationPassword = env.get('WP_APP_PASSWORD');
  return baseUrl && username && applicationPassword ? { baseUrl: baseUrl.replace(/\/+$/, ''), username, applicationPassword } : undefined;
}

/**
 * The lab when it answers. Otherwise: outside CI, undefined and the reason (the caller skips, saying why);
 * in CI (`process.env.CI` set), an error, because `.ci/run` starts WordPress and a silent skip would hide it.
 */
export async function wordPressLabOrSkip(): Promise<{ lab: WordPressLab; skip?: undefined } | { lab?: undefined; skip: string }> {
  const lab = await readWordPressLab();
  let reason: string | undefined;
  if (lab === undefined) reason = `no credentials in ${WORDPRESS_LAB_DIR}/env`;
  else {
    try {
      const res = await fetch(`${lab.baseUrl}/wp-json/`, { signal: AbortSignal.timeout(5_000) });
      if (!res.ok) reason = `${lab.baseUrl}/wp-json/ answered HTTP ${res.status}`;
    } catch (error) {
      reason = `${lab.baseUrl} is not reachable (${error instanceof Error ? error.message : String(error)})`;
    }
  }
  if (reason === undefined && lab !== undefined) return { lab };
  const message = `real WordPress not available: ${reason}; start it with \`${WORDPRESS_UP}\``;
  if (process.env.CI) throw new Error(`${message} (CI is set, so this fails instead of skipping)`);
  return { skip: message };
}

const collection = (kind: ContentKind) => (kind === 'post' ? 'posts' : 'pages');

/** Plain, authenticated REST calls for fixtures and clean-up. */
export class WordPressLabClient {
  constructor(readonly lab: WordPressLab) {}

  private get authorization(): string {
    return `Basic ${Buffer.from(`${this.lab.username}:${this.lab.applicationPassword}`).toString('base64')}`;
  }

  /** Creates an item directly in WordPress; answers its numeric id. */
  async create(kind: ContentKind, body: Record<string, string>): Promise<number> {
    const res = await fetch(`${this.lab.baseUrl}/wp-json/wp/v2/${collection(kind)}`, {
      method: 'POST',
      headers: { authorization: this.authorization, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json: unknown = await res.json();
    if (res.status !== 201 || typeof json !== 'object' || json === null || !('id' in json) || typeof json.id !== 'number') {
      throw new Error(`creating a WordPress ${kind} failed: HTTP ${res.status} ${JSON.stringify(json).slice(0, 200)}`);
    }
    return json.id;
  }

  /** Deletes for good (`force=true`: no trash); an item already gone is fine. */
  async delete(kind: ContentKind, id: number): Promise<void> {
    const res = await fetch(`${this.lab.baseUrl}/wp-json/wp/v2/${collection(kind)}/${id}?force=true`, { method: 'DELETE', headers: { authorization: this.authorization } });
    if (res.status !== 200 && res.status !== 404 && res.status !== 410) throw new Error(`deleting WordPress ${kind} ${id} failed: HTTP ${res.status}`);
  }

  /** Deletes many, a few at a time (the PHP built-in server handles one request at a time). */
  async deleteAll(items: readonly { kind: ContentKind; id: number }[]): Promise<void> {
    for (let i = 0; i < items.length; i += 4) await Promise.all(items.slice(i, i + 4).map((item) => this.delete(item.kind, item.id)));
  }
}
