import { z } from 'zod';

// Zod schemas of the Admin GraphQL answers, field for field as the queries in shopify.queries.ts select
// them (types from the 2026-10 schema: Money and Decimal are strings, DateTime an ISO string).

const moneyBag = z.object({ shopMoney: z.object({ amount: z.string(), currencyCode: z.string() }) });
const pageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });

export const shopifyVariantSchema = z.object({
  id: z.string(),
  title: z.string(),
  sku: z.string().nullable(),
  price: z.string(),
  inventoryQuantity: z.number().int().nullable(),
  inventoryItem: z.object({ id: z.string(), tracked: z.boolean() }),
});

export const shopifyProductSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  status: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  variants: z.object({ nodes: z.array(shopifyVariantSchema), pageInfo: z.object({ hasNextPage: z.boolean() }) }),
});
export type ShopifyProduct = z.infer<typeof shopifyProductSchema>;

export const shopifyLineItemSchema = z.object({
  title: z.string(),
  quantity: z.number().int(),
  variant: z.object({ id: z.string() }).nullable(),
  product: z.object({ id: z.string() }).nullable(),
  originalUnitPriceSet: moneyBag,
  originalTotalSet: moneyBag,
});

export const shopifyOrderSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  cancelledAt: z.string().nullable(),
  customer: z.object({ id: z.string() }).nullable(),
  displayFinancialStatus: z.string().nullable(),
  displayFulfillmentStatus: z.string(),
  subtotalPriceSet: moneyBag.nullable(),
  totalPriceSet: moneyBag,
  lineItems: z.object({ nodes: z.array(shopifyLineItemSchema), pageInfo: z.object({ hasNextPage: z.boolean() }) }),
});
export type ShopifyOrder = z.infer<typeof shopifyOrderSchema>;

export const shopifyCustomerSchema = z.object({
  id: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  defaultEmailAddress: z.object({ emailAddress: z.string() }).nullable(),
  defaultPhoneNumber: z.object({ phoneNumber: z.string() }).nullable(),
});
export type ShopifyCustomer = z.infer<typeof shopifyCustomerSchema>;

const shop = z.object({ currencyCode: z.string() });
const connection = <T extends z.ZodType>(node: T) => z.object({ edges: z.array(z.object({ cursor: z.string(), node })), pageInfo });

/**
 * A `nodes(ids:)` slot: null for an unknown id, or any node; `nodesOfType` parses the ones of the asked
 * type strictly, so a malformed record is an error and not mistaken for another type.
 */
const anyNode = z.union([z.null(), z.looseObject({ __typename: z.string() })]);

export const listProductsData = z.object({ shop, products: connection(shopifyProductSchema) });
export const productNodesData = z.object({ shop, nodes: z.array(anyNode) });
export const listOrdersData = z.object({ orders: connection(shopifyOrderSchema) });
export const orderNodesData = z.object({ nodes: z.array(anyNode) });
export const listCustomersData = z.object({ customers: connection(shopifyCustomerSchema) });
export const customerNodesData = z.object({ nodes: z.array(anyNode) });

export const shopifyStockVariantSchema = z.object({
  id: z.string(),
  price: z.string(),
  inventoryQuantity: z.number().int().nullable(),
  inventoryPolicy: z.string(),
  product: z.object({ id: z.string() }),
  inventoryItem: z.object({
    id: z.string(),
    tracked: z.boolean(),
    inventoryLevels: z.object({
      nodes: z.array(z.object({ location: z.object({ id: z.string() }), quantities: z.array(z.object({ name: z.string(), quantity: z.number().int() })) })),
    }),
  }),
});
export type ShopifyStockVariant = z.infer<typeof shopifyStockVariantSchema>;
export const variantStockData = z.object({ shop, nodes: z.array(anyNode) });

const userErrors = z.array(z.object({ field: z.array(z.string()).nullable(), message: z.string(), code: z.string().nullable() }));
export type ShopifyUserErrors = z.infer<typeof userErrors>;
export const setQuantityData = z.object({ inventorySetQuantities: z.object({ userErrors }).nullable() });
export const createOrderData = z.object({ orderCreate: z.object({ order: shopifyOrderSchema.nullable(), userErrors }).nullable() });
export const shopData = z.object({ shop: z.object({ name: z.string(), myshopifyDomain: z.string(), currencyCode: z.string() }) });
