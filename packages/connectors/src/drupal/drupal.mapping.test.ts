import { EntityIds } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { contentFromDrupal, newNodeAttributes, parseIdPart, patchNodeAttributes, slugify } from './drupal.mapping.js';
import { drupalProfile } from './drupal.profile.js';
import { drupalSingleSchema } from './drupal.schemas.js';
import { parseDrupalCredentials, parseDrupalSettings } from './drupal.settings.js';

// A node in the documented JSON:API shape, fetched with include=uid.
const recorded = {
  jsonapi: { version: '1.0' },
  data: {
    type: 'node--article',
    id: '3c38f39b-6601-41bd-a205-5e30c42c36fb',
    attributes: {
      drupal_internal__nid: 12,
      langcode: 'en',
      status: true,
      title: 'Rocky Coastline',
      created: '2024-03-02T10:12:55+00:00',
      changed: '2024-03-03T08:00:00+00:00',
      path: { alias: '/blog/rocky-coastline', pid: 4, langcode: 'en' },
      body: { value: '<p>Waves</p>', format: 'basic_html', processed: '<p>Waves</p>', summary: 'Waves on rocks' },
    },
    relationships: { uid: { data: { type: 'user--user', id: 'a1b2c3d4-0000-4000-8000-000000000001' } } },
  },
  included: [{ type: 'user--user', id: 'a1b2c3d4-0000-4000-8000-000000000001', attributes: { display_name: 'Edith Editor', name: 'editor' } }],
};
const settings = { siteUrl: 'https://www.example.com', postBundle: 'article', pageBundle: 'page' };

describe('Drupal mapping', () => {
  it('maps a node with its author field by field', () => {
    const doc = drupalSingleSchema.parse(recorded);
    const ids = new EntityIds('conn-d');
    const content = contentFromDrupal(doc.data, doc.included ?? [], settings, ids);
    expect(content).toMatchObject({
      externalId: '3c38f39b-6601-41bd-a205-5e30c42c36fb',
      kind: 'post',
      title: 'Rocky Coastline',
      slug: 'rocky-coastline',
      body: '<p>Waves</p>',
      excerpt: 'Waves on rocks',
      status: 'published',
      url: 'https://www.example.com/blog/rocky-coastline',
      publishedAt: new Date('2024-03-02T10:12:55Z'),
      authorName: 'Edith Editor',
    });
    expect(parseIdPart(ids.decode('Content', content?.id ?? '') ?? '', settings)).toEqual({ bundle: 'article', uuid: '3c38f39b-6601-41bd-a205-5e30c42c36fb' });
  });

  it('maps a draft without alias, and builds write attributes', () => {
    const doc = drupalSingleSchema.parse({ data: { ...recorded.data, attributes: { ...recorded.data.attributes, status: false, path: { alias: null } } } });
    expect(contentFromDrupal(doc.data, [], settings, new EntityIds('c'))).toMatchObject({ status: 'draft', publishedAt: null, slug: 'node-12', url: 'https://www.example.com/node/12', authorName: null });
    expect(newNodeAttributes({ kind: 'post', title: 'T', body: '<p>b</p>' }, 't', 'basic_html')).toEqual({ title: 'T', status: false, body: { value: '<p>b</p>', format: 'basic_html', summary: '' }, path: { alias: '/t' } });
    expect(patchNodeAttributes({ excerpt: null }, { body: '<p>b</p>', excerpt: 'e' }, 'basic_html')).toEqual({ body: { value: '<p>b</p>', format: 'basic_html', summary: '' } });
    expect(slugify('Ça va? Same  Title!')).toBe('ca-va-same-title');
  });

  it('maps JSON:API errors: 403 unauthorized, 404 not found, 422 invalid_request naming the pointer, 409 conflict', () => {
    const error = (status: number, pointer?: string) => ({ errors: [{ status: String(status), title: 'T', detail: `detail ${status}`, ...(pointer && { source: { pointer } }) }] });
    expect(drupalProfile.mapError?.(403, error(403))?.code).toBe('unauthorized');
    expect(drupalProfile.mapError?.(404, error(404))?.code).toBe('not_found');
    const invalid = drupalProfile.mapError?.(422, error(422, '/data/attributes/path'));
    expect(invalid).toMatchObject({ code: 'invalid_request' });
    expect(drupalProfile.mapError?.(409, error(409))?.code).toBe('conflict');
    expect(invalid?.message).toContain('/data/attributes/path');
    expect(drupalProfile.mapError?.(429, {})).toBeUndefined();
  });
});

describe('Drupal settings and credentials', () => {
  it('defaults the bundles and format, accepts basic or bearer, names what is missing', () => {
    expect(parseDrupalSettings({ siteUrl: 'https://cms.example.org/' })).toEqual({ siteUrl: 'https://cms.example.org', postBundle: 'article', pageBundle: 'page', textFormat: 'basic_html' });
    expect(() => parseDrupalSettings({ siteUrl: 'http://127.0.0.1:8080' })).toThrow(/settings\.siteUrl/);
    expect(parseDrupalCredentials({ username: 'u', password: 'p' })).toEqual({ kind: 'basic', username: 'u', password: 'p' });
    expect(parseDrupalCredentials({ accessToken: 't' })).toEqual({ kind: 'bearer', accessToken: 't' });
    expect(() => parseDrupalCredentials({ username: 'u' })).toThrow(/credentials\.password/);
    expect(() => parseDrupalCredentials({})).toThrow(/credentials\.username/);
  });
});
