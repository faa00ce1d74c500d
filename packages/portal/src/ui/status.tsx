import { CombinedGraphQLErrors, ServerError } from '@apollo/client';
import type { ReactNode } from 'react';

/** What a person needs from a failure: what went wrong, its code, and the request id to quote. */
export interface ErrorReport {
  readonly message: string;
  readonly code?: string;
  readonly requestId?: string;
}

export function reportOf(error: unknown): ErrorReport {
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0];
    const extensions = first?.extensions ?? {};
    return {
      message: error.errors.map((e) => e.message).join('; ') || 'The request failed.',
      ...(typeof extensions.code === 'string' ? { code: extensions.code } : {}),
      ...(typeof extensions.requestId === 'string' ? { requestId: extensions.requestId } : {}),
    };
  }
  const requestId = typeof error === 'object' && error !== null && 'requestId' in error ? String((error as { requestId: unknown }).requestId) : undefined;
  if (ServerError.is(error)) {
    return { message: serverMessage(error.bodyText) ?? `The server answered HTTP ${error.statusCode}.`, code: `HTTP_${error.statusCode}`, ...(requestId ? { requestId } : {}) };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { message: message || 'The request failed.', ...(requestId ? { requestId } : {}) };
}

function serverMessage(bodyText: string): string | undefined {
  try {
    const body = JSON.parse(bodyText) as { errors?: { message?: string }[]; error?: { message?: string } };
    return body.errors?.[0]?.message ?? body.error?.message;
  } catch {
    return undefined;
  }
}

export function ErrorNotice({ error, title = 'Something went wrong' }: { error: unknown; title?: string }) {
  const report = reportOf(error);
  return (
    <div role="alert" className="notice notice-error">
      <strong>{title}</strong>
      <p>{report.message}</p>
      {report.code || report.requestId ? (
        <p className="muted">
          {report.code ? <>Code <code>{report.code}</code>. </> : null}
          {report.requestId ? <>Request id <code>{report.requestId}</code> (quote it when reporting this).</> : null}
        </p>
      ) : null}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p role="status" aria-live="polite" className="muted">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** Loading, error or empty state of a query, or its content. */
export function QueryState(props: { loading: boolean; error: unknown; hasData: boolean; isEmpty: boolean; what: string; empty: ReactNode; children: () => ReactNode }) {
  if (props.error && !props.hasData) return <ErrorNotice error={props.error} title={`Could not load ${props.what}`} />;
  if (!props.hasData) return props.loading ? <Loading what={props.what} /> : null;
  return (
    <>
      {props.error ? <ErrorNotice error={props.error} title={`Could not refresh ${props.what}`} /> : null}
      {props.isEmpty ? <Empty>{props.empty}</Empty> : props.children()}
    </>
  );
}
