import { chunks, cursorPaging, paginate, type ConnectorHttpClient } from '@bizosaas/connector-kit';
import { ConnectorError, ValidationError } from '@bizosaas/domain';
import { z } from 'zod';
import { HubSpotProperties } from './hubspot.mapping.js';
import {
  hubSpotAssociationBatchSchema,
  hubSpotAssociationWriteSchema,
  hubSpotBatchReadSchema,
  hubSpotListSchema,
  hubSpotObjectSchema,
  hubSpotPipelinesSchema,
  hubSpotSearchSchema,
  type HubSpotObject,
  type HubSpotPipeline,
  type HubSpotSearchPage,
} from './hubspot.schemas.js';

export type HubSpotObjectType = keyof typeof HubSpotProperties;

/** HubSpot's batch size for batch read and association batch read, and its per-request search page. */
export const HUBSPOT_BATCH_SIZE = 100;
/** Pages of one record's associations read before giving up (HubSpot answers up to 500 per page). */
export const HUBSPOT_ASSOCIATION_ROUNDS = 20;
/** The search endpoints return at most 10 000 results per query. */
export const HUBSPOT_SEARCH_CAP = 10_000;

export interface HubSpotFilter {
  readonly propertyName: string;
  readonly operator: 'EQ' | 'IN';
  readonly value?: string;
  readonly values?: readonly string[];
}

const association = (category: 'HUBSPOT_DEFINED', typeId: number) => [{ associationCategory: category, associationTypeId: typeId }];

/** The HubSpot endpoints the CRM adapter uses, each one call through the connector kit. */
export class HubSpotApi {
  constructor(private readonly http: ConnectorHttpClient) {}

  /** Batch read by id, 100 ids per call, calls in parallel. Unknown ids are simply absent from the map. */
  async batchRead(type: HubSpotObjectType, ids: readonly string[]): Promise<Map<string, HubSpotObject>> {
    const unique = [...new Set(ids)];
    const pages = await Promise.all(
      chunks(unique, HUBSPOT_BATCH_SIZE).map((inputs) =>
        // https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/objects/batch/get-objects
        this.http.request(
          {
            method: 'POST',
            path: `/crm/v3/objects/${type}/batch/read`,
            body: { properties: HubSpotProperties[type], propertiesWithHistory: [], inputs: inputs.map((id) => ({ id })) },
            idempotent: true,
            docs: 'https://developers.hubspot.com/docs/api/crm/objects#batch-read',
          },
          hubSpotBatchReadSchema,
        ),
      ),
    );
    return new Map(pages.flatMap((page) => page.body.results.map((record) => [record.id, record] as const)));
  }

  /** One page of a type in id order, optionally with associations. */
  async list(type: HubSpotObjectType, limit: number, after: string | undefined, associations: readonly string[] = []) {
    // https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/objects/get-objects
    const res = await this.http.request(
      {
        method: 'GET',
        path: `/crm/v3/objects/${type}`,
        query: { limit, after, properties: HubSpotProperties[type].join(','), associations: associations.length > 0 ? associations.join(',') : undefined, archived: false },
        docs: 'https://developers.hubspot.com/docs/api/crm/objects#retrieve-records',
      },
      hubSpotListSchema,
    );
    return { results: res.body.results, next: res.body.paging?.next?.after };
  }

  /** One search page (filters AND-ed in one filter group), sorted by id. Refuses pages past the 10 000 cap. */
  async search(type: HubSpotObjectType, filters: readonly HubSpotFilter[], limit: number, after: string | undefined): Promise<HubSpotSearchPage> {
    // A search cursor is HubSpot's result offset; anything else would go out as `"limit": null`.
    if (after !== undefined && !/^\d{1,9}$/.test(after)) throw new ValidationError([{ field: 'after', reason: 'is not a cursor returned by this list' }]);
    const offset = after === undefined ? 0 : Number(after);
    if (offset >= HUBSPOT_SEARCH_CAP) {
      throw new ConnectorError('not_supported', 'hubspot', `HubSpot search returns at most ${HUBSPOT_SEARCH_CAP} results per query; narrow the filter to see the rest`);
    }
    // Never ask past the cap: HubSpot refuses the whole page rather than answer the part below it.
    limit = Math.min(limit, HUBSPOT_SEARCH_CAP - offset);
    // https://developers.hubspot.com/docs/api/crm/search
    const res = await this.http.request(
      {
        method: 'POST',
        path: `/crm/v3/objects/${type}/search`,
        body: { filterGroups: [{ filters }], sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }], properties: HubSpotProperties[type], limit, ...(after !== undefined && { after }) },
        idempotent: true,
        docs: 'https://developers.hubspot.com/docs/api/crm/search',
      },
      hubSpotSearchSchema,
    );
    return res.body;
  }

  /** Every search result, page by page; raises `not_supported` rather than stop silently at the 10 000 cap. */
  searchAll(type: HubSpotObjectType, filters: readonly HubSpotFilter[]): AsyncGenerator<HubSpotObject> {
    return paginate({
      fetchPage: (after) => this.search(type, filters, HUBSPOT_BATCH_SIZE, after),
      items: (page) => page.results,
      next: cursorPaging((page) => page.paging?.next?.after),
      providerCap: HUBSPOT_SEARCH_CAP,
      provider: 'hubspot',
    });
  }

  /** Creates a record with its associations in one call (not retried: HubSpot takes no idempotency key). */
  async create(type: HubSpotObjectType, properties: Record<string, string>, associations: readonly { toId: string; typeId: number }[]): Promise<HubSpotObject> {
    // https://developers.hubspot.com/docs/api/crm/objects#create-records
    const res = await this.http.request(
      {
        method: 'POST',
        path: `/crm/v3/objects/${type}`,
        body: { properties, associations: associations.map((a) => ({ to: { id: a.toId }, types: association('HUBSPOT_DEFINED', a.typeId) })) },
        docs: 'https://developers.hubspot.com/docs/api/crm/objects#create-records',
      },
      hubSpotObjectSchema,
    );
    return res.body;
  }

  /** Partial update; 404 -> ConnectorError('not_found'). Setting the same values twice is harmless, so it is retried. */
  async update(type: HubSpotObjectType, id: string, properties: Record<string, string>): Promise<HubSpotObject> {
    // https://developers.hubspot.com/docs/api/crm/objects#update-records
    const res = await this.http.request(
      { method: 'PATCH', path: `/crm/v3/objects/${type}/${encodeURIComponent(id)}`, body: { properties }, idempotent: true, docs: 'https://developers.hubspot.com/docs/api/crm/objects#update-records' },
      hubSpotObjectSchema,
    );
    return res.body;
  }

  /** One record, or ConnectorError('not_found'). */
  async get(type: HubSpotObjectType, id: string): Promise<HubSpotObject> {
    // https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/objects/get-object
    const res = await this.http.request(
      { method: 'GET', path: `/crm/v3/objects/${type}/${encodeURIComponent(id)}`, query: { properties: HubSpotProperties[type].join(',') }, docs: 'https://developers.hubspot.com/docs/api/crm/objects#retrieve-records' },
      hubSpotObjectSchema,
    );
    return res.body;
  }

  /**
   * Associated ids per source id (v4 batch read, 100 inputs per call), in HubSpot's order. Sources with
   * more associations than one answer holds are continued together, each round one batch call per 100
   * of them (each input carries its own `after`), for at most HUBSPOT_ASSOCIATION_ROUNDS rounds; past
   * that the read fails `not_supported` rather than return a cut list.
   */
  async associations(from: HubSpotObjectType, to: HubSpotObjectType, ids: readonly string[]): Promise<Map<string, string[]>> {
    const read = (inputs: readonly { id: string; after?: string }[]) =>
      // https://developers.hubspot.com/docs/api-reference/legacy/crm/associations/associate-records/batch/get-associations
      this.http.request(
        { method: 'POST', path: `/crm/v4/associations/${from}/${to}/batch/read`, body: { inputs }, idempotent: true, docs: 'https://developers.hubspot.com/docs/api/crm/associations' },
        hubSpotAssociationBatchSchema,
      );
    const out = new Map<string, string[]>();
    let pending: { id: string; after?: string }[] = [...new Set(ids)].map((id) => ({ id }));
    for (let round = 0; pending.length > 0; round += 1) {
      if (round === HUBSPOT_ASSOCIATION_ROUNDS) {
        throw new ConnectorError('not_supported', 'hubspot', `HubSpot record ${pending[0]?.id} has more ${to} associations than ${HUBSPOT_ASSOCIATION_ROUNDS} pages; the connector does not read that many`);
      }
      const pages = await Promise.all(chunks(pending, HUBSPOT_BATCH_SIZE).map((batch) => read(batch)));
      pending = [];
      for (const result of pages.flatMap((page) => page.body.results)) {
        out.set(result.from.id, [...(out.get(result.from.id) ?? []), ...result.to.map((t) => t.toObjectId)]);
        const after = result.paging?.next?.after;
        if (after !== undefined) pending.push({ id: result.from.id, after });
      }
    }
    return out;
  }

  /** Associates two records with a HubSpot-defined type (idempotent). */
  async associate(from: HubSpotObjectType, fromId: string, to: HubSpotObjectType, toId: string, typeId: number): Promise<void> {
    // https://developers.hubspot.com/docs/api/crm/associations#associate-records-with-a-label
    await this.http.request(
      {
        method: 'PUT',
        path: `/crm/v4/objects/${from}/${encodeURIComponent(fromId)}/associations/${to}/${encodeURIComponent(toId)}`,
        body: association('HUBSPOT_DEFINED', typeId),
        docs: 'https://developers.hubspot.com/docs/api/crm/associations',
      },
      hubSpotAssociationWriteSchema,
    );
  }

  /** Removes every association between two records (idempotent). */
  async dissociate(from: HubSpotObjectType, fromId: string, to: HubSpotObjectType, toId: string): Promise<void> {
    // https://developers.hubspot.com/docs/api/crm/associations#remove-associations
    await this.http.request(
      { method: 'DELETE', path: `/crm/v4/objects/${from}/${encodeURIComponent(fromId)}/associations/${to}/${encodeURIComponent(toId)}`, docs: 'https://developers.hubspot.com/docs/api/crm/associations' },
      z.unknown(),
    );
  }

  /** Deal pipelines with their stages. */
  async dealPipelines(): Promise<HubSpotPipeline[]> {
    // https://developers.hubspot.com/docs/api/crm/pipelines
    const res = await this.http.request({ method: 'GET', path: '/crm/v3/pipelines/deals', docs: 'https://developers.hubspot.com/docs/api/crm/pipelines' }, hubSpotPipelinesSchema);
    return res.body.results.filter((p) => p.archived !== true);
  }
}
