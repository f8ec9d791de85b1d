/** Shapes of the API resources (see /work/shared/API.md). Extra fields the UI can use are optional. */

export type Role = 'officer' | 'manager' | 'hq' | 'admin';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
  totalCapped?: boolean;
}

export interface Station {
  id: string;
  code: string;
  name: string;
  prefectureCode: string;
  municipalityCodes: string[];
  version?: number;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  stationId: string | null;
  /** optional convenience the API may add */
  station?: { id: string; code?: string; name: string } | null;
  stationName?: string | null;
}

export interface LoginResponse {
  accessToken: string;
  user: Me;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  stationId: string | null;
  disabled: boolean;
  version?: number;
}

export interface StationOfficer {
  id: string;
  displayName: string;
  role: Role;
}

export type Tier = 'A' | 'B' | 'C';
export type ConsultationDesk = 'none' | 'planned' | 'established';
export type OrganizationStatus = 'active' | 'closed' | 'archived';
export type CoverageState = 'reached' | 'overdue' | 'never';

export interface Organization {
  id: string;
  stationId: string;
  corporateNumber: string | null;
  name: string;
  nameKana: string | null;
  legalForm: string | null;
  sector: string | null;
  technologies: string[];
  tier: Tier | null;
  municipality: string | null;
  address: string | null;
  postalCode: string | null;
  exportControlRelevant: boolean;
  consultationDesk: ConsultationDesk;
  status: OrganizationStatus;
  notes: string | null;
  lastReachedOn: string | null;
  nextDueOn: string | null;
  version: number;
  coverage?: CoverageState;
  municipalityCode?: string | null;
  municipalityName?: string | null;
}

export type ContactRole = 'manager' | 'employee' | 'researcher' | 'other';

export interface Contact {
  id: string;
  organizationId: string;
  name: string;
  nameKana: string | null;
  title: string | null;
  role: ContactRole;
  phone: string | null;
  email: string | null;
  version?: number;
}

export interface TimelineEntry {
  id?: string;
  kind?: string;
  type?: string;
  occurredAt?: string;
  at?: string;
  date?: string;
  title?: string;
  summary?: string | null;
  refId?: string;
  linkId?: string;
  visitId?: string;
  seminarId?: string;
  consultationId?: string;
  status?: string;
  actorName?: string;
}

export interface ImportReport {
  inserted: number;
  updated: number;
  unchanged: number;
  closed: number;
  skipped: number;
  rejected: { line: number; reason: string }[];
  rejectedCount?: number;
  rows?: number;
  dryRun?: boolean;
}

export type VisitFormat = 'on_site' | 'at_station' | 'online' | 'phone';
export type VisitStatus = 'draft' | 'submitted' | 'approved' | 'returned';
export type FollowUpStatus = 'open' | 'in_progress' | 'done' | 'dropped';

export interface Attendee {
  contactId?: string | null;
  name?: string | null;
  role: string;
}

export interface VisitFollowUp {
  id?: string;
  title: string;
  dueOn: string | null;
  status: FollowUpStatus;
}

export interface Visit {
  id: string;
  stationId: string;
  organizationId: string;
  organizationName?: string;
  organization?: { id: string; name: string };
  visitedAt: string;
  format: VisitFormat;
  officerIds: string[];
  officers?: { id: string; displayName: string }[];
  jointWith: string | null;
  attendees: Attendee[];
  topics: string[];
  materials: string[];
  summary: string | null;
  concernsRaised: string | null;
  status: VisitStatus;
  followUps: VisitFollowUp[];
  councilItemIds: string[];
  returnReason?: string | null;
  createdBy?: string;
  approvedBy?: string | null;
  approvedAt?: string | null;
  version: number;
}

export type SeminarKind = 'seminar' | 'briefing' | 'school_lecture' | 'exercise' | 'other';

export interface SeminarParticipant {
  organizationId?: string | null;
  organizationName?: string | null;
  name?: string | null;
  attendeeCount: number;
}

export interface SeminarSpeaker {
  userId?: string;
  name: string;
  affiliation?: string;
}

export interface Seminar {
  id: string;
  stationId: string;
  title: string;
  kind: SeminarKind;
  heldOn: string;
  venue: string | null;
  speakers: (SeminarSpeaker | string)[];
  notes?: string | null;
  partnerIds: string[];
  topics: string[];
  participants: SeminarParticipant[];
  totalAttendees: number;
  councilItemIds: string[];
  version: number;
}

export type PartnerKind =
  'prefecture' | 'municipality' | 'chamber' | 'university' | 'national' | 'police_hq' | 'network' | 'other';

export interface Partner {
  id: string;
  name: string;
  kind: PartnerKind;
  department: string | null;
  contactName: string | null;
  phone: string | null;
  email: string | null;
  notes?: string | null;
  version: number;
}

export interface Liaison {
  id: string;
  partnerId: string;
  heldOn: string;
  /** our side: officer names */
  ourAttendees: string[];
  theirAttendees: string[];
  subject: string;
  agreed: string | null;
  followUp: string | null;
  topics: string[];
  version?: number;
  createdAt?: string;
}

export type ConsultationCategory =
  'targeted_email' | 'unauthorized_access' | 'defacement' | 'suspicious_approach' | 'tech_leak' | 'other';

export interface Consultation {
  id: string;
  stationId: string;
  organizationId: string;
  organizationName?: string;
  receivedAt: string;
  category: ConsultationCategory;
  summary?: string | null;
  handling?: string | null;
  escalated: boolean;
  status: 'open' | 'closed';
  restricted?: boolean;
  masked?: boolean;
  version: number;
}

export interface Meeting {
  id: string;
  stationId?: string;
  heldOn: string;
  place: string | null;
  agenda: string[];
  consultationTopic: string | null;
  attendance?: Record<string, number>;
  notes: string | null;
  version?: number;
}

export type CouncilItemKind = 'question' | 'request' | 'opinion' | 'consultation';

export interface CouncilItem {
  id: string;
  meetingId: string;
  kind: CouncilItemKind;
  raisedBy: string | null;
  text: string;
  response: string | null;
  followUps?: { id: string; title: string; status: FollowUpStatus; dueOn: string }[];
  version?: number;
}

export interface FollowUpLink {
  id: string;
  visitId?: string | null;
  seminarId?: string | null;
  label?: string | null;
  date?: string | null;
  organizationName?: string | null;
  seminarTitle?: string | null;
}

export interface FollowUp {
  id: string;
  councilItemId: string;
  councilItemText?: string;
  itemText?: string;
  meetingHeldOn?: string;
  title: string;
  ownerId: string | null;
  ownerName?: string | null;
  dueOn: string | null;
  status: FollowUpStatus;
  result: string | null;
  links: FollowUpLink[];
  overdue?: boolean;
  version?: number;
}

export interface ReportBackSection {
  heading?: string;
  title?: string;
  body?: string;
  text?: string;
  items?: (string | { title?: string; text?: string; status?: string; result?: string })[];
}

export interface ReportBack {
  title?: string;
  text?: string;
  sections?: ReportBackSection[];
  generatedAt?: string;
  asOf?: string;
}

export interface CoverageCounts {
  organizations: number;
  reached: number;
  overdue: number;
  never: number;
}

export interface CoverageGroup extends CoverageCounts {
  key: string | null;
  label?: string;
  coverage: number;
}

export interface CoverageResponse {
  asOf: string;
  totals: CoverageCounts & { coverage?: number };
  groups: CoverageGroup[];
}

export interface WorklistEntry {
  id?: string;
  organizationId?: string;
  name?: string;
  organizationName?: string;
  tier?: Tier | null;
  sector?: string | null;
  sectorLabel?: string | null;
  municipality?: string | null;
  municipalityCode?: string | null;
  lastReachedOn?: string | null;
  nextDueOn?: string | null;
  state?: CoverageState;
  coverage?: CoverageState;
  daysOverdue?: number | null;
}

export type CodeKind = 'sector' | 'topic' | 'legalForm';

export interface CodeItem {
  id?: string;
  kind: CodeKind;
  code: string;
  labelJa: string;
  labelEn: string;
}

export interface AuditEvent {
  id: string;
  occurredAt?: string;
  at?: string;
  createdAt?: string;
  actorId: string | null;
  actorName?: string | null;
  actorUsername?: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  stationId?: string | null;
  changes?: unknown;
  details?: unknown;
  requestId?: string | null;
}

/** Lists may come back paged or, for small reference lists, as a plain array. */
export function itemsOf<T>(data: Page<T> | T[] | { items: T[] } | undefined | null): T[] {
  if (!data) return [];
  if (Array.isArray(data)) return data;
  return Array.isArray(data.items) ? data.items : [];
}
