// Each collection's record schema names exactly what records.view.ts shows, and shapeRecord drops
// what it does not name and refuses what does not fit.
import { describe, expect, it } from 'vitest';
import { COLLECTIONS, getCollection } from '../catalogue/collections.js';
import { COMPUTED, recordSchemaOf, shapeRecord } from './record-schemas.js';
import { toApiRecord } from './records.view.js';

describe('record schemas', () => {
  it.each(COLLECTIONS.map((c) => [c.name, c] as const))(
    '%s: the shown fields, the computed keys and expand — nothing else',
    (name, collection) => {
      const shown = collection.fields.filter((f) => !f.hidden).map((f) => f.name);
      expect(Object.keys(recordSchemaOf(name).shape).sort()).toEqual(
        ['collectionId', 'collectionName', ...shown, ...Object.keys(COMPUTED[name] ?? {}), 'expand']
          .filter((key, i, all) => all.indexOf(key) === i)
          .sort(),
      );
    },
  );

  it('drops a key no schema names, and refuses a value of the wrong type', () => {
    const systems = getCollection('systems');
    const row = { id: 'abc', created: '', updated: '', name: 'web', host: 'h', port: 22 };
    const record = toApiRecord(systems, row, new Map(), { type: 'system' });
    expect(shapeRecord('systems', { ...record, secret: 'x' })).toStrictEqual(record);
    expect(() => shapeRecord('systems', { ...record, port: 'not a number' })).toThrow(
      /a systems record does not fit its schema/,
    );
    expect(() => shapeRecord('systems', { ...record, status: 'exploded' })).toThrow(/status/);
  });
});
