// Stand-in for ui/src/hub/admin/what-if.tsx until the lead's shared component lands (deleted then).
export type PreviewChange =
  | { type: 'role'; id: string; permissions?: Record<string, unknown>; level?: number }
  | { type: 'group'; id: string; roles?: string[]; parent?: string | null }
  | { type: 'user'; id: string; groups?: string[]; role?: string };

export function WhatIf(props: { change: PreviewChange | null }) {
  return props.change ? null : null;
}
