// The hub's routes (browser history): first run, sign-in, and the signed-in pages under one layout.
import type { QueryClient } from '@tanstack/react-query';
import {
  Outlet,
  createRootRouteWithContext,
  createRoute,
  createRouter,
  redirect,
} from '@tanstack/react-router';
import { z } from 'zod';
import { auditSearchSchema } from './audit/data';
import { FirstRunPage } from './first-run';
import { HomePage } from './home';
import { AppLayout } from './layout';
import { NotFoundPage } from './not-found';
import { pb, setupQuery } from './pb';
import { SignInPage } from './sign-in';

const rootRoute = createRootRouteWithContext<{ queryClient: QueryClient }>()({
  component: Outlet,
  notFoundComponent: NotFoundPage,
});

/** While setup is open every page is the first-run form. */
async function setupOpen(queryClient: QueryClient): Promise<boolean> {
  return (await queryClient.query(setupQuery)).firstRun;
}

const setupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/setup',
  beforeLoad: async ({ context }) => {
    if (!(await setupOpen(context.queryClient))) throw redirect({ to: '/' });
  },
  component: FirstRunPage,
});

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  validateSearch: z.object({
    redirect: z.string().optional().catch(undefined),
    reason: z.enum(['expired', 'signed-out']).optional().catch(undefined),
  }),
  beforeLoad: async ({ context }) => {
    if (await setupOpen(context.queryClient)) throw redirect({ to: '/setup' });
  },
  component: SignInPage,
});

const signedInRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: '_app',
  beforeLoad: async ({ context, location }) => {
    if (await setupOpen(context.queryClient)) throw redirect({ to: '/setup' });
    if (!pb.authStore.isValid) {
      // An expired token is a session that ended; no token at all is a first visit.
      const reason = pb.authStore.token ? ('expired' as const) : undefined;
      pb.authStore.clear();
      throw redirect({ to: '/sign-in', search: { redirect: location.href, reason } });
    }
  },
  component: AppLayout,
});

const homeRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/',
  component: HomePage,
});

const accountRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/account',
  validateSearch: z.object({
    tab: z.enum(['profile', 'password', 'sessions', 'tokens']).optional().catch(undefined),
  }),
}).lazy(() => import('./account/account.lazy').then((m) => m.Route));

// The records screens, generated from the collection's schema (loaded on first visit). The list's
// search, sort and page live in the URL; the search text is kept a string (`?q=123` stays text).
const recordsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/records/$collection',
  validateSearch: z.object({
    q: z.coerce.string().optional().catch(undefined),
    sort: z.coerce.string().optional().catch(undefined),
    page: z.coerce.number().int().min(1).optional().catch(undefined),
  }),
}).lazy(() => import('./records/records.lazy').then((m) => m.Route));

/** One record's form; `new` creates one. */
const recordRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/records/$collection/$id',
}).lazy(() => import('./records/record.lazy').then((m) => m.Route));

/** Admin > Access Review (admin:users.manage; the server refuses anyone else). */
const accessReviewRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/admin/access-review',
}).lazy(() => import('./review/review.lazy').then((m) => m.Route));

// Admin > Security > Audit Log; its filters live in the URL (the names /api/audit takes).
const auditRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/admin/audit',
  validateSearch: auditSearchSchema,
}).lazy(() => import('./audit/audit.lazy').then((m) => m.Route));

const routeTree = rootRoute.addChildren([
  setupRoute,
  signInRoute,
  signedInRoute.addChildren([
    homeRoute,
    accountRoute,
    recordsRoute,
    recordRoute,
    accessReviewRoute,
    auditRoute,
  ]),
]);

export function createHubRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createHubRouter>;
  }
}
