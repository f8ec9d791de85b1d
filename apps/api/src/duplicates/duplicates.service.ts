import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../../../libs/audit/audit.service';
import { stationForWrite } from '../../../../libs/auth/station-scope';
import { CommonErrors } from '../../../../libs/http/domain-error';
import type { RequestUser } from '../../../../libs/http/request-context';
import { JobsService } from '../jobs/jobs.service';
import { OrganizationsService } from '../organizations/organizations.service';
import type { DuplicatePairDto, DuplicateResolvedDto, DuplicateScanResultDto } from './dto/duplicate.dto';
import { DuplicatesErrors } from './duplicates.errors';
import { DuplicatesRepository } from './duplicates.repository';
import type { DuplicateStatus } from './entities/duplicate-candidate.entity';

/** The job kind (a pg-boss queue of that name, created by migrations/1800600000001-DuplicateScan.ts). */
export const DUPLICATE_SCAN_JOB = 'duplicate_scan';

/**
 * Duplicate scan over a station's registry as a background job, and its review queue: merge (the
 * organizations feature's merge: references move, the other record is archived) or dismiss (the
 * pair is remembered and never suggested again).
 */
@Injectable()
export class DuplicatesService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: DuplicatesRepository,
    private readonly jobs: JobsService,
    private readonly organizations: OrganizationsService,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.jobs.register(DUPLICATE_SCAN_JOB, async ({ job, signal, progress }) => {
      if (!job.stationId) throw CommonErrors.notFound('station');
      progress({ done: 0, total: 1, phase: 'scanning' });
      signal.throwIfAborted();
      const result = await this.scan(job.stationId, job.id);
      progress({ done: 1, total: 1, phase: 'done' });
      return { ...result };
    });
  }

  /** The scan itself: one statement and its audit event, in one transaction. */
  async scan(stationId: string, jobId: string | null): Promise<DuplicateScanResultDto> {
    return this.dataSource.transaction(async (tx) => {
      const result = await this.repo.scan(tx, stationId, jobId);
      await this.audit.record(tx, {
        action: 'duplicate.scan',
        entityType: 'duplicate_scan',
        entityId: jobId,
        stationId,
        changes: { ...result },
      });
      return result;
    });
  }

  async start(user: RequestUser, requestedStation?: string): Promise<{ jobId: string }> {
    const stationId = stationForWrite(user, requestedStation);
    const [station]: { id: string }[] = await this.dataSource.query(`SELECT id FROM stations WHERE id = $1`, [
      stationId,
    ]);
    if (!station) throw CommonErrors.notFound('station');
    const jobId = await this.jobs.enqueue({ kind: DUPLICATE_SCAN_JOB, stationId, user, payload: {} });
    return { jobId };
  }

  async list(user: RequestUser, status: DuplicateStatus = 'pending'): Promise<{ items: DuplicatePairDto[] }> {
    return { items: await this.repo.list(user, status) };
  }

  async dismiss(user: RequestUser, id: string): Promise<DuplicateResolvedDto> {
    return this.dataSource.transaction(async (tx) => {
      const c = await this.repo.lock(tx, user, id);
      if (!c) throw CommonErrors.notFound('duplicate');
      if (c.status !== 'pending') throw DuplicatesErrors.resolved(c.status);
      await this.repo.resolve(tx, id, 'dismissed', user.id);
      await this.audit.record(tx, {
        action: 'duplicate.dismiss',
        entityType: 'duplicate_candidate',
        entityId: id,
        stationId: c.station_id,
        changes: { organizationIds: [c.organization_a_id, c.organization_b_id] },
      });
      return { id, status: 'dismissed', keptId: null };
    });
  }

  /**
   * The organizations feature's merge (its version check and audit events) and the marking of the
   * pair as merged with its own audit event, in one transaction: both land or neither does.
   */
  async merge(user: RequestUser, id: string, keepId: string, version: number): Promise<DuplicateResolvedDto> {
    return this.dataSource.transaction(async (tx) => {
      const c = await this.repo.lock(tx, user, id);
      if (!c) throw CommonErrors.notFound('duplicate');
      if (c.status !== 'pending') throw DuplicatesErrors.resolved(c.status);
      const pair = [c.organization_a_id, c.organization_b_id];
      if (!pair.includes(keepId)) throw DuplicatesErrors.keepNotInPair();
      if (!(await this.repo.bothLive(tx, c))) throw DuplicatesErrors.gone();
      const sourceId = pair.find((p) => p !== keepId)!;
      await this.organizations.mergeWithin(tx, user, keepId, { sourceId, version });
      await this.repo.resolve(tx, id, 'merged', user.id);
      await this.audit.record(tx, {
        action: 'duplicate.merge',
        entityType: 'duplicate_candidate',
        entityId: id,
        stationId: c.station_id,
        changes: { keptId: keepId, mergedId: sourceId },
      });
      return { id, status: 'merged', keptId: keepId };
    });
  }
}
