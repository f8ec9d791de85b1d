import { EntityManager } from 'typeorm';
import { CommonErrors } from '../http/domain-error';

const snake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/**
 * Optimistic locking done for real: `UPDATE … WHERE id = $1 AND version = $2`, bumping the version.
 * No row updated means a stale version (409) or no such row in scope (404); nothing changes then.
 * `scope` adds equality conditions (e.g. {stationId}) so another station's row answers 404.
 */
export async function updateVersioned<T extends object>(
  manager: EntityManager,
  table: string,
  entityName: string,
  id: string,
  expectedVersion: number,
  changes: Partial<T> & Record<string, unknown>,
  scope: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const params: unknown[] = [id, expectedVersion];
  const sets: string[] = [];
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    params.push(value);
    sets.push(`"${snake(key)}" = $${params.length}`);
  }
  sets.push('version = version + 1', 'updated_at = now()');
  const where = ['id = $1', 'version = $2'];
  for (const [key, value] of Object.entries(scope)) {
    params.push(value);
    where.push(`"${snake(key)}" = $${params.length}`);
  }
  const rows: Record<string, unknown>[] = await manager.query(
    `UPDATE "${table}" SET ${sets.join(', ')} WHERE ${where.join(' AND ')} RETURNING *`,
    params,
  );
  // TypeORM returns [rows, count] for UPDATE … RETURNING on postgres.
  const updated = Array.isArray(rows[0]) ? (rows[0] as Record<string, unknown>[]) : rows;
  if (updated.length === 1) return updated[0];
  const scopeParams: unknown[] = [id];
  const scopeWhere = ['id = $1'];
  for (const [key, value] of Object.entries(scope)) {
    scopeParams.push(value);
    scopeWhere.push(`"${snake(key)}" = $${scopeParams.length}`);
  }
  const current: { version: number }[] = await manager.query(
    `SELECT version FROM "${table}" WHERE ${scopeWhere.join(' AND ')}`,
    scopeParams,
  );
  if (current.length === 0) throw CommonErrors.notFound(entityName);
  throw CommonErrors.staleVersion(entityName, current[0].version);
}

/** Checks the version and bumps it, for changes that touch child rows only. */
export async function bumpVersion(
  manager: EntityManager,
  table: string,
  entityName: string,
  id: string,
  expectedVersion: number,
  scope: Record<string, unknown> = {},
): Promise<void> {
  await updateVersioned(manager, table, entityName, id, expectedVersion, {}, scope);
}
