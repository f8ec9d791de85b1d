import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { scopeSql } from '../../../../libs/auth/station-scope';
import type { RequestUser } from '../../../../libs/http/request-context';
import { visitVisibilitySql } from '../visits/visit-visibility';
import { ENUM_LABELS, sqlLabels } from '../../../../libs/glossary';
import type { TimelineKind } from './dto/timeline.dto';

export interface TimelineRow {
  at: Date;
  date: string;
  kind: TimelineKind;
  linkId: string;
  status: string | null;
  summary: string;
  total: number;
}

/** A text cut to n characters, with an ellipsis when cut. */
const clip = (expr: string, n: number) =>
  `CASE WHEN char_length(${expr}) > ${n} THEN left(${expr}, ${n}) || '…' ELSE ${expr} END`;
/** The day in Japan of a timestamptz (JST is a fixed +09:00; no time-zone database needed). */
const jstDay = (expr: string) => `((${expr} AT TIME ZONE 'UTC') + interval '9 hours')::date`;
/** An organization's state code in words; other values as they are. */
const state = (expr: string) =>
  `CASE ${expr} WHEN 'active' THEN '活動中' WHEN 'closed' THEN '閉鎖' WHEN 'archived' THEN 'アーカイブ' ELSE ${expr} END`;
/** 00:00 in Japan of a date. */
const jstMidnight = (expr: string) => `(${expr}::text || 'T00:00:00+09:00')::timestamptz`;

/** The organization timeline: one UNION ALL statement, ordered and paged in the database. */
@Injectable()
export class TimelineRepository {
  constructor(private readonly dataSource: DataSource) {}

  async organizationInScope(user: RequestUser, organizationId: string): Promise<boolean> {
    const params: unknown[] = [organizationId];
    const rows = await this.dataSource.query(
      `SELECT 1 FROM organizations o WHERE o.id = $1 AND ${scopeSql(user, 'o.station_id', params)}`,
      params,
    );
    return rows.length > 0;
  }

  async page(
    user: RequestUser,
    organizationId: string,
    opts: { maskRestricted: boolean; ascending: boolean; limit: number; offset: number },
  ): Promise<{ rows: TimelineRow[]; total: number | null }> {
    const params: unknown[] = [organizationId, opts.maskRestricted];
    const visible = visitVisibilitySql(user, 'v', params);
    const dir = opts.ascending ? 'ASC' : 'DESC';
    // Who went: the first officer by name (and how many more); hq reads visits without staff names.
    const who =
      user.role === 'hq'
        ? `'担当者'`
        : `COALESCE((SELECT u.display_name || CASE WHEN count(*) OVER () > 1 THEN ' ほか' || (count(*) OVER () - 1) || '名' ELSE '' END
                       FROM visit_officers vo JOIN users u ON u.id = vo.user_id
                      WHERE vo.visit_id = v.id ORDER BY u.display_name LIMIT 1), '担当者')`;
    const topic = `COALESCE((SELECT t.label_ja FROM code_list_items t WHERE t.kind = 'topic' AND t.code = v.topics[1]),
                         v.topics[1], NULLIF(${clip("regexp_replace(v.summary, '\\s+', ' ', 'g')", 40)}, ''))`;
    const moreTopics = `CASE WHEN cardinality(v.topics) > 1 THEN 'ほか' || (cardinality(v.topics) - 1) || '件' ELSE '' END`;
    const entries = `
      SELECT v.visited_at AS at, v.visited_on AS day, 'visit' AS kind, v.id::text AS link_id, v.status AS status,
             v.created_at AS tiebreak,
             ${who} ||
             CASE WHEN v.status = 'planned' THEN 'が訪問を予定しています'
                  WHEN v.status = 'cancelled' THEN 'が予定していた訪問を取り消しました'
                  ELSE CASE v.format WHEN 'on_site' THEN 'が訪問し' WHEN 'at_station' THEN 'が来署した担当者と面談し'
                                     WHEN 'online' THEN 'がオンラインで面談し' WHEN 'phone' THEN 'が電話で連絡し'
                                     ELSE 'が接触し' END END
             || CASE WHEN v.status IN ('planned', 'cancelled') THEN
                       CASE WHEN ${topic} IS NULL THEN '' ELSE '（「' || ${topic} || '」' || ${moreTopics} || '）' END
                     ELSE '、' || COALESCE('「' || ${topic} || '」' || ${moreTopics} || 'について話しました',
                                          '話した内容はまだ記入されていません') END
             || CASE WHEN v.status IN ('draft', 'submitted', 'approved', 'returned')
                     THEN '（' || ${sqlLabels('v.status', ENUM_LABELS.visitStatus)} || '）' ELSE '' END
             AS summary
        FROM visits v
       WHERE v.organization_id = $1 AND ${visible}
      UNION ALL
      SELECT ${jstMidnight('s.held_on')}, s.held_on, 'seminar', s.id::text, NULL, s.created_at,
             CASE s.kind WHEN 'seminar' THEN 'セミナー' WHEN 'briefing' THEN '説明会'
                         WHEN 'school_lecture' THEN '講演' WHEN 'exercise' THEN '訓練' ELSE '行事' END
             || '「' || s.title || '」に' || sum(p.attendee_count) || '名が参加しました'
        FROM seminar_participants p
        JOIN seminars s ON s.id = p.seminar_id
       WHERE p.organization_id = $1
       GROUP BY s.id
      UNION ALL
      SELECT c.received_at, ${jstDay('c.received_at')}, 'consultation', c.id::text, c.status, c.created_at,
             ${sqlLabels('c.category', ENUM_LABELS.consultationCategory, `'その他'`)} || 'の相談を受けました'
             || CASE WHEN c.restricted AND $2::boolean THEN '。内容は閲覧制限です'
                     ELSE COALESCE(': ' || NULLIF(${clip("regexp_replace(c.summary, '\\s+', ' ', 'g')", 40)}, ''), '') END
             || CASE WHEN c.escalated THEN '。本部に報告しました' ELSE '' END
             || CASE WHEN c.status = 'closed' THEN '（終結）' ELSE '（対応中）' END
        FROM consultations c
       WHERE c.organization_id = $1
      UNION ALL
      SELECT a.occurred_at, ${jstDay('a.occurred_at')}, 'contact_change', a.entity_id, NULL, a.occurred_at,
             '担当者 ' || COALESCE(a.changes -> 'name' ->> 'after', ct.name, a.changes -> 'name' ->> 'before', '（氏名不明）')
             || CASE WHEN a.action LIKE '%create' THEN ' を追加しました'
                     WHEN a.action LIKE '%delete' OR a.action LIKE '%archive' THEN ' を削除しました'
                     ELSE ' の情報を更新しました' END
        FROM audit_events a
        LEFT JOIN contacts ct ON ct.id::text = a.entity_id
       WHERE a.entity_type = 'contact'
         AND (a.entity_id IN (SELECT x.id::text FROM contacts x WHERE x.organization_id = $1)
              OR a.changes ->> 'organizationId' = $1::text
              OR a.changes -> 'organizationId' ->> 'after' = $1::text
              OR a.changes -> 'organizationId' ->> 'before' = $1::text)
      UNION ALL
      SELECT ${jstMidnight('oc.changed_on')}, oc.changed_on, 'organization_change', oc.id::text, NULL, oc.recorded_at,
             CASE WHEN oc.field = 'mergedFrom' THEN '「' || COALESCE(oc.old_value, '別の記録') || '」をこの記録に統合しました'
                  WHEN oc.field = 'closedOn' THEN '閉鎖されました'
                  ELSE CASE oc.field WHEN 'name' THEN '名称' WHEN 'address' THEN '所在地' WHEN 'status' THEN '状態'
                                     WHEN 'nameKana' THEN 'フリガナ' WHEN 'municipality' THEN '市区町村'
                                     WHEN 'corporateNumber' THEN '法人番号' ELSE oc.field END
                       || 'が' || COALESCE('「' || ${state('oc.old_value')} || '」から', '')
                       || COALESCE('「' || ${state('oc.new_value')} || '」に', '（なし）に') || '変わりました' END
             || CASE WHEN oc.source = 'register' THEN '（法人番号公表サイト）' ELSE '' END
        FROM organization_changes oc
       WHERE oc.organization_id = $1`;
    const rows: TimelineRow[] = await this.dataSource.query(
      `SELECT e.at, e.day::text AS date, e.kind, e.link_id AS "linkId", e.status, e.summary,
              count(*) OVER ()::int AS total
         FROM (${entries}) e
        ORDER BY e.at ${dir}, e.tiebreak ${dir}, e.link_id ${dir}
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, opts.limit, opts.offset],
    );
    return { rows, total: rows.length > 0 ? rows[0].total : null };
  }
}
