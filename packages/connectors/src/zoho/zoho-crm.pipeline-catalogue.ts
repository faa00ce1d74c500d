import type { Pipeline } from '@bizosaas/domain';
import type { ConnectorHttpClient } from '@bizosaas/connector-kit';
import { pipelineFromZoho } from './zoho-crm.pipelines.js';
import { zohoLayoutsSchema, zohoPipelinesSchema } from './zoho-crm.schemas.js';

/** Pipelines change rarely (an admin edits them in Zoho's setup): read them once per this long. */
const TTL_MS = 5 * 60_000;

/**
 * The Deals pipelines of one connection, cached. Zoho serves pipelines per Deals layout, so without a
 * configured `dealsLayoutId` the first layout is looked up (one extra call, cached with the pipelines).
 */
export class ZohoPipelineCatalogue {
  private cached: { readonly at: number; readonly pipelines: Promise<Pipeline[]> } | undefined;

  constructor(
    private readonly http: ConnectorHttpClient,
    private readonly layoutId: string | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  list(): Promise<Pipeline[]> {
    if (this.cached === undefined || this.now() - this.cached.at > TTL_MS) {
      const pipelines = this.load();
      this.cached = { at: this.now(), pipelines };
      // A failed read is not cached: the next call tries again.
      pipelines.catch(() => {
        if (this.cached?.pipelines === pipelines) this.cached = undefined;
      });
    }
    return this.cached.pipelines;
  }

  private async load(): Promise<Pipeline[]> {
    const layoutId = this.layoutId ?? (await this.firstLayoutId());
    if (layoutId === undefined) return [];
    // GET /crm/v8/settings/pipeline?layout_id= — https://www.zoho.com/crm/developer/docs/api/v8/get-pipelines.html
    const { body } = await this.http.request(
      { method: 'GET', path: '/crm/v8/settings/pipeline', query: { layout_id: layoutId }, docs: 'https://www.zoho.com/crm/developer/docs/api/v8/get-pipelines.html' },
      zohoPipelinesSchema,
    );
    return body.map(pipelineFromZoho);
  }

  private async firstLayoutId(): Promise<string | undefined> {
    // GET /crm/v8/settings/layouts?module=Deals — https://www.zoho.com/crm/developer/docs/api/v8/layouts-meta.html
    const { body } = await this.http.request(
      { method: 'GET', path: '/crm/v8/settings/layouts', query: { module: 'Deals' }, docs: 'https://www.zoho.com/crm/developer/docs/api/v8/layouts-meta.html' },
      zohoLayoutsSchema,
    );
    return body[0]?.id;
  }
}
