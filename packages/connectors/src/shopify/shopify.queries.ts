import type { ShopifyOperation } from './shopify.graphql-client.js';

// Documents sent to the Admin GraphQL API 2026-10. Every one is validated against Shopify's own schema by
// the emulator in tests. https://shopify.dev/docs/api/admin-graphql/2026-10

// Shopify refuses any single query whose requested cost exceeds 1,000 points (an object costs 1, a
// connection 2 plus `first` times its node), so page and batch sizes follow from each record's cost, not
// only from the 250-id cap of `nodes`. https://shopify.dev/docs/api/usage/limits#cost-calculation
/** Shopify's ceiling on one query's requested cost. */
export const SHOPIFY_MAX_QUERY_COST = 1_000;
/** Variants per product read in one go (each costs 2: the variant and its inventory item). */
export const SHOPIFY_VARIANTS_PER_PRODUCT = 50;
/** Products per query: 1 + (2 + 50 x 2) = 103 points each, 8 fit under the ceiling. */
export const SHOPIFY_PRODUCTS_PER_QUERY = 8;
/** Line items per order read in one go (each costs 7: item, variant, product and two money bags). */
export const SHOPIFY_LINE_ITEMS_PER_ORDER = 20;
/** Orders per query: 1 + 5 + (2 + 20 x 7) = 148 points each, 6 fit under the ceiling. */
export const SHOPIFY_ORDERS_PER_QUERY = 6;
/** Customers per query: 3 points each (customer, email, phone). */
export const SHOPIFY_CUSTOMERS_PER_QUERY = 200;
/** `nodes(ids:)` takes at most 250 ids. */
export const SHOPIFY_NODES_BATCH = 250;

const MONEY = 'shopMoney { amount currencyCode }';

const PRODUCT_FIELDS = `
fragment ProductFields on Product {
  id title description status createdAt updatedAt
  variants(first: ${SHOPIFY_VARIANTS_PER_PRODUCT}) {
    nodes { id title sku price inventoryQuantity inventoryItem { id tracked } }
    pageInfo { hasNextPage }
  }
}`;

const ORDER_FIELDS = `
fragment OrderFields on Order {
  id name email createdAt updatedAt cancelledAt
  customer { id }
  displayFinancialStatus displayFulfillmentStatus
  subtotalPriceSet { ${MONEY} }
  totalPriceSet { ${MONEY} }
  lineItems(first: ${SHOPIFY_LINE_ITEMS_PER_ORDER}) {
    nodes { title quantity variant { id } product { id } originalUnitPriceSet { ${MONEY} } originalTotalSet { ${MONEY} } }
    pageInfo { hasNextPage }
  }
}`;

const CUSTOMER_FIELDS = `
fragment CustomerFields on Customer {
  id firstName lastName createdAt updatedAt
  defaultEmailAddress { emailAddress }
  defaultPhoneNumber { phoneNumber }
}`;

const PAGE_INFO = 'pageInfo { hasNextPage endCursor }';

/** https://shopify.dev/docs/api/admin-graphql/2026-10/queries/products */
export const listProductsQuery: ShopifyOperation = {
  name: 'ListProducts',
  document: `query ListProducts($first: Int!, $after: String) {
  shop { currencyCode }
  products(first: $first, after: $after, sortKey: ID) { edges { cursor node { ...ProductFields } } ${PAGE_INFO} }
}${PRODUCT_FIELDS}`,
};

/** https://shopify.dev/docs/api/admin-graphql/2026-10/queries/nodes */
export const productNodesQuery: ShopifyOperation = {
  name: 'ProductNodes',
  document: `query ProductNodes($ids: [ID!]!) {
  shop { currencyCode }
  nodes(ids: $ids) { __typename ...ProductFields }
}${PRODUCT_FIELDS}`,
};

/** https://shopify.dev/docs/api/admin-graphql/2026-10/queries/orders */
export const listOrdersQuery: ShopifyOperation = {
  name: 'ListOrders',
  document: `query ListOrders($first: Int!, $after: String, $query: String, $reverse: Boolean) {
  orders(first: $first, after: $after, sortKey: ID, reverse: $reverse, query: $query) { edges { cursor node { ...OrderFields } } ${PAGE_INFO} }
}${ORDER_FIELDS}`,
};

export const orderNodesQuery: ShopifyOperation = {
  name: 'OrderNodes',
  document: `query OrderNodes($ids: [ID!]!) {
  nodes(ids: $ids) { __typename ...OrderFields }
}${ORDER_FIELDS}`,
};

/** https://shopify.dev/docs/api/admin-graphql/2026-10/queries/customers */
export const listCustomersQuery: ShopifyOperation = {
  name: 'ListCustomers',
  document: `query ListCustomers($first: Int!, $after: String) {
  customers(first: $first, after: $after, sortKey: ID) { edges { cursor node { ...CustomerFields } } ${PAGE_INFO} }
}${CUSTOMER_FIELDS}`,
};

export const customerNodesQuery: ShopifyOperation = {
  name: 'CustomerNodes',
  document: `query CustomerNodes($ids: [ID!]!) {
  nodes(ids: $ids) { __typename ...CustomerFields }
}${CUSTOMER_FIELDS}`,
};

/** Variants with their stock per location, for placing orders and changing stock. */
export const variantStockQuery: ShopifyOperation = {
  name: 'VariantStock',
  document: `query VariantStock($ids: [ID!]!) {
  shop { currencyCode }
  nodes(ids: $ids) {
    __typename
    ... on ProductVariant {
      id price inventoryQuantity inventoryPolicy
      product { id }
      inventoryItem { id tracked inventoryLevels(first: 1) { nodes { location { id } quantities(names: ["available"]) { name quantity } } } }
    }
  }
}`,
};

/** https://shopify.dev/docs/api/admin-graphql/2026-10/mutations/inventorySetQuantities */
export const setQuantityMutation: ShopifyOperation = {
  name: 'SetInventoryQuantity',
  mutation: true,
  keyed: true,
  document: `mutation SetInventoryQuantity($input: InventorySetQuantitiesInput!, $key: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $key) { userErrors { field message code } }
}`,
};

/** https://shopify.dev/docs/api/admin-graphql/2026-10/mutations/orderCreate */
export const createOrderMutation: ShopifyOperation = {
  name: 'CreateOrder',
  mutation: true,
  keyed: true,
  document: `mutation CreateOrder($order: OrderCreateOrderInput!, $options: OrderCreateOptionsInput, $key: String!) {
  orderCreate(order: $order, options: $options) @idempotent(key: $key) { order { ...OrderFields } userErrors { field message code } }
}${ORDER_FIELDS}`,
};

/** The cheapest authenticated call: proves the token and the shop. */
export const shopQuery: ShopifyOperation = {
  name: 'Shop',
  document: 'query Shop { shop { name myshopifyDomain currencyCode } }',
};

/** The variant behind an inventory item (for `inventory_levels/update` webhooks). */
export const inventoryItemVariantQuery: ShopifyOperation = {
  name: 'InventoryItemVariant',
  document: `query InventoryItemVariant($id: ID!) {
  inventoryItem(id: $id) { variants(first: 1) { nodes { id inventoryQuantity product { id } } } }
}`,
};
