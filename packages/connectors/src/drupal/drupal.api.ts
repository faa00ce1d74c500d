import { chunks, collect, linkPaging, paginate, type ConnectorHttpClient } from '@bizosaas/connector-kit';
import { ConnectorError } from '@bizosaas/domain';
import { JSON_API_MEDIA_TYPE } from './drupal.profile.js';
import { drupalCollectionSchema, drupalSingleSchema, type DrupalCollection, type DrupalIncluded, type DrupalNode } from './drupal.schemas.js';

/** Drupal core's `page[limit]` maximum, and so also the ids per `IN` filter we send. */
export const DRUPAL_PAGE_LIMIT = 50;

const DOCS = 'https://www.drupal.org/docs/core-modules-and-themes/core-modules/jsonapi-module';

/** Newest first; `created` has one-second precision, so the node id breaks ties. */
const SORT = '-created,-drupal_internal__nid';

export interface DrupalNodes {
  readonly nodes: readonly DrupalNode[];
  readonly included: readonly DrupalIncluded[];
}

/** JSON:API's media type, which Drupal requires on requests with a body (415 otherwise). */
const JSON_API_HEADERS = { 'content-type': JSON_API_MEDIA_TYPE, accept: JSON_API_MEDIA_TYPE };

/** The Drupal JSON:API endpoints the CMS adapter uses, each one call through the connector kit. */
export class DrupalApi {
  constructor(private readonly http: ConnectorHttpClient) {}

  /**
   * Up to `limit` nodes of `bundle` from `offset`, newest first, with their authors: pages of at most 50,
   * following `links.next` (the kit's link paging). `more` says whether nodes remain after them.
   */
  async listRange(bundle: string, status: boolean | undefined, offset: number, limit: number): Promise<DrupalNodes & { more: boolean }> {
    const included: DrupalIncluded[] = [];
    let fetched = 0;
    let last: DrupalCollection | undefined;
    const nodes = await collect(
      paginate({
        fetchPage: async (next) => {
          // https://www.drupal.org/docs/core-modules-and-themes/core-modules/jsonapi-module/pagination
          const res = await this.http.request(
            next === undefined
              ? {
                  method: 'GET',
                  path: `/jsonapi/node/${bundle}`,
                  query: {
                    sort: SORT,
                    include: 'uid',
                    'page[offset]': offset,
                    'page[limit]': Math.min(DRUPAL_PAGE_LIMIT, limit),
                    ...(status !== undefined && { 'filter[status]': status ? 1 : 0 }),
                  },
                  docs: `${DOCS}/pagination`,
                }
              : { method: 'GET', path: next, docs: `${DOCS}/pagination` },
            drupalCollectionSchema,
          );
          included.push(...(res.body.included ?? []));
          fetched += res.body.data.length;
          last = res.body;
          return res.body;
        },
        items: (page) => page.data,
        next: linkPaging((page) => page.links?.next?.href),
        provider: 'drupal',
      }),
      limit,
    );
    return { nodes, included, more: fetched > nodes.length || last?.links?.next !== undefined };
  }

  /** Nodes of `bundle` by UUID with the `IN` operator, 50 ids per call, calls in parallel. Unknown ids are absent. */
  async byIds(bundle: string, uuids: readonly string[]): Promise<DrupalNodes> {
    const pages = await Promise.all(
      chunks([...new Set(uuids)], DRUPAL_PAGE_LIMIT).map((batch) =>
        // https://www.drupal.org/docs/core-modules-and-themes/core-modules/jsonapi-module/filtering
        this.http.request(
          {
            method: 'GET',
            path: `/jsonapi/node/${bundle}`,
            query: {
              'filter[ids][condition][path]': 'id',
              'filter[ids][condition][operator]': 'IN',
              'filter[ids][condition][value][]': batch,
              include: 'uid',
              'page[limit]': DRUPAL_PAGE_LIMIT,
            },
            docs: `${DOCS}/filtering`,
          },
          drupalCollectionSchema,
        ),
      ),
    );
    return { nodes: pages.flatMap((p) => p.body.data), included: pages.flatMap((p) => p.body.included ?? []) };
  }

  /** Creates a node (not retried: JSON:API takes no idempotency key, a resent POST makes a second node). */
  async create(bundle: string, attributes: Record<string, unknown>): Promise<DrupalNodes> {
    // https://www.drupal.org/docs/core-modules-and-themes/core-modules/jsonapi-module/creating-new-resources-post
    const res = await this.http.request(
      { method: 'POST', path: `/jsonapi/node/${bundle}`, headers: JSON_API_HEADERS, query: { include: 'uid' }, body: { data: { type: `node--${bundle}`, attributes } }, docs: `${DOCS}/creating-new-resources-post` },
      drupalSingleSchema,
    );
    return { nodes: [res.body.data], included: res.body.included ?? [] };
  }

  /** Sets attributes of a node; 404 -> ConnectorError('not_found'). Setting the same values twice is harmless, so it is retried. */
  async update(bundle: string, uuid: string, attributes: Record<string, unknown>): Promise<DrupalNodes> {
    // https://www.drupal.org/docs/core-modules-and-themes/core-modules/jsonapi-module/updating-existing-resources-patch
    const res = await this.http.request(
      {
        method: 'PATCH',
        headers: JSON_API_HEADERS,
        path: `/jsonapi/node/${bundle}/${encodeURIComponent(uuid)}`,
        query: { include: 'uid' },
        body: { data: { type: `node--${bundle}`, id: uuid, attributes } },
        idempotent: true,
        docs: `${DOCS}/updating-existing-resources-patch`,
      },
      drupalSingleSchema,
    );
    return { nodes: [res.body.data], included: res.body.included ?? [] };
  }
}

/** True for Drupal's 422 on the path alias (the alias is taken): the create can be retried with another. */
export function isAliasTaken(error: unknown): boolean {
  return error instanceof ConnectorError && error.code === 'invalid_request' && error.details.status === 422 && error.message.includes('/data/attributes/path');
}
