import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { scopeSql } from '../../../../libs/auth/station-scope';
import type { RequestUser } from '../../../../libs/http/request-context';
import { escapeLikePattern } from '../../../../libs/japanese/text';
import { seesRestrictedContent } from '../consultations/consultations.repository';
import { searchConditions } from '../organizations/organizations.repository';
import { visitVisibilitySql } from '../visits/visit-visibility';
import type { SearchItemDto, SearchType } from './dto/search.dto';

const CATEGORY = `CASE c.category WHEN 'targeted_email' THEN '標的型メール' WHEN 'unauthorized_access' THEN '不正アクセス'
  WHEN 'defacement' THEN 'ウェブサイト改ざん' WHEN 'suspicious_approach' THEN '不審な接触' WHEN 'tech_leak' THEN '技術流出の疑い'
  ELSE 'その他' END`;

/** A short excerpt: whitespace folded, at most 120 characters. */
const snippet = (expr: string) => `left(regexp_replace(coalesce(${expr}, ''), '\\s+', ' ', 'g'), 120)`;

/**
 * One statement: a bounded, scoped sub-select per type (each ends in its own ORDER BY … LIMIT),
 * joined by UNION ALL. Organizations use their search index (search_text/search_grams, the same
 * conditions as the organization list); the other records are matched on
 * app_search_normalize(text), the SQL twin of libs/japanese normalizeSearchText: visits through
 * the trigram index on that expression (migrations/1800800000001-VisitSearchIndex.ts), the
 * smaller sets (seminars, consultations, meetings, partners) within the caller's station.
 */
@Injectable()
export class SearchRepository {
  constructor(private readonly dataSource: DataSource) {}

  async search(
    user: RequestUser,
    normalized: string,
    raw: string,
    types: readonly SearchType[],
    limit: number,
  ): Promise<SearchItemDto[]> {
    const params: unknown[] = [];
    let likeParam: string | undefined;
    // Placed on first use: a parameter no sub-select uses would have no type.
    const like = () => (likeParam ??= `$${params.push(`%${escapeLikePattern(normalized)}%`)}::text`);
    const lim = `$${params.push(limit)}::int`;
    const match = (...exprs: string[]) =>
      `app_search_normalize(concat_ws(' ', ${exprs.join(', ')})) LIKE ${like()}`;
    const parts: string[] = [];
    if (types.includes('organization')) {
      const cond = searchConditions(raw, params);
      if (cond)
        parts.push(`(SELECT 'organization' AS type, o.id::text AS id, o.name AS title,
                 ${snippet(`concat_ws(' ', o.municipality_name, o.address)`)} AS snippet, NULL::text AS date, 0 AS ord
            FROM organizations o
           WHERE ${scopeSql(user, 'o.station_id', params)} AND o.status <> 'archived' AND o.merged_into_id IS NULL
             AND ${cond.match}
           ORDER BY o.sort_key, o.id LIMIT ${lim})`);
    }
    if (types.includes('visit'))
      parts.push(`(SELECT 'visit', v.id::text, vo.name || '（' || to_char(v.visited_on, 'YYYY-MM-DD') || ' 訪問）',
               ${snippet('v.summary')}, to_char(v.visited_on, 'YYYY-MM-DD'), 1
          FROM visits v JOIN organizations vo ON vo.id = v.organization_id
         WHERE ${visitVisibilitySql(user, 'v', params)}
           AND app_search_normalize(coalesce(v.summary, '') || ' ' || coalesce(v.concerns_raised, '') || ' ' || coalesce(v.joint_with, '')) LIKE ${like()}
         ORDER BY v.visited_on DESC, v.id LIMIT ${lim})`);
    if (types.includes('seminar'))
      parts.push(`(SELECT 'seminar', s.id::text, s.title, ${snippet(`concat_ws(' ', s.venue, s.notes)`)},
               to_char(s.held_on, 'YYYY-MM-DD'), 2
          FROM seminars s
         WHERE ${scopeSql(user, 's.station_id', params)} AND ${match('s.title', 's.venue', 's.notes')}
         ORDER BY s.held_on DESC, s.id LIMIT ${lim})`);
    if (types.includes('consultation')) {
      // A restricted consultation's content is for managers, hq and admins: others never match it.
      const restricted = seesRestrictedContent(user) ? 'TRUE' : 'NOT c.restricted';
      parts.push(`(SELECT 'consultation', c.id::text, co.name || '（' || ${CATEGORY} || '）',
               ${snippet('c.summary')}, to_char((c.received_at AT TIME ZONE 'Asia/Tokyo')::date, 'YYYY-MM-DD'), 3
          FROM consultations c JOIN organizations co ON co.id = c.organization_id
         WHERE ${scopeSql(user, 'c.station_id', params)} AND ${restricted}
           AND ${match('c.summary', 'c.handling', 'co.name')}
         ORDER BY c.received_at DESC, c.id LIMIT ${lim})`);
    }
    if (types.includes('meeting'))
      // title: the official name where the meeting has one (read through to_jsonb: the column is the council feature's).
      parts.push(`(SELECT 'meeting', m.id::text,
               coalesce(nullif(to_jsonb(m) ->> 'title', ''), to_char(m.held_on, 'YYYY-MM-DD') || ' 協議会'),
               ${snippet(`concat_ws(' ', m.consultation_topic, array_to_string(m.agenda, '、'), m.notes)`)},
               to_char(m.held_on, 'YYYY-MM-DD'), 4
          FROM council_meetings m
         WHERE ${scopeSql(user, 'm.station_id', params)}
           AND ${match("to_jsonb(m) ->> 'title'", 'm.place', 'm.consultation_topic', "array_to_string(m.agenda, ' ')", 'm.notes')}
         ORDER BY m.held_on DESC, m.id LIMIT ${lim})`);
    if (types.includes('partner')) {
      const own = user.role === 'officer' || user.role === 'manager';
      const scope = own
        ? `p.prefecture_code = (SELECT st.prefecture_code FROM stations st WHERE st.id = $${params.push(user.stationId)}::uuid)
           AND (p.station_id IS NULL OR p.station_id = $${params.push(user.stationId)}::uuid)`
        : 'TRUE';
      parts.push(`(SELECT 'partner', p.id::text, p.name || coalesce(' ' || p.department, ''),
               ${snippet(`concat_ws(' ', p.contact_name, p.notes)`)}, NULL::text, 5
          FROM partners p
         WHERE ${scope} AND p.status = 'active' AND ${match('p.name', 'p.department', 'p.contact_name', 'p.notes')}
         ORDER BY p.name, p.id LIMIT ${lim})`);
    }
    if (parts.length === 0) return [];
    const rows: (SearchItemDto & { ord: number })[] = await this.dataSource.query(
      `SELECT type, id, title, snippet, date, ord FROM (${parts.join(' UNION ALL ')}) r ORDER BY ord`,
      params,
    );
    return rows.map(({ type, id, title, snippet: s, date }) => ({
      type,
      id,
      title,
      snippet: s,
      ...(date ? { date } : {}),
    }));
  }
}
