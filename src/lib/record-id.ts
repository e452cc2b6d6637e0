// The one schema of a record id (PocketBase's 15 characters of [a-z0-9]); imports only zod, so the UI shares it.
import { z } from 'zod';

/** A record id in PocketBase's format: 15 characters of [a-z0-9]. */
export const RECORD_ID = /^[a-z0-9]{15}$/;

/** The one schema of a record id in input; the message names what it is the id of. */
export const recordId = (what: string) => z.string().regex(RECORD_ID, `Invalid ${what} id.`);
