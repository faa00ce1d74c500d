import { useQuery } from '@apollo/client/react';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { ViewerDocument } from './__generated__/graphql';
import { currentSession, signOut, storedApiKey, type SessionUser } from './auth/session';
import { AcceptInvitationPage } from './pages/accept-invitation.page';
import { AdminPage } from './pages/admin.page';
import { AgentsPage } from './pages/agents.page';
import { CommercePage } from './pages/commerce.page';
import { ConnectionsPage } from './pages/connections.page';
import { ContactPage, ContactsPage } from './pages/contacts.page';
import { ContentPage } from './pages/content.page';
import { DashboardPage } from './pages/dashboard.page';
import { PipelinePage } from './pages/pipeline.page';
import { ProfilePage } from './pages/profile.page';
import { SignInPage } from './pages/sign-in.page';
import { WorkflowsPage } from './pages/workflows.page';
import { Link, navigate, usePath } from './ui/router';
import { ErrorNotice, Loading } from './ui/status';

/** `adminOnly`: shown only to a viewer with the admin role (the server refuses everyone else anyway). */
const NAV: readonly { readonly href: string; readonly label: string; readonly adminOnly?: boolean }[] = [
  { href: '/', label: 'Dashboard' },
  { href: '/crm', label: 'Pipeline' },
  { href: '/crm/contacts', label: 'Contacts' },
  { href: '/content', label: 'Content' },
  { href: '/commerce', label: 'Commerce' },
  { href: '/agents', label: 'Agents' },
  { href: '/workflows', label: 'Workflows' },
  { href: '/connections', label: 'Connections' },
  { href: '/admin', label: 'Admin', adminOnly: true },
  { href: '/profile', label: 'Profile' },
];

type Auth = { state: 'checking' } | { state: 'offline' } | { state: 'signed-out' } | { state: 'session'; user: SessionUser } | { state: 'api-key' };

export function App({ onSignOut }: { onSignOut: () => Promise<void> }) {
  const [auth, setAuth] = useState<Auth>({ state: 'checking' });
  const check = useCallback(async () => {
    if (storedApiKey()) return setAuth({ state: 'api-key' });
    const user = await currentSession();
    setAuth(user === 'offline' ? { state: 'offline' } : user ? { state: 'session', user } : { state: 'signed-out' });
  }, []);
  useEffect(() => {
    void check();
  }, [check]);

  if (auth.state === 'checking') return <main id="main"><Loading what="your session" /></main>;
  if (auth.state === 'offline') {
    // The service worker may have served this page's shell from its cache; no data is shown from a cache.
    return (
      <main id="main">
        <h1>BizOSaaS is offline</h1>
        <p role="alert" className="notice notice-error">The server cannot be reached, so nothing here would be current. Check your connection.</p>
        <button type="button" onClick={() => void check()}>Try again</button>
      </main>
    );
  }
  if (auth.state === 'signed-out') {
    const enter = () => {
      navigate('/');
      void check();
    };
    if (window.location.pathname === '/accept-invitation') return <AcceptInvitationPage onSignedIn={enter} />;
    return <SignInPage onSignedIn={enter} />;
  }
  const leave = async () => {
    await signOut();
    await onSignOut();
    setAuth({ state: 'signed-out' });
    navigate('/sign-in');
  };
  return <Shell user={auth.state === 'session' ? auth.user : undefined} onSignOut={leave} />;
}

function Shell({ user, onSignOut }: { user: SessionUser | undefined; onSignOut: () => void }) {
  const path = usePath();
  const viewer = useQuery(ViewerDocument);
  const tenantName = user?.tenant.name ?? viewer.data?.viewer.tenant.name ?? '';
  // A session knows its roles; an API key's come with the viewer query (undefined until it answers).
  const roles = user?.roles ?? viewer.data?.viewer.roles;
  const access: Access = roles ? { state: 'known', roles, tenantName } : viewer.error ? { state: 'failed', error: viewer.error } : { state: 'loading' };
  const isAdmin = access.state === 'known' && access.roles.includes('admin');
  const page = route(path, access);
  useEffect(() => {
    document.title = `${page.title} · BizOSaaS`;
  }, [page.title]);
  return (
    <>
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="top">
        <span className="brand">BizOSaaS{tenantName ? ` · ${tenantName}` : ''}</span>
        <nav aria-label="Main">
          <ul>
            {NAV.filter((item) => !item.adminOnly || isAdmin).map((item) => (
              <li key={item.href}>
                <Link href={item.href} aria-current={page.nav === item.href ? 'page' : undefined}>{item.label}</Link>
              </li>
            ))}
          </ul>
        </nav>
        <span className="who">
          {user ? user.email : 'API key'}{' '}
          <button type="button" className="link-button" onClick={onSignOut}>Sign out</button>
        </span>
      </header>
      <main id="main" tabIndex={-1}>
        <h1>{page.title}</h1>
        {page.body}
      </main>
    </>
  );
}

/** What the shell knows of the viewer's roles, for pages only some roles may use. */
type Access = { state: 'loading' } | { state: 'failed'; error: unknown } | { state: 'known'; roles: readonly string[]; tenantName: string };

function route(path: string, access: Access): { title: string; nav: string; body: ReactNode } {
  const contact = /^\/crm\/contacts\/([^/]+)$/.exec(path);
  if (contact?.[1]) return { title: 'Contact', nav: '/crm/contacts', body: <ContactPage id={decodeURIComponent(contact[1])} /> };
  switch (path) {
    case '/crm':
      return { title: 'Pipeline', nav: '/crm', body: <PipelinePage /> };
    case '/crm/contacts':
      return { title: 'Contacts', nav: '/crm/contacts', body: <ContactsPage /> };
    case '/content':
      return { title: 'Content', nav: '/content', body: <ContentPage /> };
    case '/commerce':
      return { title: 'Commerce and billing', nav: '/commerce', body: <CommercePage /> };
    case '/agents':
      return { title: 'Agents', nav: '/agents', body: <AgentsPage /> };
    case '/workflows':
      return { title: 'Workflows', nav: '/workflows', body: <WorkflowsPage /> };
    case '/connections':
      return { title: 'Connections', nav: '/connections', body: <ConnectionsPage /> };
    case '/admin':
      return { title: 'Admin', nav: '/admin', body: <AdminsOnly access={access}><AdminPage /></AdminsOnly> };
    case '/profile':
      return { title: 'Profile', nav: '/profile', body: <ProfilePage /> };
    case '/':
    case '/sign-in':
    case '/accept-invitation':
      return { title: 'Live dashboard', nav: '/', body: <DashboardPage /> };
    default:
      return { title: 'Not found', nav: '', body: <p>There is no page at <code>{path}</code>. <Link href="/">Go to the dashboard</Link>.</p> };
  }
}

/** The page for admins; anyone else is told why there is nothing here and whom to ask, not shown failing sections. */
function AdminsOnly({ access, children }: { access: Access; children: ReactNode }) {
  if (access.state === 'loading') return <Loading what="your roles" />;
  if (access.state === 'failed') return <ErrorNotice error={access.error} title="Could not check your roles" />;
  if (access.roles.includes('admin')) return <>{children}</>;
  const roles = access.roles.length > 0 ? access.roles.join(', ') : 'none';
  return (
    <p className="notice" data-admins-only>
      <strong>Admins only:</strong> people, API keys and the audit log are managed with the admin role (yours: {roles}), ask an admin of {access.tenantName || 'your organisation'}.
    </p>
  );
}
