import { describe, expect, it } from 'vitest';
import { readCookies, serializeCookie } from './cookies.js';

describe('cookies', () => {
  it('reads cookies, keeping the first of duplicates and decoding values', () => {
    expect(readCookies({ cookie: 'a=1; bizosaas_session=abc%2Ddef; a=2; broken; b="quoted"' })).toEqual({ a: '1', bizosaas_session: 'abc-def', b: 'quoted' });
    expect(readCookies({})).toEqual({});
  });

  it('writes HttpOnly, SameSite=Lax and Secure as asked, and deletes with Max-Age=0', () => {
    expect(serializeCookie('bizosaas_session', 'tok', { httpOnly: true, secure: true, path: '/', maxAge: 3600 })).toBe('bizosaas_session=tok; Path=/; Max-Age=3600; SameSite=Lax; HttpOnly; Secure');
    expect(serializeCookie('bizosaas_csrf', 'c', { httpOnly: false, secure: false, path: '/', maxAge: 10 })).toBe('bizosaas_csrf=c; Path=/; Max-Age=10; SameSite=Lax');
    expect(serializeCookie('x', '', { httpOnly: true, secure: false, path: '/auth', maxAge: 0 })).toContain('Max-Age=0; SameSite=Lax; Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  });
});
