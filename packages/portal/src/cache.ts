import { InMemoryCache, isReference, type FieldPolicy, type Reference, type TypePolicies } from '@apollo/client';

/** A connection as the supergraph shapes it: Relay's edges and pageInfo, plus `nodes` and `totalCount`. */
interface ConnectionPage {
  readonly nodes?: readonly (Reference | { readonly id?: string })[];
  readonly edges?: readonly unknown[];
  readonly pageInfo?: unknown;
  readonly totalCount?: number | null;
}

function nodeKey(node: Reference | { readonly id?: string }): string | undefined {
  return isReference(node) ? node.__ref : node.id;
}

/**
 * One cached list per connection field and filter (not per `after`): the first page (no `after`) replaces
 * what was there, a later page is appended, and a node already listed keeps its place instead of appearing
 * twice (a deal that moved while paging).
 */
export function connectionPolicy(keyArgs: string[] | false = false): FieldPolicy<ConnectionPage> {
  return {
    keyArgs,
    merge(existing, incoming, { args }) {
      if (!existing || typeof args?.after !== 'string') return incoming;
      const nodes = existing.nodes ?? [];
      const seen = new Set(nodes.map(nodeKey));
      const added = (incoming.nodes ?? []).filter((node) => !seen.has(nodeKey(node)));
      return { ...incoming, nodes: [...nodes, ...added], edges: [...(existing.edges ?? []), ...(incoming.edges ?? [])] };
    },
  };
}

/**
 * `Money` is a scalar `{ amount: "1200.00", currency: "EUR" }`: a decimal string, never a float. The policy
 * replaces it whole (it has no identity to merge by) and refuses to cache anything else under its name, so
 * a float never reaches a formatter.
 */
export const moneyPolicy: FieldPolicy<unknown> = {
  merge(_existing, incoming) {
    if (incoming === null || incoming === undefined) return incoming;
    if (!isMoney(incoming)) throw new Error(`Not a Money value: ${JSON.stringify(incoming)}`);
    return { amount: incoming.amount, currency: incoming.currency };
  },
};

export interface Money {
  readonly amount: string;
  readonly currency: string;
}

export function isMoney(value: unknown): value is Money {
  if (typeof value !== 'object' || value === null) return false;
  const { amount, currency } = value as Record<string, unknown>;
  return typeof amount === 'string' && /^-?\d+(\.\d+)?$/.test(amount) && typeof currency === 'string' && /^[A-Z]{3}$/.test(currency);
}

/** Every field of type Money in the supergraph, by type (a unit test checks this list against the schema). */
export const MONEY_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Deal: ['amount'],
  ProductVariant: ['price'],
  Order: ['subtotal', 'total'],
  OrderItem: ['unitPrice', 'total'],
  Invoice: ['total', 'amountDue'],
  CustomerSubscription: ['price'],
};

/** Connection fields by parent type, with the arguments that select a different list. */
export const CONNECTION_FIELDS: Readonly<Record<string, Readonly<Record<string, string[] | false>>>> = {
  Query: {
    deals: ['filter'],
    contacts: ['filter'],
    contentItems: ['filter'],
    companies: false,
    products: false,
    orders: false,
    customers: false,
    invoices: false,
    customerSubscriptions: false,
    agents: false,
    agentRuns: false,
    workflowRuns: ['template'],
    campaigns: false,
    messages: false,
  },
  Agent: { runs: false },
};

export function portalTypePolicies(): TypePolicies {
  const policies: TypePolicies = {
    // Stage ids ("lead") repeat across pipelines: a stage is part of its pipeline, not an entity of its own.
    PipelineStage: { keyFields: false },
    Connector: { keyFields: ['port', 'provider'] },
    ConnectorField: { keyFields: false },
    Viewer: { keyFields: [] },
  };
  for (const [typeName, fields] of Object.entries(CONNECTION_FIELDS)) {
    const entries = Object.entries(fields).map(([field, keyArgs]) => [field, connectionPolicy(keyArgs)]);
    policies[typeName] = { ...policies[typeName], fields: Object.fromEntries(entries) };
  }
  for (const [typeName, fields] of Object.entries(MONEY_FIELDS)) {
    const existing = policies[typeName]?.fields ?? {};
    policies[typeName] = { ...policies[typeName], fields: { ...existing, ...Object.fromEntries(fields.map((field) => [field, moneyPolicy])) } };
  }
  return policies;
}

export function createPortalCache(): InMemoryCache {
  return new InMemoryCache({ typePolicies: portalTypePolicies() });
}
