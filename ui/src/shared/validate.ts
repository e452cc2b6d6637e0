// Form rules from the server's own zod schemas (files that import only zod), for Mantine's useForm.
import type { z } from 'zod';

/** A field rule: null when `schema` accepts the value, else `message` or the schema's own. */
export function fieldRule(schema: z.ZodType, message?: string) {
  return (value: unknown): string | null => {
    const result = schema.safeParse(value);
    if (result.success) return null;
    return message ?? result.error.issues[0]?.message ?? 'Invalid value.';
  };
}
