/** Emails per search query: keeps the query string well below Shopify's search length limits. */
export const EMAILS_PER_SEARCH = 25;

/**
 * Shopify search syntax for "orders of any of these emails": `email:"a" OR email:"b"`, values quoted with
 * `"` and `\` escaped, so an email can never add a term of its own.
 * https://shopify.dev/docs/api/usage/search-syntax
 */
export function ordersByEmailsQuery(emails: readonly string[]): string[] {
  const queries: string[] = [];
  for (let i = 0; i < emails.length; i += EMAILS_PER_SEARCH) {
    queries.push(emails.slice(i, i + EMAILS_PER_SEARCH).map((email) => `email:"${email.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(' OR '));
  }
  return queries;
}
