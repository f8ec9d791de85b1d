import type { RequestUser } from '../../../../libs/http/request-context';
import type { AttachmentParent } from './entities/attachment.entity';

/** The record an attachment belongs to, as far as the rules need it. */
export interface ParentRecord {
  kind: AttachmentParent;
  id: string;
  stationId: string;
  /** Visits only: the workflow status, who made it, whether the caller is one of its officers. */
  status?: string;
  createdBy?: string | null;
  callerIsOfficer?: boolean;
}

/**
 * Who may do what with attachments (one place; the SQL that decides who *sees* a record is in the
 * repository: visitVisibilitySql for visits, the station scope for seminars and meetings).
 *
 * - See (list, download): whoever may see the record (hq across stations, but no visit drafts).
 * - Upload: whoever may edit the record — for a visit its creator, its officers and the station's
 *   managers; for seminars and meetings the station's officers and managers. hq and admin never.
 * - Delete: the same people, but a visit that is submitted (決裁待ち) or approved keeps its files:
 *   the manager decides on, or has approved, the record with those files. Files may still be added
 *   to an approved visit (a photo or handout that came later: audited, the approved content is
 *   not changed); to remove one, the manager returns or reopens the visit first. A cancelled visit
 *   (planned, then dropped) takes no new files.
 */
const VISIT_DELETABLE = ['draft', 'returned', 'planned'];
const VISIT_CLOSED = ['cancelled'];

export function mayEdit(user: RequestUser, parent: ParentRecord): boolean {
  if (user.role !== 'officer' && user.role !== 'manager') return false;
  if (user.stationId !== parent.stationId) return false;
  if (parent.kind !== 'visit') return true;
  return user.role === 'manager' || parent.createdBy === user.id || parent.callerIsOfficer === true;
}

export function mayUpload(user: RequestUser, parent: ParentRecord): boolean {
  return mayEdit(user, parent);
}

/** Upload refused for the record's state (not the caller): a cancelled visit. */
export function closedForUpload(parent: ParentRecord): boolean {
  return parent.kind === 'visit' && VISIT_CLOSED.includes(parent.status ?? '');
}

/** Delete refused for the record's state: a visit under or after 決裁. */
export function lockedForDelete(parent: ParentRecord): boolean {
  return parent.kind === 'visit' && !VISIT_DELETABLE.includes(parent.status ?? '');
}

export function mayDelete(user: RequestUser, parent: ParentRecord): boolean {
  return mayEdit(user, parent) && !lockedForDelete(parent);
}
