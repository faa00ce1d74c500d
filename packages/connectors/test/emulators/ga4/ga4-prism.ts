import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPrismOn, type StripePrism } from '../stripe/stripe-prism.js';
import { isJson, sliceSpec } from '../stripe/stripe-prism.spec.js';
import { sharedSpec } from '../../shared-specs.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../..');
/** Google's Analytics Data API v1beta discovery document as OpenAPI (shared/specs/ga4). */
export const GA4_SPEC = sharedSpec('ga4/analyticsdata.v1beta.prism.json');

/** The paths the GA4 connector calls; Prism serves only these. */
export const GA4_CONNECTOR_PATHS = ['/v1beta/properties/{property}:runReport', '/v1beta/properties/{property}:batchRunReports'];

/** Prism validating requests against the official GA4 spec, through the shared launcher. */
export async function startGa4Prism(): Promise<StripePrism> {
  const parsed: unknown = JSON.parse(await readFile(GA4_SPEC, 'utf8'));
  if (!isJson(parsed)) throw new Error(`${GA4_SPEC} is not an OpenAPI document`);
  return startPrismOn(sliceSpec(parsed, GA4_CONNECTOR_PATHS), 'ga4');
}
