import { EntityIds, ValidationError } from '@bizosaas/domain';
import { describe, expect, it } from 'vitest';
import { bodyHtml, contentFromWagtail } from './wagtail.mapping.js';
import { wagtailPageSchema } from './wagtail.schemas.js';
import { parseWagtailSettings } from './wagtail.settings.js';

// A listing item in the documented shape (usage guide, "Fetching content"), with fields=body,search_description.
const recorded = {
  id: 17,
  meta: {
    type: 'blog.BlogPage',
    detail_url: 'https://www.example.com/api/v2/pages/17/',
    html_url: 'https://www.example.com/blog/spring-launch/',
    slug: 'spring-launch',
    first_published_at: '2024-03-01T09:30:00Z',
    search_description: 'What is new this spring',
  },
  title: 'Spring launch',
  body: '<p>Hello <b>spring</b></p>',
};
const settings = { postType: 'blog.BlogPage', pageType: 'standard.StandardPage', bodyField: 'body' };

describe('Wagtail mapping', () => {
  it('maps a live page field by field', () => {
    const ids = new EntityIds('conn-w');
    const content = contentFromWagtail(wagtailPageSchema.parse(recorded), settings, ids);
    expect(content).toMatchObject({
      externalId: '17',
      kind: 'post',
      title: 'Spring launch',
      slug: 'spring-launch',
      body: '<p>Hello <b>spring</b></p>',
      excerpt: 'What is new this spring',
      status: 'published',
      url: 'https://www.example.com/blog/spring-launch/',
      publishedAt: new Date('2024-03-01T09:30:00Z'),
      source: { provider: 'wagtail', connectionId: 'conn-w' },
    });
    expect(ids.decode('Content', content?.id ?? '')).toBe('17');
  });

  it('ignores page types the connection does not list, and reads StreamField bodies', () => {
    expect(contentFromWagtail(wagtailPageSchema.parse({ ...recorded, meta: { ...recorded.meta, type: 'home.HomePage' } }), settings, new EntityIds('c'))).toBeNull();
    expect(bodyHtml([{ type: 'heading', value: { text: 'x' } }, { type: 'paragraph', value: '<p>a</p>' }, { type: 'paragraph', value: '<p>b</p>' }])).toBe('<p>a</p>\n<p>b</p>');
    expect(bodyHtml(null)).toBe('');
  });
});

describe('Wagtail settings', () => {
  it('needs a public https site and a post type; loopback only for emulators', () => {
    expect(parseWagtailSettings({ siteUrl: 'https://www.example.com/', postType: 'blog.BlogPage' })).toEqual({
      siteUrl: 'https://www.example.com', apiPath: '/api/v2', postType: 'blog.BlogPage', pageType: null, bodyField: 'body', tokenHeader: 'Authorization',
    });
    for (const siteUrl of ['http://www.example.com', 'https://10.0.0.5', 'https://localhost', 'http://127.0.0.1:8000', 'https://intranet']) {
      expect(() => parseWagtailSettings({ siteUrl, postType: 'blog.BlogPage' })).toThrow(/settings\.siteUrl/);
    }
    expect(parseWagtailSettings({ siteUrl: 'http://127.0.0.1:8000', postType: 'blog.BlogPage' }, { allowEmulator: true }).siteUrl).toBe('http://127.0.0.1:8000');
    expect(() => parseWagtailSettings({ siteUrl: 'https://www.example.com', postType: 'BlogPage' })).toThrow(ValidationError);
  });
});
