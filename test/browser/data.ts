/**
 * Setup steps over the API: the records a journey needs but does not test (an organization for a
 * visit journey, a returned visit for the fix-and-resubmit journey …). Every name carries a tag
 * of its own, so journeys sharing a worker's database never see each other's records.
 */
import { jstDay, uniq, type World } from './harness';

export interface OrgRef {
  id: string;
  name: string;
  version: number;
}

export interface VisitRef {
  id: string;
  version: number;
  status: string;
  summary: string;
  organization: OrgRef;
}

/**
 * A tier-A organization of 岩国警察署 never reached so far. Its reading starts with ア so it is
 * near the top of the worklist (tier, never reached, reading).
 */
export async function newOrganization(
  w: World,
  opts: { name?: string; tier?: 'A' | 'B' | 'C' | null; notes?: string } = {},
): Promise<OrgRef> {
  const api = await w.api('officer');
  const tag = uniq();
  const org = await api.must<OrgRef>('POST', '/organizations', {
    name: opts.name ?? `ブラウザ検証精機株式会社 ${tag}`,
    nameKana: 'アアブラウザケンショウセイキ',
    tier: opts.tier === undefined ? 'A' : opts.tier,
    sector: 'advanced_tech',
    municipality: '35208',
    exportControlRelevant: false,
    consultationDesk: 'none',
    notes: opts.notes ?? null,
  });
  return { id: org.id, name: org.name, version: org.version };
}

/**
 * A visit of the officer at `org`: a draft, or submitted, or submitted and returned by the
 * manager with `returnReason`.
 */
export async function newVisit(
  w: World,
  org: OrgRef,
  opts: { status?: 'draft' | 'submitted' | 'returned'; summary?: string; returnReason?: string } = {},
): Promise<VisitRef> {
  const officer = await w.api('officer');
  const summary = opts.summary ?? `準備した訪問 ${uniq()}: 技術流出の手口を説明した。`;
  let visit = await officer.must<{ id: string; version: number; status: string }>('POST', '/visits', {
    organizationId: org.id,
    visitedAt: `${jstDay(-3)}T10:00:00+09:00`,
    format: 'on_site',
    officerIds: [officer.me.id],
    topics: ['leak_cases'],
    summary,
  });
  const status = opts.status ?? 'draft';
  if (status !== 'draft')
    visit = await officer.must('POST', `/visits/${visit.id}/submit`, { version: visit.version });
  if (status === 'returned') {
    const manager = await w.api('manager');
    visit = await manager.must('POST', `/visits/${visit.id}/return`, {
      version: visit.version,
      reason: opts.returnReason ?? '先方の出席者を追記してください。',
    });
  }
  return { id: visit.id, version: visit.version, status: visit.status, summary, organization: org };
}

export async function newSeminar(w: World, org: OrgRef, title = `情報セキュリティ講演会 ${uniq()}`) {
  const officer = await w.api('officer');
  return officer.must<{ id: string; title: string; heldOn: string; version: number }>('POST', '/seminars', {
    title,
    kind: 'seminar',
    heldOn: jstDay(-5),
    venue: '岩国市民会館',
    speakers: [{ name: '県警本部 講師' }],
    partnerIds: [],
    topics: ['cyber_trends'],
    participants: [{ organizationId: org.id, attendeeCount: 4 }],
  });
}

/** A council meeting with one request and a follow-up owned by the officer. */
export async function newCouncilFollowUp(w: World, heldOn: string) {
  const officer = await w.api('officer');
  const tag = uniq();
  const meeting = await officer.must<{ id: string }>('POST', '/meetings', {
    heldOn,
    place: '岩国警察署 会議室',
    agenda: ['経済安全保障の取組'],
  });
  const item = await officer.must<{ id: string }>('POST', `/meetings/${meeting.id}/items`, {
    kind: 'request',
    raisedBy: '委員',
    text: `中小企業への情報提供を増やしてほしい ${tag}`,
  });
  const followUp = await officer.must<{ id: string; title: string; version: number }>('POST', '/follow-ups', {
    councilItemId: item.id,
    title: `中小企業向け情報提供の拡充 ${tag}`,
    ownerId: officer.me.id,
    dueOn: jstDay(60),
  });
  return { meeting, item, followUp };
}
