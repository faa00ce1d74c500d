import { ValidationError } from '@bizosaas/domain';
import { isIP } from 'node:net';

const LOOPBACK = /^http:\/\/127\.0\.0\.1:\d{1,5}$/;

/**
 * A tenant's own site is the one host a self-hosted CMS connector may call. It must be public https: no
 * IP literal, no localhost, so a tenant cannot aim the platform at its network. Loopback emulators pass
 * only when the connector allows them (tests).
 */
export function checkSiteUrl(raw: string, allowEmulator: boolean): string {
  const siteUrl = raw.replace(/\/+$/, '');
  if (allowEmulator && LOOPBACK.test(siteUrl)) return siteUrl;
  const url = new URL(siteUrl);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const local = host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal') || isIP(host) !== 0 || !host.includes('.');
  if (url.protocol !== 'https:' || local || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new ValidationError([{ field: 'settings.siteUrl', reason: 'must be the https URL of the public site, by host name (no IP address, query or credentials)' }]);
  }
  return siteUrl;
}
