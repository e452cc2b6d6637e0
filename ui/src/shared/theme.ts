// The Mantine theme both apps share, with the fixes that make Mantine's defaults pass WCAG 2.1 AA.
import {
  Anchor,
  type CSSVariablesResolver,
  Drawer,
  Modal,
  Notification,
  createTheme,
} from '@mantine/core';

// White on indigo-6 is about 4.3:1; shade 7 passes.
export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 7, dark: 8 },
  autoContrast: true,
  respectReducedMotion: true,
  defaultRadius: 'md',
  // A link in running text must not be told apart by colour alone (WCAG 1.4.1).
  // Close buttons are icons: give each an accessible name.
  components: {
    Anchor: Anchor.extend({ defaultProps: { underline: 'always' } }),
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    Drawer: Drawer.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { 'aria-label': 'Close notification' } },
    }),
  },
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
});

export const cssVariablesResolver: CSSVariablesResolver = (t) => ({
  variables: {
    // White on the filled red of the primary shade (red-7 light, red-8 dark) is under 4.5:1:
    // destructive buttons (Delete, Disable, Revoke) use red-9 in both schemes.
    '--mantine-color-red-filled': 'var(--mantine-color-red-9)',
    '--mantine-color-red-filled-hover': '#a61e1e',
  },
  light: {
    // red-6 on white is about 3.3:1.
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    // gray-6 (#868e96) on white is about 3.3:1; gray-7 passes.
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    ...Object.fromEntries(
      Object.keys(t.colors).map((c) => [
        `--mantine-color-${c}-light-color`,
        `var(--mantine-color-${c}-9)`,
      ]),
    ),
    // Even shade 9 of yellow and orange is under 4.5:1 on their light backgrounds.
    '--mantine-color-yellow-light-color': '#663c00',
    '--mantine-color-orange-light-color': '#7a2e0e',
  },
  dark: {
    '--mantine-color-error': 'var(--mantine-color-red-4)',
    // #828282 on the dark body is about 4.0:1.
    '--mantine-color-dimmed': 'var(--mantine-color-dark-1)',
  },
});
