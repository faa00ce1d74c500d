/**
 * `@apollo/gateway` starts, in its constructor, a meter provider that probes the cloud metadata services of
 * GCP, AWS, Azure and Alibaba (a DNS lookup of metadata.google.internal, HTTP to 169.254.169.254) and exports
 * usage metrics to Apollo, unless `APOLLO_TELEMETRY_DISABLED` is set. A self-hosted product makes no call
 * its operator did not configure, so the gateway turns it off before constructing ApolloGateway. This is
 * the one place the product writes to `process.env`: the library offers no constructor option for it.
 */
export function disableApolloTelemetry(): void {
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
}
