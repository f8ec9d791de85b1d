import type { TFunction } from 'i18next';
import type { Role } from '../../api/types';

/**
 * The audit trail in words: Japanese labels for actions, record types and fields (i18n
 * `audit.*`), and where a record is shown. An action nobody labelled reads as its record type and
 * verb (`seminar.update` → 講習会の更新); only an unknown verb shows the code.
 */
export function actionLabel(t: TFunction, action: string): string {
  const exact = `audit.actions.${action}`;
  if (t(exact, { defaultValue: '' })) return t(exact);
  const dot = action.lastIndexOf('.');
  if (dot < 0) return action;
  const type = action.slice(0, dot);
  const verb = action.slice(dot + 1);
  const verbText = t(`audit.verbs.${verb}`, { defaultValue: '' });
  if (!verbText) return action;
  return t('audit.actionPattern', { entity: entityTypeLabel(t, type), verb: verbText });
}

export function entityTypeLabel(t: TFunction, type: string): string {
  return t(`audit.entityTypes.${type}`, { defaultValue: type });
}

export function fieldLabel(t: TFunction, field: string): string {
  return t(`audit.fields.${field}`, { defaultValue: field });
}

const RECORD_PATHS: Record<string, { path: string; roles: Role[] }> = {
  organization: { path: '/organizations', roles: ['officer', 'manager', 'hq'] },
  visit: { path: '/visits', roles: ['officer', 'manager', 'hq'] },
  seminar: { path: '/seminars', roles: ['officer', 'manager'] },
  consultation: { path: '/consultations', roles: ['officer', 'manager'] },
  partner: { path: '/partners', roles: ['officer', 'manager', 'hq', 'admin'] },
  council_meeting: { path: '/council/meetings', roles: ['officer', 'manager'] },
};

/** The screen of a record, when the reader's role has one. */
export function recordPath(type: string, id: string | null, role: Role): string | null {
  const target = RECORD_PATHS[type];
  if (!id || !target || !target.roles.includes(role)) return null;
  return `${target.path}/${id}`;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** `{field: {before, after}}` as rows; null when the changes have another shape (an export's filters). */
export function fieldChanges(changes: Record<string, unknown> | null): FieldChange[] | null {
  if (!changes) return null;
  const entries = Object.entries(changes);
  if (entries.length === 0) return null;
  const rows: FieldChange[] = [];
  for (const [field, value] of entries) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
    const v = value as Record<string, unknown>;
    if (!('before' in v) || !('after' in v)) return null;
    rows.push({ field, before: v.before, after: v.after });
  }
  return rows;
}

/** Code lists by record type and field, so a stored code reads as the screens show it. */
const ENUM_OF: Record<string, string> = {
  'visit.status': 'visitStatus',
  'visit.format': 'visitFormat',
  'visit.topics': 'topic',
  'visit_follow_up.status': 'followUpStatus',
  'follow_up.status': 'followUpStatus',
  'organization.tier': 'tier',
  'organization.sector': 'sector',
  'organization.status': 'orgStatus',
  'organization.consultationDesk': 'consultationDesk',
  'seminar.kind': 'seminarKind',
  'seminar.topics': 'topic',
  'partner.kind': 'partnerKind',
  'consultation.category': 'consultationCategory',
  'consultation.status': 'consultationStatus',
  'council_item.kind': 'councilItemKind',
  'contact.role': 'contactRole',
};

/** A stored value as a person reads it (codes of a known list in their words). */
export function valueText(t: TFunction, value: unknown, entityType?: string, field?: string): string {
  if (value === null || value === undefined || value === '') return t('audit.empty');
  if (Array.isArray(value))
    return value.length ? value.map((v) => valueText(t, v, entityType, field)).join('、') : t('audit.empty');
  const list = entityType && field ? ENUM_OF[`${entityType}.${field}`] : undefined;
  if (list && typeof value === 'string') return t(`enums.${list}.${value}`, { defaultValue: value });
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return value.toString();
  return JSON.stringify(value);
}
