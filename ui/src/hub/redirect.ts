// Where sign-in may send you back to: a path of this app only, never another site or the console.

/** `target` when it is a same-origin hub path, else `/`. */
export function safeRedirect(target: string | undefined): string {
  if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\'))
    return '/';
  if (target === '/sign-in' || target.startsWith('/sign-in?') || target.startsWith('/_/'))
    return '/';
  return target;
}
