// Placeholder, replaced by the invitation page's own change.
import { createLazyRoute } from '@tanstack/react-router';

export const Route = createLazyRoute('/invitation/$token')({ component: () => null });
