/** Value of one health check: `ok` or `error: <short reason>` (spec/api.md §11.2). */
export type CheckResult = 'ok' | `error: ${string}`;

/** The api.md §11.2 body and status for the gateway's checks (deployment.md §7: `api`, `auth`). */
export function healthReport(version: string, checks: Record<string, CheckResult>): {
  status: 200 | 503;
  body: { status: 'ok' | 'unavailable'; service: 'gateway'; version: string; checks: Record<string, CheckResult> };
} {
  const ok = Object.values(checks).every((c) => c === 'ok');
  return { status: ok ? 200 : 503, body: { status: ok ? 'ok' : 'unavailable', service: 'gateway', version, checks } };
}
