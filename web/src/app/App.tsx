// Providers and the route table. Every team screen lives under /t/:teamId so links are shareable; `/` goes to the
// signed-in user's first team.
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { ApiError } from '../api/client';
import { SignInPage } from '../auth/SignInPage';
import { SignUpPage } from '../auth/SignUpPage';
import { Layout } from './Layout';
import { PageLoader } from '../components/PageLoader';
import { RequireSession, TeamHome } from './session';
import { cssVariables, theme } from './theme';

const OverviewPage = lazy(() => import('../overview/OverviewPage'));
const ApiKeysPage = lazy(() => import('../keys/ApiKeysPage'));
const AccountPage = lazy(() => import('../account/AccountPage'));
const DomainsPage = lazy(() => import('../domains/DomainsPage'));
const DomainPage = lazy(() => import('../domains/DomainPage'));
const WebhooksPage = lazy(() => import('../webhooks/WebhooksPage'));
const WebhookPage = lazy(() => import('../webhooks/WebhookPage'));
const EmailsPage = lazy(() => import('../emails/EmailsPage'));
const EmailPage = lazy(() => import('../emails/EmailPage'));
const MailboxPage = lazy(() => import('../mailbox/MailboxPage'));

const queryClient: QueryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      refetchOnWindowFocus: false,
      retry: (count, e) => !(e instanceof ApiError && e.status < 500) && count < 2,
    },
  },
  // A session that ended while the app was open: re-check who is signed in, which sends the user to sign-in.
  queryCache: new QueryCache({
    onError: (e, query) => {
      if (e instanceof ApiError && e.status === 401 && query.queryKey[0] !== 'me') void queryClient.invalidateQueries({ queryKey: ['me'] });
    },
  }),
});

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariables} defaultColorScheme="auto">
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <Suspense fallback={<PageLoader />}>
            <Routes>
              <Route path="/sign-in" element={<SignInPage />} />
              <Route path="/sign-up" element={<SignUpPage />} />
              <Route element={<RequireSession />}>
                <Route index element={<TeamHome />} />
                <Route element={<Layout />}>
                  <Route path="/account" element={<AccountPage />} />
                  <Route path="/t/:teamId" element={<TeamHome />} />
                  <Route path="/t/:teamId/api-keys" element={<ApiKeysPage />} />
                  <Route path="/t/:teamId/overview" element={<OverviewPage />} />
                  <Route path="/t/:teamId/emails" element={<EmailsPage />} />
                  <Route path="/t/:teamId/emails/:requestId" element={<EmailPage />} />
                  <Route path="/t/:teamId/mailbox" element={<MailboxPage />} />
                  <Route path="/t/:teamId/domains" element={<DomainsPage />} />
                  <Route path="/t/:teamId/domains/:domain" element={<DomainPage />} />
                  <Route path="/t/:teamId/webhooks" element={<WebhooksPage />} />
                  <Route path="/t/:teamId/webhooks/:webhookId" element={<WebhookPage />} />
                </Route>
              </Route>
              <Route path="*" element={<Navigate to="/" replace />} />
            </Routes>
          </Suspense>
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  );
}
