import { ENUM_LABELS, sqlLabels, TERMS } from '../../../../libs/glossary';
import { escapeLikePattern, normalizeSearchText } from '../../../../libs/japanese/text';
import { Cadence, coverageCtes } from '../coverage/coverage.sql';

/** A column of an export: heading, SQL expression (typed for XLSX) and cell type. */
export interface ExportColumn {
  header: string;
  /** Dates are selected as 'YYYY-MM-DD' text; numbers as numbers; everything else as text. */
  expr: string;
  type: 'string' | 'date' | 'number';
  width?: number;
}

export interface ExportQuery {
  columns: ExportColumn[];
  /** Everything after the select list: FROM … WHERE … ORDER BY …, with $n placeholders. */
  from: string;
  /** CTEs (without WITH), or ''. */
  with: string;
  params: unknown[];
}

/**
 * Formula-injection defence done by PostgreSQL for the COPY path, same rule as libs/files
 * safeCellText: text starting with = + @ tab CR, or '-' followed by anything, gets a leading
 * apostrophe (a lone '-' stays). One regexp per cell, the expression is evaluated once.
 */
export const safeSql = (expr: string) => `regexp_replace(${expr}, '^(?=[=+@\\t\\r]|-.)', '''')`;

/** SELECT for the XLSX path: typed values, read as arrays. */
export function selectTyped(q: ExportQuery): string {
  const list = q.columns.map((c, i) => `${c.expr} AS c${i}`).join(', ');
  return `${q.with ? `WITH ${q.with} ` : ''}SELECT ${list} ${q.from}`;
}

/** SELECT for the CSV path (COPY … TO STDOUT CSV): every cell already text and formula-safe. */
export function selectCsv(q: ExportQuery): string {
  const list = q.columns
    .map((c, i) => `${c.type === 'string' ? safeSql(c.expr) : `(${c.expr})::text`} AS c${i}`)
    .join(', ');
  return `${q.with ? `WITH ${q.with} ` : ''}SELECT ${list} ${q.from}`;
}

/** A SQL literal of a parameter (COPY cannot take bind parameters). */
export function sqlLiteral(value: unknown, escapeLiteral: (s: string) => string): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError('non-finite number');
    return String(value);
  }
  if (value instanceof Date) return `${escapeLiteral(value.toISOString())}::timestamptz`;
  if (Array.isArray(value))
    return `ARRAY[${value.map((v) => sqlLiteral(v, escapeLiteral)).join(', ')}]::text[]`;
  if (typeof value === 'string') return escapeLiteral(value);
  throw new TypeError(`unsupported SQL parameter: ${typeof value}`);
}

/** Replaces $1…$n by literals; the statement text of ours contains `$` only as placeholders. */
export function inlineParams(sql: string, params: unknown[], escapeLiteral: (s: string) => string): string {
  return sql.replace(/\$(\d+)/g, (_m, n: string) => {
    const index = Number(n) - 1;
    if (index < 0 || index >= params.length) throw new RangeError(`no parameter $${n}`);
    return sqlLiteral(params[index], escapeLiteral);
  });
}

/** Labels of code lists (sector, topic, legalForm) as one jsonb map: no per-row lookups. */
const LABELS_CTE = `lbl AS (SELECT jsonb_object_agg(kind || ':' || code, label_ja) AS m FROM code_list_items)`;
const label = (kind: string, expr: string) => `COALESCE(lbl.m ->> ('${kind}:' || ${expr}), ${expr})`;

/** 〒740-0061, as the UI shows it; a stored value that is not 7 digits is shown as it is. */
const POSTAL_CODE = `CASE WHEN o.postal_code::text ~ '^[0-9]{7}$' THEN '〒' || left(o.postal_code::text, 3) || '-' || right(o.postal_code::text, 4) ELSE o.postal_code::text END`;
const STATUS_LABELS = sqlLabels('o.status', ENUM_LABELS.orgStatus);
const DESK_LABELS = sqlLabels('o.consultation_desk', ENUM_LABELS.consultationDesk);
const COVERAGE_LABELS = sqlLabels('cov.state', ENUM_LABELS.coverage, 'NULL');

export interface OrganizationExportFilter {
  q?: string;
  sector?: string;
  tier?: string;
  municipality?: string;
  status?: string;
  coverage?: string;
}

/** 対象事業者 export: the organization list's filters, coverage as of today, contacts on request. */
export function organizationExportQuery(options: {
  scope: (params: unknown[]) => string;
  filter: OrganizationExportFilter;
  today: string;
  cadence: Cadence;
  includePersonal: boolean;
  /** hq's export across stations: a 警察署 column first. */
  includeStation?: boolean;
}): ExportQuery {
  const params: unknown[] = [];
  const f = options.filter;
  const cov = coverageCtes(params, {
    asOf: options.today,
    cadence: options.cadence,
    organizationWhere: options.scope(params),
  });
  const where = [options.scope(params), 'o.merged_into_id IS NULL'];
  if (f.status) where.push(`o.status = $${params.push(f.status)}`);
  else where.push(`o.status IN ('active', 'closed')`);
  if (f.q) {
    const q = normalizeSearchText(f.q);
    if (q) where.push(`o.search_text LIKE '%' || $${params.push(escapeLikePattern(q))} || '%'`);
  }
  if (f.sector) where.push(`o.sector = $${params.push(f.sector)}`);
  if (f.tier) where.push(`o.tier = $${params.push(f.tier)}`);
  if (f.municipality) {
    where.push(
      /^\d{5}$/.test(f.municipality)
        ? `o.municipality_code = $${params.push(f.municipality)}`
        : `o.municipality_name = $${params.push(f.municipality)}`,
    );
  }
  if (f.coverage) where.push(`cov.state = $${params.push(f.coverage)}`);
  const columns: ExportColumn[] = [
    { header: '法人番号', expr: 'o.corporate_number::text', type: 'string', width: 15 },
    { header: '名称', expr: 'o.name', type: 'string', width: 30 },
    { header: 'フリガナ', expr: 'o.name_kana', type: 'string', width: 24 },
    { header: '法人種別', expr: label('legalForm', 'o.legal_form'), type: 'string' },
    { header: '業種', expr: label('sector', 'o.sector'), type: 'string', width: 18 },
    // A candidate (tier NULL) has no tier and no coverage: 候補, and the coverage columns stay empty.
    { header: '重点度', expr: `COALESCE(o.tier::text, '候補')`, type: 'string' },
    { header: '市区町村コード', expr: 'o.municipality_code::text', type: 'string' },
    { header: '市区町村', expr: 'o.municipality_name', type: 'string' },
    { header: '所在地', expr: 'o.address', type: 'string', width: 36 },
    { header: '郵便番号', expr: POSTAL_CODE, type: 'string' },
    { header: '主要技術', expr: `array_to_string(o.technologies, '、')`, type: 'string', width: 24 },
    {
      header: '輸出管理該当',
      expr: `CASE WHEN o.export_control_relevant THEN '該当' ELSE '' END`,
      type: 'string',
    },
    { header: '社内相談窓口', expr: DESK_LABELS, type: 'string' },
    { header: '状態', expr: STATUS_LABELS, type: 'string' },
    { header: TERMS.coverageState, expr: COVERAGE_LABELS, type: 'string' },
    { header: '最終接触日', expr: `to_char(cov.last_on, 'YYYY-MM-DD')`, type: 'date' },
    { header: '次回期限', expr: `to_char(cov.next_due_on, 'YYYY-MM-DD')`, type: 'date' },
    { header: '備考', expr: 'o.notes', type: 'string', width: 30 },
  ];
  let join = '';
  if (options.includeStation) {
    columns.unshift({ header: '警察署', expr: 'st.name', type: 'string', width: 16 });
    join = 'JOIN stations st ON st.id = o.station_id';
  }
  if (options.includePersonal) {
    columns.push(
      { header: '担当者氏名', expr: 'c.name', type: 'string', width: 16 },
      { header: '担当者役職', expr: 'c.title', type: 'string', width: 16 },
      { header: '担当者電話', expr: 'c.phone', type: 'string', width: 16 },
      { header: '担当者メール', expr: 'c.email', type: 'string', width: 24 },
    );
    join += ' LEFT JOIN contacts c ON c.organization_id = o.id AND c.archived_at IS NULL';
  }
  return {
    with: `${LABELS_CTE},${cov}`,
    columns,
    from: `FROM organizations o CROSS JOIN lbl LEFT JOIN cov ON cov.id = o.id ${join}
      WHERE ${where.join(' AND ')}
      ORDER BY o.sort_key, o.id${options.includePersonal ? ', c.name, c.id' : ''}`,
    params,
  };
}

const FORMAT_LABELS = sqlLabels('v.format', ENUM_LABELS.visitFormat);
const VISIT_STATUS_LABELS = sqlLabels('v.status', ENUM_LABELS.visitStatus);

/**
 * 訪問記録 export: approved and submitted visits. Officer names are internal: only in a station's
 * own export (includeOfficers), never in hq's.
 */
export function visitExportQuery(options: {
  scope: (params: unknown[]) => string;
  from?: string;
  to?: string;
  status?: string;
  includeOfficers: boolean;
}): ExportQuery {
  const params: unknown[] = [];
  const where = [options.scope(params)];
  where.push(
    options.status ? `v.status = $${params.push(options.status)}` : `v.status IN ('approved', 'submitted')`,
  );
  if (options.from) where.push(`v.visited_on >= $${params.push(options.from)}::date`);
  if (options.to) where.push(`v.visited_on <= $${params.push(options.to)}::date`);
  const columns: ExportColumn[] = [
    { header: '訪問日', expr: `to_char(v.visited_on, 'YYYY-MM-DD')`, type: 'date' },
    {
      header: '時刻',
      expr: `to_char((v.visited_at AT TIME ZONE 'UTC') + interval '9 hours', 'HH24:MI')`,
      type: 'string',
    },
    { header: '警察署', expr: 'st.name', type: 'string', width: 16 },
    { header: '組織名', expr: 'o.name', type: 'string', width: 30 },
    { header: '法人番号', expr: 'o.corporate_number::text', type: 'string', width: 15 },
    { header: '業種', expr: label('sector', 'o.sector'), type: 'string', width: 18 },
    { header: '市区町村', expr: 'o.municipality_name', type: 'string' },
    { header: TERMS.visitFormat, expr: FORMAT_LABELS, type: 'string' },
    { header: TERMS.jointWith, expr: 'v.joint_with', type: 'string' },
    {
      header: '話題',
      expr: `array_to_string(ARRAY(SELECT ${label('topic', 't')} FROM unnest(v.topics) t), '、')`,
      type: 'string',
      width: 30,
    },
    { header: '資料', expr: `array_to_string(v.materials, '、')`, type: 'string', width: 24 },
    { header: '概要', expr: 'v.summary', type: 'string', width: 40 },
    { header: '事業者からの懸念・要望', expr: 'v.concerns_raised', type: 'string', width: 30 },
    { header: '状態', expr: VISIT_STATUS_LABELS, type: 'string' },
  ];
  if (options.includeOfficers) {
    columns.push({
      header: '担当者',
      expr: `(SELECT string_agg(u.display_name, '、' ORDER BY u.display_name)
                FROM visit_officers vo JOIN users u ON u.id = vo.user_id WHERE vo.visit_id = v.id)`,
      type: 'string',
      width: 20,
    });
  }
  return {
    with: LABELS_CTE,
    columns,
    from: `FROM visits v JOIN organizations o ON o.id = v.organization_id JOIN stations st ON st.id = v.station_id
      CROSS JOIN lbl WHERE ${where.join(' AND ')} ORDER BY v.visited_on, v.visited_at, v.id`,
    params,
  };
}

const SEMINAR_KIND_LABELS = sqlLabels('s.kind', ENUM_LABELS.seminarKind);

/**
 * セミナー等 export: one row per seminar with its participants (「名称 N名」, in their order), the
 * number of registered organizations and the attendee total; speakers by name (no officer ids).
 */
export function seminarExportQuery(options: {
  scope: (params: unknown[]) => string;
  from?: string;
  to?: string;
  kind?: string;
}): ExportQuery {
  const params: unknown[] = [];
  const where = [options.scope(params)];
  if (options.from) where.push(`s.held_on >= $${params.push(options.from)}::date`);
  if (options.to) where.push(`s.held_on <= $${params.push(options.to)}::date`);
  if (options.kind) where.push(`s.kind = $${params.push(options.kind)}`);
  const columns: ExportColumn[] = [
    { header: '開催日', expr: `to_char(s.held_on, 'YYYY-MM-DD')`, type: 'date' },
    { header: '警察署', expr: 'st.name', type: 'string', width: 16 },
    { header: '名称', expr: 's.title', type: 'string', width: 36 },
    { header: '種別', expr: SEMINAR_KIND_LABELS, type: 'string' },
    { header: '会場', expr: 's.venue', type: 'string', width: 24 },
    {
      header: '講師',
      expr: `(SELECT string_agg(concat_ws(' ', sp ->> 'name', sp ->> 'affiliation'), '、' ORDER BY o) FROM jsonb_array_elements(s.speakers) WITH ORDINALITY AS x(sp, o))`,
      type: 'string',
      width: 24,
    },
    {
      header: '共催・協力機関',
      expr: `(SELECT string_agg(p.name, '、' ORDER BY p.name) FROM seminar_partners x JOIN partners p ON p.id = x.partner_id WHERE x.seminar_id = s.id)`,
      type: 'string',
      width: 24,
    },
    {
      header: '話題',
      expr: `array_to_string(ARRAY(SELECT ${label('topic', 't')} FROM unnest(s.topics) t), '、')`,
      type: 'string',
      width: 24,
    },
    {
      header: '参加者',
      expr: `(SELECT string_agg(COALESCE(o.name, p.name) || ' ' || p.attendee_count || '名', '、' ORDER BY p.position, p.id)
                FROM seminar_participants p LEFT JOIN organizations o ON o.id = p.organization_id WHERE p.seminar_id = s.id)`,
      type: 'string',
      width: 40,
    },
    {
      header: '参加事業者数',
      expr: `(SELECT count(DISTINCT p.organization_id)::int FROM seminar_participants p WHERE p.seminar_id = s.id)`,
      type: 'number',
    },
    {
      header: '参加者数',
      expr: `(SELECT COALESCE(sum(p.attendee_count), 0)::int FROM seminar_participants p WHERE p.seminar_id = s.id)`,
      type: 'number',
    },
    { header: '備考', expr: 's.notes', type: 'string', width: 30 },
  ];
  return {
    with: LABELS_CTE,
    columns,
    from: `FROM seminars s JOIN stations st ON st.id = s.station_id CROSS JOIN lbl
      WHERE ${where.join(' AND ')} ORDER BY s.held_on, s.id`,
    params,
  };
}

const CATEGORY_LABELS = sqlLabels('c.category', ENUM_LABELS.consultationCategory);
/** What a reader who may not see a restricted consultation's content gets instead of it. */
export const MASKED_TEXT = '（取扱制限のため非表示）';

/**
 * 相談・事案 export. A restricted consultation's summary and handling are masked in SQL for a
 * reader who may not see them (officers), as in the consultation list; its row stays (counts agree).
 */
export function consultationExportQuery(options: {
  scope: (params: unknown[]) => string;
  from?: Date;
  before?: Date;
  category?: string;
  status?: string;
  seesRestricted: boolean;
}): ExportQuery {
  const params: unknown[] = [];
  const where = [options.scope(params)];
  if (options.from) where.push(`c.received_at >= $${params.push(options.from)}`);
  if (options.before) where.push(`c.received_at < $${params.push(options.before)}`);
  if (options.category) where.push(`c.category = $${params.push(options.category)}`);
  if (options.status) where.push(`c.status = $${params.push(options.status)}`);
  const masked = `(c.restricted AND NOT $${params.push(options.seesRestricted ? 'true' : 'false')}::boolean)`;
  const maskedText = `$${params.push(MASKED_TEXT)}::text`;
  const columns: ExportColumn[] = [
    {
      header: '受理日時',
      expr: `to_char(c.received_at AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD HH24:MI')`,
      type: 'string',
      width: 17,
    },
    { header: '警察署', expr: 'st.name', type: 'string', width: 16 },
    { header: '事業者', expr: 'o.name', type: 'string', width: 30 },
    { header: '法人番号', expr: 'o.corporate_number::text', type: 'string', width: 15 },
    { header: '種別', expr: CATEGORY_LABELS, type: 'string', width: 16 },
    {
      header: '概要',
      expr: `CASE WHEN ${masked} THEN ${maskedText} ELSE c.summary END`,
      type: 'string',
      width: 40,
    },
    {
      header: '対応',
      expr: `CASE WHEN ${masked} THEN ${maskedText} ELSE c.handling END`,
      type: 'string',
      width: 40,
    },
    { header: '本部への報告', expr: `CASE WHEN c.escalated THEN '報告済' ELSE '' END`, type: 'string' },
    {
      header: '状態',
      expr: `CASE c.status WHEN 'open' THEN '対応中' WHEN 'closed' THEN '終結' ELSE c.status END`,
      type: 'string',
    },
    { header: '取扱制限', expr: `CASE WHEN c.restricted THEN '制限' ELSE '' END`, type: 'string' },
  ];
  return {
    with: '',
    columns,
    from: `FROM consultations c JOIN organizations o ON o.id = c.organization_id JOIN stations st ON st.id = c.station_id
      WHERE ${where.join(' AND ')} ORDER BY c.received_at, c.id`,
    params,
  };
}
