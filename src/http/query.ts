// Query-string values shared by the route contracts (a query value is a string, or an array when
// the key is repeated).
import { z } from 'zod';

/** `?x=true` or `?x=1` is true; anything else (absent, repeated, other text) is false. */
export const queryFlag = z
  .string()
  .optional()
  .catch(undefined)
  .transform((value) => value === 'true' || value === '1');

/** A text value; a repeated key counts as absent (the service then answers as for no value). */
export const queryText = z.string().optional().catch(undefined);

/** A path parameter: any text (an unknown id is the service's 404, never a 400). */
export const pathText = z.string();
