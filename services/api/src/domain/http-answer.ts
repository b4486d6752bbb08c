/** A response decided by a spec table: status, extra headers and JSON body. */
export interface HttpAnswer {
  status: number;
  headers?: Readonly<Record<string, string>>;
  body: unknown;
}
