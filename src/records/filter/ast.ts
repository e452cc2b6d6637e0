// The parsed form of PocketBase's filter and sort languages (see parse.ts).
// The SQL compiler consumes these nodes; `pos` is the 0-based offset in the input where the node starts.

export type CompareOp = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~' | '!~';

export type Modifier = 'each' | 'length' | 'lower' | 'isset' | 'changed';

export type Expr =
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'compare'; op: CompareOp; any: boolean; left: Operand; right: Operand; pos: number };

export type Operand =
  | { kind: 'field'; path: string[]; modifier: Modifier | null; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'bool'; value: boolean; pos: number }
  | { kind: 'null'; pos: number }
  /**
   * `@now`, `@yesterday`… (name = the macro, path = []), `@request.<path>` (name 'request', e.g.
   * path ['auth', 'id'], ['query', 'page'], ['context']) and `@collection.<name>[:alias].<path>`
   * (name 'collection', path [collection, ...fields], alias when given).
   */
  | {
      kind: 'macro';
      name: string;
      path: string[];
      alias?: string;
      modifier: Modifier | null;
      pos: number;
    }
  /** A function call such as strftime('%Y', created); arguments are operands (no comparisons). */
  | { kind: 'function'; name: string; args: Operand[]; pos: number };

export interface SortTerm {
  /** A field path, or ['@random'] / ['@rowid']. */
  path: string[];
  modifier: Modifier | null;
  descending: boolean;
  pos: number;
}
