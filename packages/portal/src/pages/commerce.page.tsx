import { useQuery } from '@apollo/client/react';
import { CommerceOverviewDocument } from '../__generated__/graphql';
import { formatDate, formatMoney } from '../ui/format';
import { QueryState } from '../ui/status';
import { ScrollTable } from '../ui/scroll-table';

export function CommercePage() {
  const overview = useQuery(CommerceOverviewDocument, { variables: { first: 50 }, errorPolicy: 'all' });
  const data = overview.data;
  const state = { loading: overview.loading, error: overview.error, hasData: !!data };
  return (
    <>
      <section aria-labelledby="orders">
        <h2 id="orders">Orders</h2>
        <QueryState {...state} isEmpty={!data?.orders.nodes.length} what="orders" empty="No orders yet.">
          {() => (
            <ScrollTable label="Orders">
              <thead><tr><th scope="col">Order</th><th scope="col">Customer</th><th scope="col">Total</th><th scope="col">Payment</th><th scope="col">Fulfilment</th><th scope="col">Placed</th></tr></thead>
              <tbody>
                {data?.orders.nodes.map((o) => (
                  <tr key={o.id}><td>{o.number}</td><td>{o.email ?? '—'}</td><td>{formatMoney(o.total)}</td><td>{o.financialStatus}</td><td>{o.fulfillmentStatus}</td><td>{formatDate(o.createdAt)}</td></tr>
                ))}
              </tbody>
            </ScrollTable>
          )}
        </QueryState>
      </section>
      <section aria-labelledby="products">
        <h2 id="products">Products</h2>
        <QueryState {...state} isEmpty={!data?.products.nodes.length} what="products" empty="No products.">
          {() => (
            <ScrollTable label="Products">
              <thead><tr><th scope="col">Product</th><th scope="col">Variant</th><th scope="col">Price</th><th scope="col">In stock</th></tr></thead>
              <tbody>
                {data?.products.nodes.flatMap((p) =>
                  p.variants.map((v) => (
                    <tr key={v.id}><td>{p.title}</td><td>{v.title}{v.sku ? ` (${v.sku})` : ''}</td><td>{formatMoney(v.price)}</td><td className={v.inventory === 0 ? 'warn' : undefined}>{v.inventory ?? 'not tracked'}</td></tr>
                  )),
                )}
              </tbody>
            </ScrollTable>
          )}
        </QueryState>
      </section>
      <section aria-labelledby="invoices">
        <h2 id="invoices">Invoices</h2>
        <QueryState {...state} isEmpty={!data?.invoices.nodes.length} what="invoices" empty="No invoices.">
          {() => (
            <ScrollTable label="Invoices">
              <thead><tr><th scope="col">Invoice</th><th scope="col">Customer</th><th scope="col">Status</th><th scope="col">Total</th><th scope="col">Due</th></tr></thead>
              <tbody>
                {data?.invoices.nodes.map((i) => (
                  <tr key={i.id}><td>{i.number ?? '—'}</td><td>{i.customerEmail ?? '—'}</td><td>{i.status}</td><td>{formatMoney(i.total)} ({formatMoney(i.amountDue)} due)</td><td>{formatDate(i.dueDate)}</td></tr>
                ))}
              </tbody>
            </ScrollTable>
          )}
        </QueryState>
      </section>
    </>
  );
}
