/**
 * Connectors: one folder per external system, each a `ConnectorDefinition` implementing a domain port.
 * The one registry is the composition root's list (packages/app/src/connector-runtime.ts): it builds each
 * real-provider connector once with the process's shared rate limits, locks, metrics and token stores.
 */
import type { ConnectorDefinition } from '@bizosaas/domain';
import { sandboxAnalyticsConnector } from './sandbox/analytics/sandbox-analytics.connector.js';
import { sandboxBillingConnector } from './sandbox/billing/sandbox-billing.connector.js';
import { sandboxCmsConnector } from './sandbox/cms/sandbox-cms.connector.js';
import { sandboxCommerceConnector } from './sandbox/commerce/sandbox-commerce.connector.js';
import { sandboxCrmConnector } from './sandbox/crm/sandbox-crm.connector.js';
import { sandboxEmailMarketingConnector } from './sandbox/email-marketing/sandbox-email-marketing.connector.js';
import { sandboxLlmConnector } from './sandbox/llm/sandbox-llm.connector.js';
import { sandboxMessagingConnector } from './sandbox/messaging/sandbox-messaging.connector.js';

/** The embedded sandbox connectors, one per port. */
export const sandboxConnectors: readonly ConnectorDefinition[] = [
  sandboxCrmConnector,
  sandboxCmsConnector,
  sandboxAnalyticsConnector,
  sandboxCommerceConnector,
  sandboxBillingConnector,
  sandboxEmailMarketingConnector,
  sandboxMessagingConnector,
  sandboxLlmConnector,
];

export { sandboxCrmConnector } from './sandbox/crm/sandbox-crm.connector.js';
export { SandboxCrmAdapter, type SandboxCrmAdapterOptions } from './sandbox/crm/sandbox-crm.adapter.js';
export { seedSandboxCrmDataset, buildSandboxCrmSeed, type SandboxSeedResult, type SandboxSeedData } from './sandbox/crm/sandbox-crm.seed.js';
export type { SandboxSeedProfileName } from './sandbox/crm/sandbox-crm.seed-profiles.js';
export { sandboxCmsConnector } from './sandbox/cms/sandbox-cms.connector.js';
export { SandboxCmsAdapter, type SandboxCmsAdapterOptions } from './sandbox/cms/sandbox-cms.adapter.js';
export { seedSandboxCmsDataset, buildSandboxCmsSeed, type SandboxCmsSeedData, type SandboxCmsSeedItem, type SandboxCmsSeedResult } from './sandbox/cms/sandbox-cms.seed.js';
export type { SandboxCmsProfileName } from './sandbox/cms/sandbox-cms.seed-profiles.js';
export { sandboxAnalyticsConnector } from './sandbox/analytics/sandbox-analytics.connector.js';
export { SandboxAnalyticsAdapter, type SandboxAnalyticsAdapterOptions } from './sandbox/analytics/sandbox-analytics.adapter.js';
export { seedSandboxAnalyticsDataset, buildSandboxAnalyticsSeed, type SandboxAnalyticsSeedRow, type SandboxAnalyticsSeedResult } from './sandbox/analytics/sandbox-analytics.seed.js';
export { SANDBOX_ANALYTICS_END_DATE, SANDBOX_ANALYTICS_DAYS, type SandboxAnalyticsProfileName } from './sandbox/analytics/sandbox-analytics.seed-profiles.js';
export { sandboxEmailMarketingConnector } from './sandbox/email-marketing/sandbox-email-marketing.connector.js';
export { SandboxEmailMarketingAdapter, type SandboxEmailMarketingAdapterOptions } from './sandbox/email-marketing/sandbox-email-marketing.adapter.js';
export { seedSandboxEmailMarketingDataset, buildSandboxEmailMarketingSeed, type SandboxEmailMarketingSeedResult, type SandboxEmailMarketingSeedData } from './sandbox/email-marketing/sandbox-email-marketing.seed.js';
export { sandboxMessagingConnector } from './sandbox/messaging/sandbox-messaging.connector.js';
export { SandboxMessagingAdapter, type SandboxMessagingAdapterOptions } from './sandbox/messaging/sandbox-messaging.adapter.js';
export { seedSandboxMessagingDataset, buildSandboxMessagingSeed, type SandboxMessagingSeedResult, type SandboxMessagingSeedData } from './sandbox/messaging/sandbox-messaging.seed.js';
export { sandboxLlmConnector } from './sandbox/llm/sandbox-llm.connector.js';
export { SandboxLlmAdapter, SANDBOX_LLM_MODEL } from './sandbox/llm/sandbox-llm.adapter.js';
export { sandboxCommerceConnector } from './sandbox/commerce/sandbox-commerce.connector.js';
export { SandboxCommerceAdapter, type SandboxCommerceAdapterOptions } from './sandbox/commerce/sandbox-commerce.adapter.js';
export { seedSandboxCommerceDataset, buildSandboxCommerceSeed, type SandboxCommerceSeedResult, type SandboxCommerceSeedData } from './sandbox/commerce/sandbox-commerce.seed.js';
export { sandboxBillingConnector } from './sandbox/billing/sandbox-billing.connector.js';
export { SandboxBillingAdapter, type SandboxBillingAdapterOptions } from './sandbox/billing/sandbox-billing.adapter.js';
export { seedSandboxBillingDataset, buildSandboxBillingSeed, type SandboxBillingSeedResult, type SandboxBillingSeedData } from './sandbox/billing/sandbox-billing.seed.js';
export { sandboxWebhookHeaders, signSandboxWebhook, SANDBOX_WEBHOOK_TOLERANCE_SECONDS } from './sandbox/crm/sandbox-crm.webhook.js';
export { hubSpotCrmConnector } from './hubspot/hubspot.connector.js';
export { HubSpotCrmAdapter, type HubSpotClientOptions, type HubSpotCrmAdapterOptions } from './hubspot/hubspot-crm.adapter.js';
export { createHubSpotAuth, type HubSpotAuthOptions } from './hubspot/hubspot.auth.js';
export { verifyHubSpotSignatureV3, parseHubSpotWebhook, HubSpotWebhookError, type HubSpotWebhookEvent, type HubSpotSignatureInput, type HubSpotSignatureResult } from './hubspot/hubspot.webhook.js';
export { createHubSpotWebhook, hubSpotDeliveryId } from './hubspot/hubspot.webhook-receiver.js';
export { zohoCrmConnector } from './zoho/zoho-crm.connector.js';
export { ZohoCrmAdapter, type ZohoCrmAdapterOptions } from './zoho/zoho-crm.adapter.js';
export { parseZohoNotification, type ZohoNotification, type ZohoRecordChange, type ParseZohoNotificationOptions } from './zoho/zoho-crm.notifications.js';
export { zohoOAuthProvider, zohoTokenFetch, ZOHO_CRM_SCOPES } from './zoho/zoho-crm.oauth.js';
export { parseZohoSettings, parseZohoCredentials, zohoCredentialsSchema, zohoSettingsSchema, ZOHO_DATA_CENTRES, type ZohoCrmSettings, type ZohoCrmCredentials } from './zoho/zoho-crm.settings.js';
export { wordpressCmsConnector, createWordPressCmsConnector, type WordPressConnectorOptions } from './wordpress/wordpress.connector.js';
export { WordPressCmsAdapter, type WordPressCmsAdapterOptions } from './wordpress/wordpress-cms.adapter.js';
export { parseWordPressSettings, parseWordPressCredentials, type WordPressSettings, type WordPressCredentials } from './wordpress/wordpress.settings.js';
export { wagtailCmsConnector, createWagtailCmsConnector, type WagtailConnectorOptions } from './wagtail/wagtail.connector.js';
export { WagtailCmsAdapter, type WagtailCmsAdapterOptions } from './wagtail/wagtail-cms.adapter.js';
export { parseWagtailSettings, parseWagtailCredentials, type WagtailSettings, type WagtailCredentials } from './wagtail/wagtail.settings.js';
export { drupalCmsConnector, createDrupalCmsConnector, drupalAuth, type DrupalConnectorOptions } from './drupal/drupal.connector.js';
export { DrupalCmsAdapter, type DrupalCmsAdapterOptions } from './drupal/drupal-cms.adapter.js';
export { parseDrupalSettings, parseDrupalCredentials, type DrupalSettings, type DrupalCredentials } from './drupal/drupal.settings.js';
export { wooCommerceConnector } from './woocommerce/woocommerce.connector.js';
export { ga4AnalyticsConnector } from './ga4/ga4.connector.js';
export { mailchimpConnector } from './mailchimp/mailchimp.connector.js';
export { WooCommerceAdapter, type WooCommerceAdapterOptions } from './woocommerce/woocommerce-commerce.adapter.js';
export { signWooCommerceWebhook, verifyWooCommerceSignature } from './woocommerce/woocommerce.webhook.js';
export { twilioConnector } from './twilio/twilio.connector.js';
export { shopifyCommerceConnector, createShopifyCommerceConnector, type ShopifyConnectorOptions } from './shopify/shopify.connector.js';
export { ShopifyCommerceAdapter, type ShopifyCommerceAdapterOptions } from './shopify/shopify-commerce.adapter.js';
export { verifyShopifyHmac, signShopifyWebhook, parseShopifyWebhook } from './shopify/shopify.webhook.js';
export { parseShopifySettings, parseShopifyCredentials, type ShopifySettings, type ShopifyCredentials } from './shopify/shopify.settings.js';
export { stripeBillingConnector, createStripeBillingConnector, type StripeConnectorOptions } from './stripe/stripe.connector.js';
export { StripeBillingAdapter, type StripeBillingAdapterOptions } from './stripe/stripe-billing.adapter.js';
export { verifyStripeSignature, STRIPE_SIGNATURE_TOLERANCE_SECONDS } from './stripe/stripe.webhook.js';
export { parseStripeSettings, parseStripeCredentials, type StripeSettings, type StripeCredentials } from './stripe/stripe.settings.js';
export { openAiConnector } from './openai/openai.connector.js';
export { OpenAiLlmAdapter, type OpenAiLlmAdapterOptions } from './openai/openai-llm.adapter.js';
