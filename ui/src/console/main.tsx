// The console's entry (/_/): a superuser sign-in, then the console frame.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient } from '@tanstack/react-query';
import { isUnauthorized } from '../shared/pb';
import { Providers } from '../shared/providers';
import { ConsoleFrame } from './frame';
import { pb } from './pb';
import { SuperuserSignIn } from './sign-in';

const queryClient = new QueryClient();

function ConsoleApp() {
  const [signedIn, setSignedIn] = useState(pb.authStore.isValid);
  const [ended, setEnded] = useState(false);
  useEffect(() => {
    if (!signedIn) return;
    // A revoked or expired superuser session goes back to sign-in with a message.
    pb.collection('_superusers')
      .authRefresh()
      .catch((error: unknown) => {
        if (!isUnauthorized(error)) return;
        pb.authStore.clear();
        setEnded(true);
        setSignedIn(false);
      });
  }, [signedIn]);
  return signedIn ? (
    <ConsoleFrame
      onSignedOut={() => {
        setEnded(false);
        setSignedIn(false);
      }}
    />
  ) : (
    <SuperuserSignIn
      ended={ended}
      onSignedIn={() => {
        setEnded(false);
        setSignedIn(true);
      }}
    />
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <Providers queryClient={queryClient}>
      <ConsoleApp />
    </Providers>
  </StrictMode>,
);
