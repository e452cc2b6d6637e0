// PocketBase's filter and sort languages, text in and AST out: scan.ts (limits, errors, paths) →
// lexer.ts → parser.ts for filters, sort-parser.ts for sorts. Other code imports them from here.
export {
  DATETIME_MACROS,
  MAX_CALL_DEPTH,
  MAX_FILTER_COMPARISONS,
  MAX_FILTER_DEPTH,
  MAX_FILTER_LENGTH,
  MAX_SORT_TERMS,
} from './scan.js';
export { parseFilter } from './parser.js';
export { parseSort } from './sort-parser.js';
