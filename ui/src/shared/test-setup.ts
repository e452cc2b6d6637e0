// Setup of the UI's component tests (vitest project "ui", happy-dom): unmount after each test, and
// start each from no notifications and empty storage (the SDK keeps its sign-in in localStorage).
import { notifications } from '@mantine/notifications';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
  // Notifications live in a module-level store, past the component that showed them.
  notifications.clean();
  localStorage.clear();
  sessionStorage.clear();
});
