import { ConnectorError } from '@bizosaas/domain';
import { chunks, collect, paginate, type ConnectorHttpClient } from '@bizosaas/connector-kit';
import type { z } from 'zod';
import { ZohoFields } from './zoho-crm.mapping.js';
import { mapZohoError } from './zoho-crm.profile.js';
import { zohoRecordsSchema, zohoWriteResponseSchema } from './zoho-crm.schemas.js';
import { zohoCriteria, type ZohoCriterion } from './zoho-crm.criteria.js';
import { ZOHO_PROVIDER } from './zoho-crm.settings.js';

export type ZohoModuleName = keyof typeof ZohoFields;

/** Zoho's batch read size (`ids`), per-page maximum and search window. */
export const ZOHO_IDS_PER_CALL = 100;
export const ZOHO_MAX_PER_PAGE = 200;
export const ZOHO_SEARCH_CAP = 2000;

const DOCS = {
  getRecords: 'https://www.zoho.com/crm/developer/docs/api/v8/get-records.html',
  search: 'https://www.zoho.com/crm/developer/docs/api/v8/search-records.html',
  insert: 'https://www.zoho.com/crm/developer/docs/api/v8/insert-records.html',
  update: 'https://www.zoho.com/crm/developer/docs/api/v8/update-specific-record.html',
} as const;

export interface ZohoRecordsPage<R> {
  readonly data: readonly R[];
  readonly moreRecords: boolean;
  readonly nextPageToken: string | undefined;
}

/**
 * The records API calls the adapter makes, over the kit's HTTP client. Every answer is parsed with the
 * module's schema; 204 No Content reads as no records.
 */
export class ZohoRecordsClient {
  constructor(private readonly http: ConnectorHttpClient) {}

  /** Records by Zoho id, `ids` 100 per call (the batches run concurrently). Unknown ids are absent from the map. */
  async readByIds<R extends { id: string }>(module: ZohoModuleName, schema: z.ZodType<R>, externalIds: readonly string[]): Promise<Map<string, R>> {
    const unique = [...new Set(externalIds)];
    const pages = await Promise.all(
      chunks(unique, ZOHO_IDS_PER_CALL).map(async (batch) => {
        // GET /crm/v8/{module}?ids=&fields= — https://www.zoho.com/crm/developer/docs/api/v8/get-records.html
        const { body } = await this.http.request(
          { method: 'GET', path: `/crm/v8/${module}`, query: { ids: batch.join(','), fields: ZohoFields[module].join(',') }, docs: DOCS.getRecords },
          zohoRecordsSchema(schema),
        );
        return body.data;
      }),
    );
    return new Map(pages.flat().map((record) => [record.id, record]));
  }

  /** One page of a plain list in id order (oldest first), continued by Zoho's `page_token`. */
  async listPage<R>(module: ZohoModuleName, schema: z.ZodType<R>, perPage: number, position: { pageToken?: string; page?: number }): Promise<ZohoRecordsPage<R> & { page: number }> {
    // GET /crm/v8/{module}?fields=&per_page=&page_token=&sort_by=id — https://www.zoho.com/crm/developer/docs/api/v8/get-records.html
    const { body } = await this.http.request(
      {
        method: 'GET',
        path: `/crm/v8/${module}`,
        query: { fields: ZohoFields[module].join(','), per_page: perPage, sort_by: 'id', sort_order: 'asc', page_token: position.pageToken, page: position.pageToken === undefined ? position.page : undefined },
        docs: DOCS.getRecords,
      },
      zohoRecordsSchema(schema),
    );
    return { data: body.data, moreRecords: body.info?.more_records ?? false, nextPageToken: body.info?.next_page_token ?? undefined, page: body.info?.page ?? position.page ?? 1 };
  }

  /** One page of a search (page numbers; Zoho serves the first 2000 matches only). */
  async searchPage<R>(module: ZohoModuleName, schema: z.ZodType<R>, criteria: readonly ZohoCriterion[], page: number, perPage: number): Promise<ZohoRecordsPage<R>> {
    if (page * perPage > ZOHO_SEARCH_CAP) {
      throw new ConnectorError('not_supported', ZOHO_PROVIDER, `Zoho search returns at most ${ZOHO_SEARCH_CAP} records and more match; narrow the filter`);
    }
    // GET /crm/v8/{module}/search?criteria=&page=&per_page= — https://www.zoho.com/crm/developer/docs/api/v8/search-records.html
    const { body } = await this.http.request(
      { method: 'GET', path: `/crm/v8/${module}/search`, query: { criteria: zohoCriteria(criteria), fields: ZohoFields[module].join(','), page, per_page: perPage }, docs: DOCS.search },
      zohoRecordsSchema(schema),
    );
    return { data: body.data, moreRecords: body.info?.more_records ?? false, nextPageToken: undefined };
  }

  /** Every match of a search, through the kit's paginator (stops loudly at Zoho's 2000-record window). */
  searchAll<R>(module: ZohoModuleName, schema: z.ZodType<R>, criteria: readonly ZohoCriterion[]): Promise<R[]> {
    return collect(
      paginate<ZohoRecordsPage<R> & { page: number }, R>({
        provider: ZOHO_PROVIDER,
        providerCap: ZOHO_SEARCH_CAP,
        fetchPage: async (cursor) => {
          const page = cursor === undefined ? 1 : Number(cursor);
          return { ...(await this.searchPage(module, schema, criteria, page, ZOHO_MAX_PER_PAGE)), page };
        },
        items: (page) => page.data,
        next: (page) => (page.moreRecords ? String(page.page + 1) : undefined),
      }),
    );
  }

  /**
   * Creates (POST /crm/v8/{module}) or updates (PUT /crm/v8/{module}/{id}) one record and returns its id.
   * A POST is not retried by the kit: Zoho takes no idempotency key.
   */
  async write(module: ZohoModuleName, record: Record<string, unknown>, id?: string): Promise<string> {
    // POST https://www.zoho.com/crm/developer/docs/api/v8/insert-records.html
    // PUT  https://www.zoho.com/crm/developer/docs/api/v8/update-specific-record.html
    const { status, body } = await this.http.request(
      id === undefined
        ? { method: 'POST', path: `/crm/v8/${module}`, body: { data: [record] }, docs: DOCS.insert }
        : { method: 'PUT', path: `/crm/v8/${module}/${encodeURIComponent(id)}`, body: { data: [record] }, docs: DOCS.update },
      zohoWriteResponseSchema,
    );
    const [result] = body.data;
    const writtenId = result?.details?.id ?? undefined;
    if (result?.status === 'success' && writtenId !== undefined) return writtenId;
    // A 2xx (207) carrying a failed entry: the same mapping as an error status.
    const mapped = mapZohoError(status, body) ?? { code: 'invalid_response' as const, message: 'Zoho answered the write without a record id' };
    throw new ConnectorError(mapped.code, ZOHO_PROVIDER, `zoho ${id === undefined ? 'POST' : 'PUT'} /crm/v8/${module}: ${mapped.message}`, { status });
  }
}
