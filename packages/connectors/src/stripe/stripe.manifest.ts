import type { ConnectorManifest } from '@bizosaas/domain';
import { STRIPE_PROVIDER } from './stripe.mapping.js';
import { stripeCredentialFields, stripeSettingsFields } from './stripe.settings.js';

/** Stripe Billing: every BillingPort method over Stripe's invoices, subscriptions, customers and products. */
export const stripeBillingManifest = {
  id: STRIPE_PROVIDER,
  displayName: 'Stripe Billing',
  port: 'billing',
  capabilities: ['listInvoices', 'getInvoices', 'findInvoicesByEmails', 'createInvoice', 'voidInvoice', 'listSubscriptions', 'getSubscriptions', 'cancelSubscription'],
  authKind: 'api_key',
  settingsFields: stripeSettingsFields,
  credentialFields: stripeCredentialFields,
  allowedHosts: ['api.stripe.com'],
  docsUrl: 'https://docs.stripe.com/api',
} as const satisfies ConnectorManifest & { readonly port: 'billing' };
