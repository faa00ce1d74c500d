import { useMutation, useQuery } from '@apollo/client/react';
import { ContentWithAnalyticsDocument, PublishContentDocument, type ContentStatus } from '../__generated__/graphql';
import { formatDate } from '../ui/format';
import { ErrorNotice, QueryState } from '../ui/status';
import { ScrollTable } from '../ui/scroll-table';

const SECTIONS: readonly { readonly status: ContentStatus; readonly title: string }[] = [
  { status: 'DRAFT', title: 'Drafts' },
  { status: 'PUBLISHED', title: 'Published' },
];

export function ContentPage() {
  return (
    <>
      {SECTIONS.map((section) => <ContentSection key={section.status} {...section} />)}
    </>
  );
}

function ContentSection({ status, title }: { status: ContentStatus; title: string }) {
  const items = useQuery(ContentWithAnalyticsDocument, { variables: { first: 50, status } });
  const [publish, publishing] = useMutation(PublishContentDocument, {
    // The item leaves Drafts and joins Published: both lists are asked again.
    refetchQueries: [ContentWithAnalyticsDocument],
  });
  const nodes = items.data?.contentItems.nodes ?? [];
  const headingId = `content-${status.toLowerCase()}`;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{title} {items.data ? <span className="muted">({items.data.contentItems.totalCount ?? nodes.length})</span> : null}</h2>
      {publishing.error ? <ErrorNotice error={publishing.error} title="Not published" /> : null}
      <QueryState loading={items.loading} error={items.error} hasData={!!items.data} isEmpty={nodes.length === 0} what={title.toLowerCase()} empty={`No ${title.toLowerCase()}.`}>
        {() => (
          <ScrollTable label={title}>
            <thead>
              <tr><th scope="col">Title</th><th scope="col">Updated</th><th scope="col">Views (28 days)</th><th scope="col">Users</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr>
            </thead>
            <tbody>
              {nodes.map((item) => (
                <tr key={item.id}>
                  <td>{item.url && item.status === 'PUBLISHED' ? <a href={item.url} rel="noreferrer" target="_blank">{item.title}</a> : item.title}</td>
                  <td>{formatDate(item.updatedAt)}</td>
                  <td>{item.analytics ? item.analytics.pageViews : '—'}</td>
                  <td>{item.analytics ? item.analytics.activeUsers : '—'}</td>
                  <td>
                    {item.status === 'DRAFT' ? (
                      <button type="button" disabled={publishing.loading} onClick={() => void publish({ variables: { id: item.id } }).catch(() => undefined)}>
                        Publish<span className="visually-hidden"> {item.title}</span>
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        )}
      </QueryState>
    </section>
  );
}
