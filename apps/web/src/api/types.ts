/**
 * Names for the contract's shapes, all taken from the generated schema (schema.gen.ts, made from
 * the server's OpenAPI document by `npm run openapi`). Nothing here is written by hand: a server
 * change shows up as a type error in the screens that use the shape.
 */
import type { Schemas } from './http';

export type Role = Schemas['MeDto']['role'];

/** A list answer (API.md "Lists"), as the server declares it for every paged route. */
export type Page<T> = Omit<Schemas['VisitPageDto'], 'items'> & { items: T[] };

export type Station = Schemas['StationDto'];
export type Me = Schemas['MeDto'];
export type LoginResponse = Schemas['LoginResponseDto'];
export type User = Schemas['UserDto'];
export type StationOfficer = Schemas['StationMemberDto'];

export type Organization = Schemas['OrganizationDto'];
export type Tier = NonNullable<Organization['tier']>;
export type ConsultationDesk = Organization['consultationDesk'];
export type OrganizationStatus = Organization['status'];
/**
 * reached, overdue or never: a target's state (the worklist carries only the last two); a candidate
 * (tier null) has none (its `coverage` is null).
 */
export type CoverageState = NonNullable<Schemas['OrganizationDto']['coverage']>;

/** POST /organizations/bulk (triage: tier, sector, technologies of many at once) and its answer. */
export type OrganizationBulkBody = Schemas['BulkUpdateOrganizationsDto'];
export type OrganizationBulkResult = Schemas['BulkUpdateResultDto'];
/** A saved list view (a named filter, the user's own). */
export type OrganizationView = Schemas['OrganizationViewDto'];
export type OrganizationViewFilter = Schemas['OrganizationViewFilterDto'];

export type Contact = Schemas['ContactDto'];
export type ContactRole = Contact['role'];
export type TimelineEntry = Schemas['TimelineEntryDto'];
export type ImportReport = Schemas['ImportReportDto'];
export type ImportChange = Schemas['ImportChangeDto'];
export type RegisterMatch = Schemas['RegisterMatchDto'];
export type DuplicateCandidate = Schemas['DuplicatePairDto'];
/** A job (GET /jobs/:id): a register import's `result` is an ImportReport. */
export type Job = Schemas['JobDto'];
export type JobAccepted = Schemas['JobAcceptedDto'];
/** `result` of a finished export or report job: the kept file (GET /jobs/:id/file) and its rows. */
export type JobFileResult = Schemas['JobFileResultDto'];

export type Visit = Schemas['VisitDto'];
/** One visit as its page reads it: the visit and its approval history (決裁の経過). */
export type VisitDetail = Schemas['VisitDetailDto'];
export type VisitApprovalEvent = Schemas['VisitApprovalEventDto'];
export type VisitFormat = Visit['format'];
export type VisitStatus = Visit['status'];
export type Attendee = Schemas['VisitAttendeeDto'];
export type VisitFollowUp = Schemas['VisitFollowUpDto'];
export type FollowUpStatus = VisitFollowUp['status'];

export type Seminar = Schemas['SeminarDto'];
export type SeminarKind = Seminar['kind'];
export type SeminarParticipant = Schemas['ParticipantDto'];
export type SeminarSpeaker = Schemas['SpeakerDto'];

export type Partner = Schemas['PartnerDto'];
export type PartnerKind = Partner['kind'];
export type Liaison = Schemas['LiaisonDto'];
export type NetworkMember = Schemas['NetworkMemberDto'];

export type Consultation = Schemas['ConsultationDto'];
export type ConsultationCategory = Consultation['category'];

export type Meeting = Schemas['MeetingDto'];
export type MeetingDetail = Schemas['MeetingDetailDto'];
export type CouncilItem = Schemas['CouncilItemDto'];
export type CouncilItemKind = CouncilItem['kind'];
export type FollowUpLink = Schemas['FollowUpLinkDto'];
export type FollowUp = Schemas['FollowUpDto'];
export type ReportBack = Schemas['ReportBackDto'];
export type ReportBackSection = Schemas['ReportSectionDto'];

export type CoverageResponse = Schemas['CoverageDto'];
/** The counts and the ratio (0..1) of a day's coverage; each group has the same. */
export type CoverageTotals = Schemas['CoverageTotalsDto'];
export type CoverageGroup = Schemas['CoverageGroupDto'];
export type WorklistEntry = Schemas['WorklistItemDto'];

export type CodeItem = Schemas['CodeListItemDto'];
export type CodeKind = CodeItem['kind'];

export type AuditEvent = Schemas['AuditEventDto'];

export type Workload = Schemas['WorkloadDto'];
export type WorkloadOfficer = Schemas['WorkloadOfficerDto'];

export type CalendarAnswer = Schemas['CalendarDto'];
export type CalendarItem = Schemas['CalendarItemDto'];

export type Home = Schemas['HomeDto'];
export type HomeVisit = Schemas['HomeVisitDto'];
export type HomeTask = Schemas['HomeTaskDto'];
export type HomeNotification = Schemas['HomeNotificationDto'];
export type HomeStation = Schemas['HomeStationDto'];

/** GET /tasks: a visit follow-up or a council follow-up (a visit one is also a VisitFollowUp). */
export type Task = Schemas['TaskDto'];
export type Notification = Schemas['NotificationDto'];
export type NotificationList = Schemas['NotificationListDto'];
export type NotificationKind = Notification['kind'];
export type NotificationSettings = Schemas['NotificationSettingsDto'];

export type Attachment = Schemas['AttachmentDto'];

/** The items of a list answer, or none while it loads. */
export function itemsOf<T>(data: { items: T[] } | undefined | null): T[] {
  return data?.items ?? [];
}
