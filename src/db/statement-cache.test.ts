import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { keepingStatements } from './statement-cache.js';

describe('keepingStatements', () => {
  let database: BetterSqlite3.Database;
  afterEach(() => {
    database.close();
  });

  const open = (size: number) => {
    database = new BetterSqlite3(':memory:');
    database.exec('CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3)');
    return keepingStatements(database, size);
  };

  it('hands out the same prepared statement for the same text', () => {
    const db = open(10);
    const a = db.prepare('SELECT x FROM t ORDER BY x');
    expect(db.prepare('SELECT x FROM t ORDER BY x')).toBe(a);
    expect(db.prepare('SELECT x FROM t ORDER BY x DESC')).not.toBe(a);
    expect(a.all([])).toEqual([{ x: 1 }, { x: 2 }, { x: 3 }]);
  });

  it('drops the least recently used statement beyond its size', () => {
    const db = open(2);
    const a = db.prepare('SELECT 1');
    const b = db.prepare('SELECT 2');
    expect(db.prepare('SELECT 1')).toBe(a); // now the most recent
    db.prepare('SELECT 3'); // evicts SELECT 2
    expect(db.prepare('SELECT 1')).toBe(a);
    expect(db.prepare('SELECT 2')).not.toBe(b);
  });

  it('never hands out a statement that is still iterating', () => {
    const db = open(10);
    const first = db.prepare('SELECT x FROM t ORDER BY x');
    const rows = first.iterate([]);
    expect(rows.next().value).toEqual({ x: 1 });
    const second = db.prepare('SELECT x FROM t ORDER BY x');
    expect(second).not.toBe(first);
    expect(second.all([])).toHaveLength(3);
    expect([...rows]).toEqual([{ x: 2 }, { x: 3 }]);
    // Done iterating: the kept one is handed out again.
    expect(db.prepare('SELECT x FROM t ORDER BY x')).toBe(first);
  });

  it('follows schema changes', () => {
    const db = open(10);
    expect(db.prepare('SELECT * FROM t LIMIT 1').all([])).toEqual([{ x: 1 }]);
    database.exec("ALTER TABLE t ADD COLUMN y TEXT NOT NULL DEFAULT 'a'");
    expect(db.prepare('SELECT * FROM t LIMIT 1').all([])).toEqual([{ x: 1, y: 'a' }]);
  });
});
