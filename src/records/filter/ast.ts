// The parsed form of PocketBase's filter and sort languages (see parse.ts).
// The SQL compiler consumes these nodes; `pos` is the 0-based offset in the input where the node starts.

export type CompareOp = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~' | '!~';

export type Expr =
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'compare'; op: CompareOp; any: boolean; left: Operand; right: Operand; pos: number };

export type Operand =
  | {
      kind: 'field';
      path: string[];
      modifier: 'each' | 'length' | 'lower' | 'isset' | null;
      pos: number;
    }
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'bool'; value: boolean; pos: number }
  | { kind: 'null'; pos: number }
  | { kind: 'macro'; name: string; path: string[]; pos: number }; // name e.g. 'now', 'request.auth', 'request.query', 'collection'; path = the rest, e.g. ['id']

export interface SortTerm {
  path: string[];
  descending: boolean;
  pos: number;
} // '@random' → path ['@random']
