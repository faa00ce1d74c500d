import { ApolloProvider } from '@apollo/client/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createPortalClient, createWsClient } from './apollo';
import { App } from './app';

const ws = createWsClient();
const client = createPortalClient(ws);

/** Signing out drops every cached record and the socket, so the next person sees nothing of the last. */
async function forget(): Promise<void> {
  ws.terminate();
  await client.clearStore();
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <ApolloProvider client={client}>
      <App onSignOut={forget} />
    </ApolloProvider>
  </StrictMode>,
);

if ('serviceWorker' in navigator && window.isSecureContext) {
  navigator.serviceWorker.register('/sw.js').catch(() => undefined);
}
