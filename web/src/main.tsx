import '@mantine/core/styles.css';
import './i18n';
import { Alert, Badge, createTheme, MantineProvider, type CSSVariablesResolver } from '@mantine/core';
import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { ApiError, isApiStatus } from './api';
import { forgetSession } from './data/session';
import { router } from './router';

const theme = createTheme({
  fontFamily:
    '-apple-system, BlinkMacSystemFont, "Segoe UI", "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Noto Sans JP", Meiryo, sans-serif',
  primaryColor: 'blue',
  // Shade 8 keeps link and button text at a WCAG AA contrast of 4.5:1 or more on white.
  primaryShade: 8,
  // Keyboard users must always see where focus is; pointer clicks need no ring.
  focusRing: 'auto',
  components: {
    // Role names are proper names; upper-casing them ("ROLE: ADMIN") hurts reading.
    Badge: Badge.extend({ styles: { root: { textTransform: 'none' } } }),
    // Light alerts draw their title in the alert's colour, which for yellow and orange falls
    // below 4.5:1 on their tinted background; the colour stays in the border, icon and fill.
    Alert: Alert.extend({ styles: { title: { color: 'var(--mantine-color-black)' } } }),
  },
});

// Mantine's default "dimmed" grey and error red fall below 4.5:1 on white; hints and
// field errors are read all day, so both use darker shades.
const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-8)',
  },
  dark: {},
});

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (error) => {
      // A session that ends mid-use (expiry, revocation) sends the user to sign in again.
      if (isApiStatus(error, 401)) forgetSession(queryClient);
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // Answers like 404 or 403 will not change by asking again.
      retry: (failureCount, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failureCount < 2,
    },
  },
});

const container = document.getElementById('root');
if (!container) throw new Error('index.html must contain <div id="root"> for the app to mount.');

createRoot(container).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
