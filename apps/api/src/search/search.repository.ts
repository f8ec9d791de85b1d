import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { scopeSql, stationScope } from '../../../../libs/auth/station-scope';
import type { RequestUser } from '../../../../libs/http/request-context';
import { isValidCorporateNumber } from '../../../../libs/japanese/corporate-number';
import { escapeLikePattern, normalizeSearchText } from '../../../../libs/japanese/text';
import { seesRestrictedContent } from '../consultations/consultations.repository';
import { prefixUpperBound, searchConditions } from '../organizations/organizations.repository';
import { visitVisibilitySql } from '../visits/visit-visibility';
import type { SearchItemDto, SearchType } from './dto/search.dto';

const CATEGORY = `CASE c.category WHEN 'targeted_email' THEN '標的型メール' WHEN 'unauthorized_access' THEN '不正アクセス'
  WHEN 'defacement' THEN 'ウェブサイト改ざん' WHEN 'suspicious_approach' THEN '不審な接触' WHEN 'tech_leak' THEN '技術流出の疑い'
  ELSE 'その他' END`;

/**
 * Rows of the station's reading order read from its start, one by one, for the matches that
 * neither the reading nor the name starts with, before they are looked up by index instead: where
 * such matches are common (岩 in addresses, 工業 in names) the first few are among these rows; where
 * they are rare the index lists few of them.
 */
export const ORGANIZATION_PROBE_ROWS = 1000;

/**
 * The organizations of GET /search: `id` and `sort_key` of the first `lim` matches (see
 * searchConditions) of the caller's station by reading (sort_key), then id, not archived, not merged.
 *
 * Walking the reading order and testing each row reads every non-match before the first matches
 * (74,000 rows before イワ: 340 ms right after an import); reading every match's row through the
 * gram index and sorting them reads them all (22,000 for いわ). The matches fall into three sets,
 * each answered in reading order by its own index, and the first `lim` of their union are the answer:
 * - the reading starts with the query: a range of the (station_id, sort_key, id) index;
 * - else the name does: the name-initial indexes (1-2 characters) or the (station_id,
 *   normalized_name) index (3 or more, few rows, sorted);
 * - else ("others"): the first ORGANIZATION_PROBE_ROWS rows of the reading order, tested one by one;
 *   past them, by index: 1-2 characters, the grams without the reading's and name's starts
 *   (migrations/1802000000200-OrganizationOtherGrams.ts) hold exactly these records; 3 or more, the
 *   trigram index, or (the planner's choice) the records whose other-grams hold the query's first
 *   two characters or whose reading or name starts with them but not with the query — a record
 *   holding the query has its first two characters among its grams, and they are left out of the
 *   other-grams only where the reading or name starts with them.
 * A corporate number is looked up by the unique index; hq and admin (every station) read the plain
 * statement (the indexes above are per station).
 */
function organizationMatches(user: RequestUser, raw: string, params: unknown[], lim: string): string | null {
  // Its match's parameters are placed only where the match is used (an unused one has no type).
  const cond = searchConditions(raw, []);
  if (!cond) return null;
  const nq = normalizeSearchText(raw);
  const base = `${scopeSql(user, 'o.station_id', params)} AND o.status <> 'archived' AND o.merged_into_id IS NULL`;
  if (isValidCorporateNumber(nq) || stationScope(user) === null)
    return `SELECT o.id, o.sort_key FROM organizations o WHERE ${base} AND ${searchConditions(raw, params)!.match}
             ORDER BY o.sort_key, o.id LIMIT ${lim}`;
  const chars = [...nq];
  const p = (v: unknown) => `$${params.push(v)}::text`;
  const q = p(nq);
  // The same set as cond.match (for 1-2 characters the gram test is implied): `holds` row by row
  // (no index answers strpos, so the reading and name groups keep to their btrees), `like` where
  // the trigram index is to answer it.
  const holds = `strpos(o.search_text, ${q}) > 0`;
  const reading = cond.readingPrefix(params);
  const name = `(${cond.namePrefix(params)})`;
  const others = `${holds} AND NOT ${reading} AND NOT ${name}`;
  const otherGrams = 'organization_other_grams(o.search_grams, o.sort_key, o.normalized_name)';
  let othersIndexed: string;
  // 1-2 characters: exactly the others (no test beside it: each row read costs).
  if (chars.length <= 2) othersIndexed = `${otherGrams} @> ARRAY[${q}]`;
  else {
    const like = `o.search_text LIKE ${p(`%${escapeLikePattern(nq)}%`)}`;
    // A reading (katakana) piles its matches up at the readings that start with it (いわくに:
    // 22,000), which the trigram index lists all; the query's first two characters list few.
    // Other scripts: the trigram index.
    if (!/^[\u30a1-\u30fc]+$/u.test(nq)) othersIndexed = like;
    else {
      const b = chars.slice(0, 2).join('');
      const [bp, bUp, qUp] = [p(b), p(prefixUpperBound(b)), p(prefixUpperBound(nq))];
      othersIndexed = `${like} AND (${otherGrams} @> ARRAY[${bp}]
          OR (o.sort_key >= ${bp} AND o.sort_key < ${q}) OR (o.sort_key >= ${qUp} AND o.sort_key < ${bUp})
          OR (o.normalized_name ~>=~ ${bp} AND o.normalized_name ~<~ ${q})
          OR (o.normalized_name ~>=~ ${qUp} AND o.normalized_name ~<~ ${bUp}))`;
    }
  }
  return `WITH probe AS MATERIALIZED (
      SELECT o.id, o.sort_key, (${others}) AS hit FROM organizations o WHERE ${base}
       ORDER BY o.sort_key, o.id LIMIT ${ORGANIZATION_PROBE_ROWS})
    SELECT id, sort_key FROM (
      (SELECT o.id, o.sort_key FROM organizations o WHERE ${base} AND ${reading} AND ${holds}
        ORDER BY o.sort_key, o.id LIMIT ${lim})
      UNION ALL
      (SELECT o.id, o.sort_key FROM organizations o WHERE ${base} AND ${name} AND NOT ${reading} AND ${holds}
        ORDER BY ${cond.nameOrder} LIMIT ${lim})
      UNION ALL
      (SELECT id, sort_key FROM probe WHERE hit ORDER BY sort_key, id LIMIT ${lim})
      UNION ALL
      (SELECT o.id, o.sort_key FROM organizations o
        WHERE ${base} AND ${othersIndexed} ${chars.length <= 2 ? '' : `AND ${others}`}
          AND (SELECT count(*) FROM (SELECT FROM probe WHERE hit LIMIT ${lim}) f) < ${lim}
          -- Parallel restricted, always true: keeps this scan in the backend. Estimated large for a
          -- common query, it was planned with workers, and launching them cost 10-15 ms even where
          -- the condition above skips it.
          AND pg_backend_pid() > 0
          -- After the probe's last row (an expression: no index range is built for it).
          AND (o.sort_key || '', o.id) > (SELECT e.sort_key, e.id FROM probe e ORDER BY e.sort_key DESC, e.id DESC LIMIT 1)
        ORDER BY o.sort_key || '', o.id LIMIT ${lim})
    ) m ORDER BY sort_key, id LIMIT ${lim}`;
}

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
      const matches = organizationMatches(user, raw, params, lim);
      if (matches)
        parts.push(`(SELECT 'organization' AS type, o.id::text AS id, o.name AS title,
                 ${snippet(`concat_ws(' ', o.municipality_name, o.address)`)} AS snippet, NULL::text AS date, 0 AS ord
            FROM (${matches}) m JOIN organizations o ON o.id = m.id
           ORDER BY m.sort_key, m.id)`);
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
