// The console's pocketbase client: a superuser sign-in, stored apart from the hub's user sign-in.
import { createClient } from '../shared/pb';

export const pb = createClient('gatehouse_superuser_auth');
