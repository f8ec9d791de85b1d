import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../../../libs/audit/audit.service';
import { APP_CONFIG, AppConfig } from '../../../../libs/config/app-config';
import { CommonErrors } from '../../../../libs/http/domain-error';
import type { RequestUser } from '../../../../libs/http/request-context';
import { toJstIsoString } from '../../../../libs/japanese/jst';
import { detectContent } from './attachment-content';
import { safeFileName } from './attachment-name';
import { AttachmentErrors } from './attachments.errors';
import { closedForUpload, lockedForDelete, mayDelete, mayEdit, ParentRecord } from './attachments.policy';
import { AttachmentRow, AttachmentsRepository } from './attachments.repository';
import type { AttachmentDto, AttachmentListDto } from './dto/attachment.dto';
import type { AttachmentParent } from './entities/attachment.entity';

export interface UploadedFile {
  originalname: string;
  buffer: Buffer;
  size: number;
}

export interface AttachmentDownload {
  fileName: string;
  contentType: string;
  sha256: string;
  data: Buffer;
}

const toDto = (row: AttachmentRow, deletable: boolean): AttachmentDto => ({
  id: row.id,
  fileName: row.fileName,
  contentType: row.contentType,
  size: Number(row.size),
  sha256: row.sha256,
  createdAt: toJstIsoString(new Date(row.createdAt)),
  deletable,
});

/** What the audit trail keeps of an attachment (never its bytes). */
const auditView = (row: AttachmentRow) => ({
  fileName: row.fileName,
  contentType: row.contentType,
  size: Number(row.size),
  sha256: row.sha256,
  recordType: row.parentKind,
  recordId: row.parentId,
});

@Injectable()
export class AttachmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: AttachmentsRepository,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async parentOrNotFound(
    manager: EntityManager,
    user: RequestUser,
    kind: AttachmentParent,
    id: string,
    lock = false,
  ): Promise<ParentRecord> {
    const parent = await this.repo.findParent(manager, user, kind, id, lock);
    if (!parent) throw CommonErrors.notFound(kind);
    return parent;
  }

  async list(user: RequestUser, kind: AttachmentParent, id: string): Promise<AttachmentListDto> {
    const manager = this.dataSource.manager;
    const parent = await this.parentOrNotFound(manager, user, kind, id);
    const deletable = mayDelete(user, parent);
    return {
      items: (await this.repo.list(manager, kind, id)).map((r) => toDto(r, deletable)),
      limitBytes: this.config.attachmentLimitBytes,
    };
  }

  async upload(
    user: RequestUser,
    kind: AttachmentParent,
    id: string,
    file: UploadedFile | undefined,
  ): Promise<AttachmentDto> {
    // Who may add files is known before the bytes are looked at: another station's record is 404.
    await this.authorizeUpload(this.dataSource.manager, user, kind, id, false);
    if (!file) throw AttachmentErrors.fileRequired();
    if (file.size === 0) throw AttachmentErrors.empty();
    const detected = await detectContent(file.buffer);
    if (!detected.ok) throw AttachmentErrors.unsupportedType(detected.detected);
    const { content } = detected;
    const sha256 = createHash('sha256').update(file.buffer).digest('hex');
    const fileName = safeFileName(file.originalname, content.extensions);
    return this.dataSource.transaction(async (tx) => {
      const parent = await this.authorizeUpload(tx, user, kind, id, true);
      const row = await this.repo.insert(
        tx,
        {
          parentKind: kind,
          parentId: id,
          stationId: parent.stationId,
          fileName,
          contentType: content.contentType,
          size: file.size,
          sha256,
          createdBy: user.id,
        },
        file.buffer,
      );
      await this.audit.record(tx, {
        action: 'attachment.upload',
        entityType: 'attachment',
        entityId: row.id,
        stationId: parent.stationId,
        changes: auditView(row),
      });
      return toDto(row, mayDelete(user, parent));
    });
  }

  private async authorizeUpload(
    manager: EntityManager,
    user: RequestUser,
    kind: AttachmentParent,
    id: string,
    lock: boolean,
  ): Promise<ParentRecord> {
    const parent = await this.parentOrNotFound(manager, user, kind, id, lock);
    if (!mayEdit(user, parent)) throw AttachmentErrors.notEditable();
    if (closedForUpload(parent)) throw AttachmentErrors.locked(parent.status ?? '', 'upload');
    return parent;
  }

  /** The attachment and its record, when the user may see the record; 404 otherwise. */
  private async visible(
    manager: EntityManager,
    user: RequestUser,
    id: string,
    lock = false,
  ): Promise<{ row: AttachmentRow; parent: ParentRecord }> {
    const row = await this.repo.find(manager, id);
    if (!row) throw CommonErrors.notFound('attachment');
    const parent = await this.repo.findParent(manager, user, row.parentKind, row.parentId, lock);
    if (!parent) throw CommonErrors.notFound('attachment');
    return { row, parent };
  }

  /** The file, with its download written to the audit trail (who read which file, when). */
  async download(user: RequestUser, id: string): Promise<AttachmentDownload> {
    return this.dataSource.transaction(async (tx) => {
      const { row, parent } = await this.visible(tx, user, id);
      const data = await this.repo.readData(tx, id);
      if (!data) throw CommonErrors.notFound('attachment');
      await this.audit.record(tx, {
        action: 'attachment.download',
        entityType: 'attachment',
        entityId: row.id,
        stationId: parent.stationId,
        changes: {
          fileName: row.fileName,
          sha256: row.sha256,
          recordType: row.parentKind,
          recordId: row.parentId,
        },
      });
      return { fileName: row.fileName, contentType: row.contentType, sha256: row.sha256, data };
    });
  }

  async remove(user: RequestUser, id: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const { row, parent } = await this.visible(tx, user, id, true);
      if (!mayEdit(user, parent)) throw AttachmentErrors.notEditable();
      if (lockedForDelete(parent)) throw AttachmentErrors.locked(parent.status ?? '', 'delete');
      if (!(await this.repo.delete(tx, id))) throw CommonErrors.notFound('attachment');
      await this.audit.record(tx, {
        action: 'attachment.delete',
        entityType: 'attachment',
        entityId: row.id,
        stationId: parent.stationId,
        changes: auditView(row),
      });
    });
  }
}
