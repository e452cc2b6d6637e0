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

// Admin > Users & Access (issue 16). Each screen's search lives in the URL; its own module checks it.
const optionalText = z.coerce.string().optional().catch(undefined);
const optionalPage = z.coerce.number().int().min(1).optional().catch(undefined);

/** Users: search, filters (group with or without sub-groups, role, status), sort and page. */
const usersRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/admin/users',
  validateSearch: z.object({
    q: optionalText,
    group: optionalText,
    subgroups: z.coerce.boolean().optional().catch(undefined),
    role: optionalText,
    status: z.enum(['active', 'disabled']).optional().catch(undefined),
    sort: optionalText,
    page: optionalPage,
  }),
}).lazy(() => import('./users/users.lazy').then((m) => m.Route));

/** Create User. */
const createUserRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/admin/users/new',
}).lazy(() => import('./users/create-user.lazy').then((m) => m.Route));

/** Import Users (template → upload → review → confirm). */
const importUsersRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/admin/users/import',
}).lazy(() => import('./import/import.lazy').then((m) => m.Route));

/** One user's details; the tab in the URL. */
const userRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/admin/users/$id',
  validateSearch: z.object({ tab: optionalText }),
}).lazy(() => import('./user-details/user.lazy').then((m) => m.Route));

/** The groups tree; the selected group and its tab in the URL. */
const groupsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/admin/groups',
  validateSearch: z.object({ group: optionalText, tab: optionalText }),
}).lazy(() => import('./groups/groups.lazy').then((m) => m.Route));

const rolesRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/admin/roles',
}).lazy(() => import('./roles/roles.lazy').then((m) => m.Route));

/** One role (`new` creates one); the tab in the URL. */
const roleRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/admin/roles/$id',
  validateSearch: z.object({ tab: optionalText }),
}).lazy(() => import('./roles/role.lazy').then((m) => m.Route));

const serviceAccountsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/admin/service-accounts',
}).lazy(() => import('./service-accounts/service-accounts.lazy').then((m) => m.Route));

/** One service account (`new` creates one). */
const serviceAccountRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/admin/service-accounts/$id',
}).lazy(() => import('./service-accounts/service-account.lazy').then((m) => m.Route));

/** An invitation link from an import: the new user sets a password (no session needed). */
const invitationRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/invitation/$token',
}).lazy(() => import('./import/invitation.lazy').then((m) => m.Route));

const routeTree = rootRoute.addChildren([
  setupRoute,
  signInRoute,
  invitationRoute,
  signedInRoute.addChildren([
    homeRoute,
    accountRoute,
    recordsRoute,
    recordRoute,
    accessReviewRoute,
    auditRoute,
    usersRoute,
    createUserRoute,
    importUsersRoute,
    userRoute,
    groupsRoute,
    rolesRoute,
    roleRoute,
    serviceAccountsRoute,
    serviceAccountRoute,
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
