import type { Deps } from '../deps.js';
import { AuditAction, type AuditContext } from '../adapters/postgres/audit-log.js';
import { moveRolesToServer } from '../adapters/postgres/roles.js';
import {
  deleteScopes,
  deleteServer,
  findServer,
  findServerByName,
  insertScopes,
  insertServer,
  listScopes,
  setScopesEnabled,
  updateServer,
  type Scope,
  type Server,
} from '../adapters/postgres/servers.js';
import { T, type Db } from '../adapters/postgres/tables.js';
import { keepRevocationsOf } from '../adapters/postgres/tokens.js';
import { MAX_SCOPE_CHARS, MAX_SERVER_NAME_CHARS, planScopeMerge, readPublishedServer } from '../domain/openapi-scopes.js';
import { readIdList, readNullableDate, readPositiveInt, type Body } from '../domain/request-fields.js';
import { badField, badRequest, notFound } from '../errors.js';
import { recordAudit } from './record-audit.js';

type ServerDeps = Pick<Deps, 'db' | 'now'>;

function readServerName(v: unknown): string {
  if (typeof v !== 'string' || v === '') throw badField('name', 'Must provide server name');
  if (v.length > MAX_SERVER_NAME_CHARS) throw badField('name', 'Server name must be 120 characters or less.');
  return v;
}

function readScopeNames(body: Body): string[] | undefined {
  const v = body.scopes;
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string' && s !== '' && s.length <= MAX_SCOPE_CHARS)) {
    throw badField('scopes', 'scopes must be a list of scope names');
  }
  return [...new Set(v as string[])];
}

/** `{"<scope name>": bool, ...}` bodies of the scope routes. */
function readScopeFlags(body: unknown): Map<string, boolean> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('Expected an object of scope names to booleans.');
  const out = new Map<string, boolean>();
  for (const [name, enabled] of Object.entries(body)) {
    if (typeof enabled !== 'boolean' || name === '' || name.length > MAX_SCOPE_CHARS) {
      throw badRequest('Expected an object of scope names to booleans.', { bad_field: name });
    }
    out.set(name, enabled);
  }
  return out;
}

async function checkUniqueName(db: Db, name: string, exceptId?: number): Promise<void> {
  const clash = await findServerByName(db, name);
  if (clash && clash.id !== exceptId) throw badField('name', 'Server with this name already exists.');
}

async function checkRoles(db: Db, ids: number[] | undefined): Promise<void> {
  if (ids === undefined || ids.length === 0) return;
  const found = await db(T.roles).whereIn('id', ids).count({ n: '*' });
  if (Number((found[0] as { n: string | number }).n) !== ids.length) throw badField('roles', 'Unknown role id.');
}

/** Replaces the scope set: names that persist keep their ids (and role memberships); removed ones leave every role. */
async function replaceScopeSet(db: Db, serverId: number, wanted: Map<string, boolean>): Promise<void> {
  const existing = await listScopes(db, serverId);
  const have = new Set(existing.map((s) => s.name));
  await deleteScopes(db, serverId, existing.filter((s) => !wanted.has(s.name)).map((s) => s.name));
  await insertScopes(db, serverId, [...wanted].filter(([n]) => !have.has(n)).map(([name, enabled]) => ({ name, enabled })));
  const keep = existing.filter((s) => wanted.has(s.name));
  await setScopesEnabled(db, serverId, keep.filter((s) => wanted.get(s.name) === true).map((s) => s.name), true);
  await setScopesEnabled(db, serverId, keep.filter((s) => wanted.get(s.name) === false).map((s) => s.name), false);
}

export async function createServer(deps: ServerDeps, body: Body, ctx: AuditContext): Promise<number> {
  const name = readServerName(body.name);
  const longest = readPositiveInt(body, 'longest_token_life_minutes');
  const latest = readNullableDate(body, 'latest_token_expiry') ?? null;
  const scopes = readScopeNames(body) ?? [];
  const roles = readIdList(body, 'roles');
  return deps.db.transaction(async (trx) => {
    await checkUniqueName(trx, name);
    await checkRoles(trx, roles);
    const id = await insertServer(trx, { name, longestTokenLifeMinutes: longest, latestTokenExpiry: latest });
    await insertScopes(trx, id, scopes.map((s) => ({ name: s, enabled: true })));
    if (roles) await moveRolesToServer(trx, roles, id);
    await recordAudit(deps, ctx, { action: AuditAction.ServerCreated, targetType: 'server', targetId: id, detail: { name, scopes: scopes.length } }, trx);
    return id;
  });
}

export async function patchServer(deps: ServerDeps, serverId: number, body: Body, ctx: AuditContext): Promise<void> {
  await deps.db.transaction(async (trx) => {
    const server = await findServer(trx, serverId);
    if (!server) throw notFound('Server');
    const patch: Partial<Omit<Server, 'id'>> = {};
    if (body.name !== undefined) patch.name = readServerName(body.name);
    if (body.longest_token_life_minutes !== undefined) patch.longestTokenLifeMinutes = readPositiveInt(body, 'longest_token_life_minutes');
    const latest = readNullableDate(body, 'latest_token_expiry');
    if (latest !== undefined) patch.latestTokenExpiry = latest;
    const scopes = readScopeNames(body);
    const roles = readIdList(body, 'roles');
    if (patch.name !== undefined) await checkUniqueName(trx, patch.name, server.id);
    await checkRoles(trx, roles);
    await updateServer(trx, server.id, patch);
    if (scopes !== undefined) {
      const current = new Map((await listScopes(trx, server.id)).map((s) => [s.name, s.enabled]));
      await replaceScopeSet(trx, server.id, new Map(scopes.map((s) => [s, current.get(s) ?? true])));
    }
    if (roles) await moveRolesToServer(trx, roles, server.id);
    const changed = Object.keys(body).filter((k) => k !== 'id');
    await recordAudit(deps, ctx, { action: AuditAction.ServerUpdated, targetType: 'server', targetId: server.id, detail: { name: patch.name ?? server.name, changed } }, trx);
  });
}

export async function removeServer(deps: ServerDeps, serverId: number, ctx: AuditContext): Promise<void> {
  await deps.db.transaction(async (trx) => {
    const server = await findServer(trx, serverId);
    if (!server) throw notFound('Server');
    // Deleting a server revokes its unexpired tokens and keeps them on the revocation list (docs/revocation.md).
    const revokedTokens = await keepRevocationsOf(trx, { serverId: server.id }, deps.now(), 'server_deleted');
    await deleteServer(trx, server.id);
    await recordAudit(deps, ctx, { action: AuditAction.ServerDeleted, targetType: 'server', targetId: server.id, detail: { name: server.name, revoked_tokens: revokedTokens } }, trx);
  });
}

/** POST (replace) or PATCH (set enabled of existing names) /admin/servers/<id>/scopes. */
export async function changeScopes(deps: ServerDeps, serverId: number, body: unknown, mode: 'replace' | 'patch', ctx: AuditContext): Promise<Scope[]> {
  const flags = readScopeFlags(body);
  return deps.db.transaction(async (trx) => {
    const server = await findServer(trx, serverId);
    if (!server) throw notFound('Server');
    if (mode === 'replace') {
      await replaceScopeSet(trx, server.id, flags);
    } else {
      const names = [...flags.keys()];
      await setScopesEnabled(trx, server.id, names.filter((n) => flags.get(n) === true), true);
      await setScopesEnabled(trx, server.id, names.filter((n) => flags.get(n) === false), false);
    }
    await recordAudit(deps, ctx, { action: AuditAction.ScopesChanged, targetType: 'server', targetId: server.id, detail: { mode, scopes: flags.size } }, trx);
    return listScopes(trx, server.id);
  });
}

/** POST /admin/servers/from_spec (auth.md §6.1). */
export async function registerFromSpec(deps: ServerDeps, body: Body, ctx: AuditContext) {
  const published = readPublishedServer(body.spec);
  if (!published) {
    throw badField(
      'spec',
      'The OpenAPI document must carry components.securitySchemes.token x-audience (1-120 characters) and x-security-scopes (strings of at most 512 characters).',
    );
  }
  return deps.db.transaction(async (trx) => {
    const existing = await findServerByName(trx, published.name);
    if (!existing) {
      const longest = readPositiveInt(body, 'longest_token_life_minutes');
      const latest = readNullableDate(body, 'latest_token_expiry') ?? null;
      const id = await insertServer(trx, { name: published.name, longestTokenLifeMinutes: longest, latestTokenExpiry: latest });
      await insertScopes(trx, id, published.scopes.map((name) => ({ name, enabled: true })));
      await recordAudit(deps, ctx, { action: AuditAction.ServerCreated, targetType: 'server', targetId: id, detail: { name: published.name, scopes: published.scopes.length, from_spec: true } }, trx);
      return { id, name: published.name, created: true, scopes_added: published.scopes, scopes_disabled: [] as string[], scopes_unchanged: 0 };
    }
    const patch: Partial<Omit<Server, 'id'>> = {};
    if (body.longest_token_life_minutes !== undefined) patch.longestTokenLifeMinutes = readPositiveInt(body, 'longest_token_life_minutes');
    const latest = readNullableDate(body, 'latest_token_expiry');
    if (latest !== undefined) patch.latestTokenExpiry = latest;
    await updateServer(trx, existing.id, patch);
    const plan = planScopeMerge(await listScopes(trx, existing.id), published.scopes);
    await insertScopes(trx, existing.id, plan.add.map((name) => ({ name, enabled: true })));
    await setScopesEnabled(trx, existing.id, plan.disable, false);
    await setScopesEnabled(trx, existing.id, plan.enable, true);
    await recordAudit(deps, ctx, {
      action: AuditAction.ScopesChanged,
      targetType: 'server',
      targetId: existing.id,
      detail: { mode: 'from_spec', added: plan.add.length, disabled: plan.disable.length, enabled: plan.enable.length },
    }, trx);
    return {
      id: existing.id,
      name: existing.name,
      created: false,
      scopes_added: plan.add,
      scopes_disabled: plan.disable,
      scopes_unchanged: plan.unchanged,
    };
  });
}
