/** A check passes with `ok`; anything else (`error: <reason>`) makes the service unavailable. */
export type CheckResult = 'ok' | `error: ${string}`;

/** The `/health` body and status of spec/api.md §11.2 for this service. */
export function healthReport(
  version: string,
  checks: Record<string, CheckResult>,
): { status: 200 | 503; body: { status: 'ok' | 'unavailable'; service: 'etl'; version: string; checks: Record<string, CheckResult> } } {
  const ok = Object.values(checks).every((c) => c === 'ok');
  return { status: ok ? 200 : 503, body: { status: ok ? 'ok' : 'unavailable', service: 'etl', version, checks } };
}
