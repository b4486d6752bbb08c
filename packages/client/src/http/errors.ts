/** A response with an unexpected status, carrying what the server said (never the request's credentials). */
export class HttpStatusError extends Error {
  constructor(
    readonly status: number,
    readonly what: string,
    readonly body: string,
  ) {
    super(`${what} failed with HTTP ${status}: ${body.slice(0, 500)}`);
    this.name = 'HttpStatusError';
  }
}
