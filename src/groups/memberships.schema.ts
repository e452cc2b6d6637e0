// The contract of POST /api/groups/{id}/members: users to add and remove, and the answer.
import { z } from 'zod';
import { recordId } from '../lib/record-id.js';

const idList = z.array(recordId('user')).max(10_000).default([]);

export const membersSchema = z.object({ add: idList, remove: idList });
/** Parsed at the edge; users' bulk action passes one list (the other then counts as empty). */
export type MembersChange = z.input<typeof membersSchema>;

export const membersResultSchema = z.object({
  group: z.string(),
  added: z.array(z.string()),
  removed: z.array(z.string()),
  members: z.array(z.string()),
});
