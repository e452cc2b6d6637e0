// Renders a component for a component test inside the providers the apps use (Mantine with the
// theme, notifications, modals, TanStack Query without retries), with user-event.
import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { Providers } from './providers';

export function renderUi(ui: ReactElement, options: { queryClient?: QueryClient } = {}) {
  const queryClient =
    options.queryClient ??
    new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  const user = userEvent.setup();
  return { user, queryClient, ...render(<Providers queryClient={queryClient}>{ui}</Providers>) };
}
