// A small streaming RFC 4180 parser: text in chunks of any size, records out with the line they
// start on. Quoted fields may hold commas, quotes ("") and newlines; CRLF, LF and lone CR end
// records; blank lines are skipped. A quote inside an unquoted field is kept as text (as
// spreadsheets write it); text after a closing quote, or a quote never closed, is an error.

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`Line ${line}: ${message}`);
  }
}

export type OnRecord = (fields: string[], line: number) => void;

const QUOTE = 34;
const CR = 13;
const LF = 10;

export class CsvParser {
  private fields: string[] = [];
  private field = '';
  /** In a quoted field; `quoteClosed`: just read a quote inside it (end, or first half of ""). */
  private quoted = false;
  private quoteClosed = false;
  /** The field started (a quote or any character was read), so "" is an empty field, not none. */
  private started = false;
  private afterCr = false;
  /** The last character inside a quoted field was a CR (so a following LF is the same line end). */
  private quotedCr = false;
  /** The physical line being read, and the one the current record started on. */
  private line = 1;
  private recordLine = 1;
  private readonly delimiter: number;

  constructor(delimiter = ',') {
    this.delimiter = delimiter.charCodeAt(0);
  }

  push(text: string, onRecord: OnRecord): void {
    const delimiter = this.delimiter;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.afterCr) {
        this.afterCr = false;
        if (c === LF) {
          start = i + 1;
          continue;
        }
      }
      if (this.quoted) {
        if (this.quoteClosed) {
          this.quoteClosed = false;
          if (c === QUOTE) {
            this.field += '"';
            start = i + 1;
            continue;
          }
          this.quoted = false;
          // Fall through: the character after the closing quote must end the field.
          if (c !== delimiter && c !== CR && c !== LF) {
            throw new CsvSyntaxError(
              this.line,
              'unexpected text after a closing quote (a quote inside a quoted field must be doubled: "")',
            );
          }
        } else {
          if (c === QUOTE) {
            this.field += text.slice(start, i);
            this.quoteClosed = true;
            start = i + 1;
          } else if (c === CR || (c === LF && !this.quotedCr)) {
            this.line++;
          }
          this.quotedCr = c === CR;
          continue;
        }
      }
      if (c === delimiter) {
        this.field += text.slice(start, i);
        this.endField();
        start = i + 1;
      } else if (c === CR || c === LF) {
        this.field += text.slice(start, i);
        this.endRecord(onRecord);
        this.line++;
        this.recordLine = this.line;
        if (c === CR) this.afterCr = true;
        start = i + 1;
      } else if (c === QUOTE && !this.started && this.field === '' && start === i) {
        this.quoted = true;
        this.started = true;
        start = i + 1;
      } else {
        this.started = true;
      }
    }
    if (this.quoted && this.quoteClosed) return;
    this.field += text.slice(start);
  }

  /** The end of the input: the last record, or an error for a quote never closed. */
  end(onRecord: OnRecord): void {
    if (this.quoted && !this.quoteClosed) {
      throw new CsvSyntaxError(this.recordLine, 'a quoted field is never closed');
    }
    this.quoted = false;
    this.quoteClosed = false;
    this.endRecord(onRecord);
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.started = false;
  }

  private endRecord(onRecord: OnRecord): void {
    const blank = this.fields.length === 0 && this.field === '' && !this.started;
    if (!blank) {
      this.endField();
      onRecord(this.fields, this.recordLine);
    }
    this.fields = [];
    this.field = '';
    this.started = false;
  }
}

/** Parses a whole string (tests, small inputs). */
export function parseCsv(text: string, delimiter = ','): { fields: string[]; line: number }[] {
  const out: { fields: string[]; line: number }[] = [];
  const parser = new CsvParser(delimiter);
  const push = (fields: string[], line: number) => out.push({ fields, line });
  parser.push(text, push);
  parser.end(push);
  return out;
}
