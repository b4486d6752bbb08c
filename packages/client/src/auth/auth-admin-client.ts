import { HttpStatusError } from '../http/errors.js';
import { requestHttp, type HttpResponse } from '../http/request.js';

export interface ServerLimits {
  longest_token_life_minutes: number;
  latest_token_expiry: string | null;
}

/**
 * A signed-in session against auth's REST API (spec/auth.md): keeps the session cookie and sends the CSRF token on
 * every mutating request, as the console does.
 */
export class AuthSession {
  private cookies = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    private readonly options: { ca?: string } = {},
  ) {}

  /** Signs in; throws HttpStatusError with auth's message on failure. */
  async signIn(username: string, password: string, twoFactorCode?: string): Promise<{ is_admin: boolean }> {
    const body: Record<string, string> = { username, password };
    if (twoFactorCode !== undefined) body.two_factor_code = twoFactorCode;
    return this.call('POST', '/signin', body, 'sign-in');
  }

  async registerServerFromSpec(
    spec: unknown,
    limits: ServerLimits,
  ): Promise<{ id: number; name: string; created: boolean; scopes_added: string[] }> {
    return this.call('POST', '/admin/servers/from_spec', { spec, ...limits }, 'server registration');
  }

  async serverScopes(serverId: number): Promise<{ id: number; name: string; enabled: boolean }[]> {
    return this.call('GET', `/admin/servers/${serverId}/scopes`, undefined, 'listing scopes');
  }

  async roles(): Promise<{ id: number; name: string; server: number; users: number[] }[]> {
    return this.call('GET', '/roles/', undefined, 'listing roles');
  }

  async createRole(role: {
    name: string;
    server_id: number;
    scopes: number[];
    users: number[];
    latest_token_expiry: string | null;
    longest_token_life_minutes: number;
  }): Promise<{ id: number }> {
    return this.call('POST', '/roles/', role, 'role creation');
  }

  async updateRole(roleId: number, patch: Record<string, unknown>): Promise<unknown> {
    return this.call('PATCH', `/roles/${roleId}`, patch, 'role update');
  }

  async users(): Promise<{ id: number; name: string }[]> {
    return this.call('GET', '/admin/users', undefined, 'listing users');
  }

  async createUser(user: { username: string; password: string; is_admin?: boolean }): Promise<{ id: number }> {
    return this.call('POST', '/admin/users', user, 'user creation');
  }

  async mintToken(
    serverId: number,
    name: string,
    roleNames: string[],
    lifetimeMinutes?: number,
  ): Promise<{ token: string; id: number; expires: string }> {
    const body: Record<string, unknown> = { name, roles: roleNames.map((n) => ({ name: n })) };
    if (lifetimeMinutes !== undefined) body.lifetime_minutes = lifetimeMinutes;
    return this.call('POST', `/tokens/tokens/${serverId}`, body, 'token minting');
  }

  /** The caller's tokens on a server (auth.md §4), with `jti` and `revoked`. */
  async listTokens(serverId: number): Promise<{ id: number; name: string; jti: string; revoked: boolean; expires: string }[]> {
    return this.call('GET', `/tokens/tokens/${serverId}`, undefined, 'listing tokens');
  }

  /** Revokes one of the caller's tokens (auth.md §11.2). */
  async revokeToken(tokenId: number): Promise<{ id: number; jti: string; revoked: true }> {
    return this.call('POST', `/tokens/tokens/${tokenId}/revoke`, undefined, 'token revocation');
  }

  /** auth's signed revocation list (tokens.md §8), the text to copy to the APIs' FLOWAPI_REVOCATION_LIST file. */
  async revocationList(): Promise<string> {
    const res = await requestHttp({ url: new URL('/revocations.jwt', this.baseUrl).toString(), ca: this.options.ca });
    if (res.status !== 200) throw new HttpStatusError(res.status, 'revocation list', res.text());
    return res.text();
  }

  async publicKey(): Promise<string> {
    return (await this.call<{ public_key: string }>('GET', '/admin/public_key', undefined, 'public key')).public_key;
  }

  private async call<T>(method: string, path: string, body: unknown, what: string): Promise<T> {
    const headers: Record<string, string> = {};
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = this.cookies.get('X-CSRF');
    if (csrf !== undefined && method !== 'GET') headers['x-csrf-token'] = decodeURIComponent(csrf);
    const res = await requestHttp({ method, url: new URL(path, this.baseUrl).toString(), headers, body, ca: this.options.ca });
    this.keepCookies(res);
    if (res.status >= 400) throw new HttpStatusError(res.status, what, res.text());
    return res.json<T>();
  }

  private keepCookies(res: HttpResponse): void {
    const set = res.headers['set-cookie'];
    for (const line of Array.isArray(set) ? set : set ? [set] : []) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      if (eq > 0) this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
  }
}
