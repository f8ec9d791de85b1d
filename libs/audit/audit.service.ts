import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { RequestContext, RequestUser } from '../http/request-context';

export interface AuditEventInput {
  action: string;
  entityType: string;
  entityId?: string | null;
  stationId?: string | null;
  changes?: Record<string, unknown> | null;
  /** Defaults to the user of the current request. */
  actor?: Pick<RequestUser, 'id' | 'username'> | null;
}

/** `{field: {before, after}}` for the fields whose values differ. */
export function diffChanges(
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
  fields?: string[],
): Record<string, { before: unknown; after: unknown }> {
  const out: Record<string, { before: unknown; after: unknown }> = {};
  for (const field of fields ?? Object.keys(after)) {
    const a = before ? before[field] : undefined;
    const b = after[field];
    if (b === undefined) continue;
    if (JSON.stringify(a ?? null) !== JSON.stringify(b ?? null))
      out[field] = { before: a ?? null, after: b ?? null };
  }
  return out;
}

/**
 * Writes audit events inside the caller's transaction (pass its EntityManager), so a change and
 * its record commit or roll back together. Request id, client address and actor come from the
 * request context.
 */
@Injectable()
export class AuditService {
  async record(manager: EntityManager, event: AuditEventInput): Promise<void> {
    await this.recordMany(manager, [event]);
  }

  async recordMany(manager: EntityManager, events: AuditEventInput[]): Promise<void> {
    if (events.length === 0) return;
    const ctx = RequestContext.current();
    const rows = events.map((e) => {
      const actor = e.actor === undefined ? (ctx?.user ?? null) : e.actor;
      return [
        actor?.id ?? null,
        actor?.username ?? null,
        e.action,
        e.entityType,
        e.entityId ?? null,
        e.stationId ?? null,
        e.changes ? JSON.stringify(e.changes) : null,
        ctx?.requestId ?? null,
        ctx?.clientIp ?? null,
      ];
    });
    const params: unknown[] = [];
    const values = rows.map((row) => {
      const placeholders = row.map((value) => {
        params.push(value);
        return `$${params.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    await manager.query(
      `INSERT INTO audit_events (actor_id, actor_username, action, entity_type, entity_id, station_id, changes, request_id, client_ip)
       VALUES ${values.join(', ')}`,
      params,
    );
  }
}
