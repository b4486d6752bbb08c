/**
 * Incremental CSV parser (RFC 4180 with a configurable one-character delimiter and quote): feed text chunks, get
 * complete records. Quoted fields may contain delimiters, doubled quotes and newlines; CRLF and LF both end a
 * record; blank lines are skipped.
 */
export class CsvRecordParser {
  private readonly delim: number;
  private readonly quote: number;
  private field = '';
  private row: string[] = [];
  private quoted = false;
  /** Inside a quoted field, the previous character was a quote (either closing or the first of a pair). */
  private quotePending = false;
  /** Physical line where the current record started (1-based). */
  private recordLine = 1;
  private line = 1;

  constructor(options: { delimiter: string; quote: string }) {
    this.delim = options.delimiter.charCodeAt(0);
    this.quote = options.quote.charCodeAt(0);
  }

  /** Parses a chunk; calls `onRecord(fields, line)` for every complete record. */
  feed(text: string, onRecord: (fields: string[], line: number) => void): void {
    const { delim, quote } = this;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.quoted) {
        if (this.quotePending) {
          this.quotePending = false;
          if (c === quote) {
            // Doubled quote: keep this one (the next slice starts at it), stay quoted.
            start = i;
            continue;
          }
          this.quoted = false; // fall through: this character follows the closing quote
        } else {
          if (c === quote) {
            this.field += text.slice(start, i);
            start = i + 1;
            this.quotePending = true;
          } else if (c === 10) this.line++;
          continue;
        }
      }
      if (c === delim) {
        this.row.push(this.field + text.slice(start, i));
        this.field = '';
        start = i + 1;
      } else if (c === 10 || c === 13) {
        const value = this.field + text.slice(start, i);
        this.field = '';
        start = i + 1;
        if (c === 10) this.line++;
        if (this.row.length > 0 || value !== '') {
          this.row.push(value);
          onRecord(this.row, this.recordLine);
          this.row = [];
        }
        this.recordLine = c === 10 ? this.line : this.line;
      } else if (c === quote && start === i && this.field === '') {
        this.quoted = true;
        start = i + 1;
      }
    }
    this.field += text.slice(start);
  }

  /** Ends the input: emits a last record without newline. Returns false when it ends inside a quoted field. */
  end(onRecord: (fields: string[], line: number) => void): boolean {
    if (this.quoted && !this.quotePending) return false;
    this.quoted = false;
    this.quotePending = false;
    if (this.row.length > 0 || this.field !== '') {
      this.row.push(this.field);
      onRecord(this.row, this.recordLine);
    }
    this.row = [];
    this.field = '';
    return true;
  }
}
