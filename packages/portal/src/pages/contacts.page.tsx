import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { ContactDocument, ContactsDocument } from '../__generated__/graphql';
import { formatDate, formatMoney } from '../ui/format';
import { Link } from '../ui/router';
import { QueryState } from '../ui/status';
import { ScrollTable } from '../ui/scroll-table';

export function ContactsPage() {
  const [search, setSearch] = useState('');
  const contacts = useQuery(ContactsDocument, { variables: { first: 50 } });
  const nodes = (contacts.data?.contacts.nodes ?? []).filter((c) => `${c.fullName} ${c.email}`.toLowerCase().includes(search.trim().toLowerCase()));
  const more = contacts.data?.contacts.pageInfo.hasNextPage;
  return (
    <>
      <label className="inline">Filter<input type="search" value={search} onChange={(e) => setSearch(e.target.value)} /></label>
      <QueryState loading={contacts.loading} error={contacts.error} hasData={!!contacts.data} isEmpty={nodes.length === 0} what="contacts" empty="No contacts match.">
        {() => (
          <>
            <ul className="list">
              {nodes.map((contact) => (
                <li key={contact.id}>
                  <Link href={`/crm/contacts/${encodeURIComponent(contact.id)}`}>{contact.fullName || contact.email}</Link>
                  <span className="muted"> {contact.email}{contact.company ? ` · ${contact.company.name}` : ''}</span>
                </li>
              ))}
            </ul>
            {more ? (
              <button type="button" onClick={() => void contacts.fetchMore({ variables: { after: contacts.data?.contacts.pageInfo.endCursor ?? null } })}>
                Load more
              </button>
            ) : null}
          </>
        )}
      </QueryState>
    </>
  );
}

/** One contact with their deals (CRM), orders (shop) and invoices (billing), joined by the supergraph. */
export function ContactPage({ id }: { id: string }) {
  const overview = useQuery(ContactDocument, { variables: { id } });
  const contact = overview.data?.contact;
  return (
    <QueryState loading={overview.loading} error={overview.error} hasData={!!overview.data} isEmpty={!contact} what="the contact" empty="No such contact (it may belong to another connection).">
      {() =>
        contact ? (
          <>
            <h2>{contact.fullName || contact.email}</h2>
            <p>{contact.email}{contact.phone ? ` · ${contact.phone}` : ''}{contact.company ? ` · ${contact.company.name}` : ''}</p>
            <section aria-labelledby="contact-deals">
              <h3 id="contact-deals">Deals</h3>
              {contact.deals.length === 0 ? <p className="empty">No deals.</p> : (
                <ScrollTable label="Deals of this contact">
                  <thead><tr><th scope="col">Deal</th><th scope="col">Stage</th><th scope="col">Amount</th></tr></thead>
                  <tbody>{contact.deals.map((d) => <tr key={d.id}><td>{d.title}</td><td>{d.stage.name}</td><td>{formatMoney(d.amount)}</td></tr>)}</tbody>
                </ScrollTable>
              )}
            </section>
            <section aria-labelledby="contact-orders">
              <h3 id="contact-orders">Orders</h3>
              {contact.orders.length === 0 ? <p className="empty">No orders.</p> : (
                <ScrollTable label="Orders of this contact">
                  <thead><tr><th scope="col">Order</th><th scope="col">Status</th><th scope="col">Total</th><th scope="col">Placed</th></tr></thead>
                  <tbody>{contact.orders.map((o) => <tr key={o.id}><td>{o.number}</td><td>{o.financialStatus}</td><td>{formatMoney(o.total)}</td><td>{formatDate(o.createdAt)}</td></tr>)}</tbody>
                </ScrollTable>
              )}
            </section>
            <section aria-labelledby="contact-invoices">
              <h3 id="contact-invoices">Invoices</h3>
              {contact.invoices.length === 0 ? <p className="empty">No invoices.</p> : (
                <ScrollTable label="Invoices of this contact">
                  <thead><tr><th scope="col">Invoice</th><th scope="col">Status</th><th scope="col">Total</th><th scope="col">Due</th></tr></thead>
                  <tbody>{contact.invoices.map((i) => <tr key={i.id}><td>{i.number ?? '—'}</td><td>{i.status}</td><td>{formatMoney(i.total)} ({formatMoney(i.amountDue)} due)</td><td>{formatDate(i.dueDate)}</td></tr>)}</tbody>
                </ScrollTable>
              )}
            </section>
          </>
        ) : null
      }
    </QueryState>
  );
}
