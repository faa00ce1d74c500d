import { describe, expect, it } from 'vitest';
import { wordPressProfile } from './wordpress.profile.js';

describe('WordPress error mapping', () => {
  const map = (status: number, body: unknown) => wordPressProfile.mapError?.(status, body);

  it('maps rest_invalid_param to invalid_request (the request\'s fault, not the connection\'s) naming the parameter', () => {
    const body = { code: 'rest_invalid_param', message: 'Invalid parameter(s): per_page', data: { status: 400, params: { per_page: 'per_page must be between 1 (inclusive) and 100 (inclusive)' } } };
    expect(map(400, body)).toEqual({ code: 'invalid_request', message: expect.stringContaining('per_page (per_page must be between 1') });
  });

  it('maps unknown ids to not_found and rejected credentials or roles to unauthorized', () => {
    expect(map(404, { code: 'rest_post_invalid_id', message: 'Invalid post ID.', data: { status: 404 } })?.code).toBe('not_found');
    expect(map(401, { code: 'rest_not_logged_in', message: 'You are not currently logged in.', data: { status: 401 } })).toEqual({ code: 'unauthorized', message: expect.stringMatching(/application password/) });
    expect(map(401, { code: 'incorrect_password', message: 'The password is incorrect.' })?.code).toBe('unauthorized');
    expect(map(403, { code: 'rest_cannot_create', message: 'Sorry, you are not allowed to create posts as this user.', data: { status: 403 } })?.message).toMatch(/role/);
    expect(map(400, { code: 'rest_post_invalid_page_number', message: 'The page number requested is larger than the number of pages available.', data: { status: 400 } })?.code).toBe('not_found');
    expect(map(500, '<html>fatal</html>')).toBeUndefined();
  });
});
