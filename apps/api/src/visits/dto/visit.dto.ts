import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { OptionalNotNull } from '../../../../../libs/http/validation';
import { PageQueryDto } from '../../../../../libs/http/pagination';
import { CONTACT_ROLES, type ContactRole } from '../../organizations/entities/contact.entity';
import { VISIT_FOLLOW_UP_STATUSES, type VisitFollowUpStatus } from '../entities/visit-parts.entity';
import { VISIT_FORMATS, VISIT_STATUSES, type VisitFormat, type VisitStatus } from '../entities/visit.entity';
import { VISIT_APPROVAL_ACTIONS, type VisitApprovalAction } from '../entities/visit-approval-event.entity';

/** ISO 8601 timestamp with an explicit offset (Z or ±hh:mm). */
export const TIMESTAMP_WITH_OFFSET =
  /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP_MESSAGE = '日時はオフセット付きISO 8601形式です (e.g. 2025-06-21T10:00:00+09:00)';
const DATE_MESSAGE = '日付は YYYY-MM-DD 形式です';

export class VisitAttendeeDto {
  @ApiPropertyOptional({ nullable: true, type: String }) id?: string;
  @ApiProperty({ nullable: true, type: String }) contactId: string | null;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ enum: CONTACT_ROLES }) role: string;
}

export class VisitFollowUpDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String, example: '2025-07-31' }) dueOn: string | null;
  @ApiProperty({ nullable: true, type: String }) ownerId: string | null;
  @ApiProperty({ enum: VISIT_FOLLOW_UP_STATUSES }) status: VisitFollowUpStatus;
  @ApiProperty({ nullable: true, type: String, description: 'what was done (結果)' }) result: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'when it became done or dropped' })
  closedAt: string | null;
  @ApiProperty({ description: 'the follow-up’s own version (PATCH /visits/follow-ups/:id)' }) version: number;
}

export class VisitOfficerDto {
  @ApiProperty() id: string;
  @ApiProperty() displayName: string;
}

export class VisitDto {
  @ApiProperty() id: string;
  @ApiProperty() stationId: string;
  @ApiProperty() organizationId: string;
  @ApiProperty() organizationName: string;
  @ApiProperty({ example: '2025-06-21T10:00:00+09:00' }) visitedAt: string;
  @ApiProperty({ example: '2025-06-21', description: 'the day in Japan of visitedAt' }) visitedOn: string;
  @ApiProperty({ enum: VISIT_FORMATS }) format: VisitFormat;
  @ApiProperty({ type: [String] }) officerIds: string[];
  @ApiProperty({ type: [VisitOfficerDto] }) officers: VisitOfficerDto[];
  @ApiProperty({ nullable: true, type: String }) jointWith: string | null;
  @ApiProperty({ type: [String], description: '同行: partner agencies/units that went along (joint visit)' })
  jointPartnerIds: string[];
  @ApiProperty({ type: [VisitAttendeeDto] }) attendees: VisitAttendeeDto[];
  @ApiProperty({ type: [String] }) topics: string[];
  @ApiProperty({ type: [String] }) materials: string[];
  @ApiProperty() summary: string;
  @ApiProperty({ nullable: true, type: String }) concernsRaised: string | null;
  @ApiProperty({ enum: VISIT_STATUSES }) status: VisitStatus;
  @ApiProperty({ type: [VisitFollowUpDto] }) followUps: VisitFollowUpDto[];
  @ApiProperty({ type: [String] }) councilItemIds: string[];
  @ApiProperty({ nullable: true, type: String, description: 'null for hq (names hidden)' })
  createdBy: string | null;
  @ApiProperty({ nullable: true, type: String }) submittedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) approvedAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'null for hq (names hidden)' })
  approvedBy: string | null;
  @ApiProperty({
    description:
      'true for hq: the station’s staff are not shown (officers, officerIds, createdBy, approvedBy, follow-up owners and the approval history’s actors are empty), as in hq’s exports',
  })
  staffHidden: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'the manager’s reason the last time the visit went back to the officers (return or reopen)',
  })
  returnReason: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'what a planned visit is for (目的)' })
  purpose: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'when a planned visit was cancelled' })
  cancelledAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'why a planned visit was cancelled' })
  cancelReason: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty() version: number;
}

/** One step of a visit's approval history (決裁の経過). */
export class VisitApprovalEventDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: VISIT_APPROVAL_ACTIONS }) action: VisitApprovalAction;
  @ApiProperty({ example: '2025-06-22T09:30:00+09:00' }) at: string;
  @ApiProperty({ nullable: true, type: String, description: 'null for hq, or when the user was removed' })
  actorId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'null for hq, or when the user was removed' })
  actorName: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'the 決裁コメント on approve, the reason on return and reopen',
  })
  comment: string | null;
}

/** A single visit (GET /visits/:id and every write's answer): the visit and its approval history. */
export class VisitDetailDto extends VisitDto {
  @ApiProperty({ type: [VisitApprovalEventDto], description: 'oldest first' })
  approvalHistory: VisitApprovalEventDto[];
}

export class AttendeeInputDto {
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'an existing contact of the visit’s organization',
  })
  @IsOptional()
  @IsUUID()
  contactId?: string | null;

  @ApiPropertyOptional({ description: 'a person who is not (yet) a contact' })
  @ValidateIf((o: AttendeeInputDto) => o.contactId === undefined || o.name !== undefined)
  @IsString({ message: '氏名または担当者（contactId）を指定してください' })
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({
    enum: CONTACT_ROLES,
    description: 'required with name; defaults to the contact’s role',
  })
  @ValidateIf((o: AttendeeInputDto) => o.contactId === undefined || o.role !== undefined)
  @IsIn(CONTACT_ROLES, { message: `役割は ${CONTACT_ROLES.join(', ')} のいずれかです` })
  role?: ContactRole;

  @ApiPropertyOptional({
    description: 'with name: also create a contact of the organization (same transaction)',
  })
  @OptionalNotNull()
  @IsBoolean()
  createContact?: boolean;
}

export class FollowUpInputDto {
  @ApiPropertyOptional({ description: 'keep an existing follow-up of this visit' })
  @OptionalNotNull()
  @IsUUID()
  id?: string;

  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) title: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: '2025-07-31' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @Matches(ISO_DATE, { message: DATE_MESSAGE })
  dueOn?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsUUID()
  ownerId?: string | null;

  @ApiPropertyOptional({ enum: VISIT_FOLLOW_UP_STATUSES, default: 'open' })
  @OptionalNotNull()
  @IsIn(VISIT_FOLLOW_UP_STATUSES)
  status?: VisitFollowUpStatus;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'omitted: a kept follow-up keeps its result',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(2000)
  result?: string | null;
}

/** Fields shared by POST and PATCH (all optional here; POST re-declares the required ones). */
class VisitFieldsDto {
  @ApiPropertyOptional({ type: [String], description: '同行: partners (e.g. 県警察本部 サイバー攻撃対策隊)' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  jointPartnerIds?: string[];

  @ApiPropertyOptional({ nullable: true, type: String, example: '本部サイバー攻撃対策隊' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(200)
  jointWith?: string | null;

  @ApiPropertyOptional({ type: [AttendeeInputDto] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AttendeeInputDto)
  attendees?: AttendeeInputDto[];

  @ApiPropertyOptional({ type: [String], example: ['leak_cases', 'cyber_trends'] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  topics?: string[];

  @ApiPropertyOptional({ type: [String], example: ['経済安全保障パンフレット'] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  materials?: string[];

  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MaxLength(10000) summary?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(10000)
  concernsRaised?: string | null;

  @ApiPropertyOptional({ type: [FollowUpInputDto] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => FollowUpInputDto)
  followUps?: FollowUpInputDto[];

  @ApiPropertyOptional({ type: [String] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  councilItemIds?: string[];

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    maxLength: 2000,
    example: '経済安全保障に関する情報提供',
    description: 'what a planned visit is for (目的); kept when it is recorded',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(2000)
  purpose?: string | null;
}

export const CREATE_VISIT_STATUSES = ['draft', 'planned'] as const;

export class CreateVisitDto extends VisitFieldsDto {
  @ApiProperty() @IsUUID() organizationId: string;

  @ApiPropertyOptional({
    enum: CREATE_VISIT_STATUSES,
    description:
      'draft (when omitted) or planned: a visit to come (its day may lie in the future, up to two years ahead; never counted as reach; no follow-ups yet)',
  })
  @OptionalNotNull()
  @IsIn(CREATE_VISIT_STATUSES)
  status?: (typeof CREATE_VISIT_STATUSES)[number];

  @ApiProperty({
    example: '2025-06-21T10:00:00+09:00',
    description: 'when it took place; for a planned visit, when it is planned',
  })
  @IsString()
  @Matches(TIMESTAMP_WITH_OFFSET, { message: TIMESTAMP_MESSAGE })
  visitedAt: string;

  @ApiProperty({ enum: VISIT_FORMATS, description: 'optional for a planned visit (default on_site)' })
  @ValidateIf((o: CreateVisitDto) => o.status !== 'planned' || o.format !== undefined)
  @IsIn(VISIT_FORMATS)
  format: VisitFormat;

  @ApiProperty({
    type: [String],
    description:
      'officers and managers of the station; at least one (a planned visit defaults to its creator)',
  })
  @ValidateIf((o: CreateVisitDto) => o.status !== 'planned' || o.officerIds !== undefined)
  @IsArray()
  @ArrayNotEmpty({ message: '担当者を1名以上指定してください (at least one officer)' })
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  officerIds: string[];
}

export class UpdateVisitDto extends VisitFieldsDto {
  @ApiProperty() @IsInt() @Min(1) @Max(2_147_483_647) version: number;

  @ApiPropertyOptional({ example: '2025-06-21T10:00:00+09:00' })
  @OptionalNotNull()
  @IsString()
  @Matches(TIMESTAMP_WITH_OFFSET, { message: TIMESTAMP_MESSAGE })
  visitedAt?: string;

  @ApiPropertyOptional({ enum: VISIT_FORMATS }) @OptionalNotNull() @IsIn(VISIT_FORMATS) format?: VisitFormat;

  @ApiPropertyOptional({ type: [String] })
  @OptionalNotNull()
  @IsArray()
  @ArrayNotEmpty({ message: '担当者を1名以上指定してください (at least one officer)' })
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID(undefined, { each: true })
  officerIds?: string[];
}

export class TransitionDto {
  @ApiPropertyOptional({ description: 'the version the client read; a stale one answers 409' })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version?: number;
}

export class ReasonTransitionDto extends TransitionDto {
  @ApiProperty({ example: '訪問先の応対者を追記してください', maxLength: 2000 })
  @Matches(/^(?=[\s\S]*\S)[\s\S]{1,2000}$/, {
    message: '理由を入力してください（2000文字以内） (reason required, at most 2000 characters)',
  })
  reason: string;
}

export class RecordPlannedDto extends TransitionDto {
  @ApiPropertyOptional({
    example: '2025-06-21T10:00:00+09:00',
    description: 'when it actually took place (default: the planned time); its day may not be after today',
  })
  @OptionalNotNull()
  @IsString()
  @Matches(TIMESTAMP_WITH_OFFSET, { message: TIMESTAMP_MESSAGE })
  visitedAt?: string;
}

export class BulkApproveItemDto {
  @ApiProperty() @IsUUID() id: string;
  @ApiProperty({ description: 'the version the manager saw' })
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version: number;
}

export class BulkApproveDto {
  @ApiProperty({ type: [BulkApproveItemDto], maxItems: 200 })
  @IsArray()
  @ArrayNotEmpty({ message: '承認する訪問を選択してください (select at least one visit)' })
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => BulkApproveItemDto)
  items: BulkApproveItemDto[];
}

export class BulkApproveFailureDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'visit.stale_version' }) code: string;
  @ApiProperty() message: string;
}

export class BulkApproveResultDto {
  @ApiProperty({ type: [String] }) approved: string[];
  @ApiProperty({ type: [BulkApproveFailureDto] }) failed: BulkApproveFailureDto[];
}

export class UpdateVisitFollowUpDto {
  @ApiProperty({ description: 'the follow-up’s version' })
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version: number;

  @ApiProperty({ enum: VISIT_FOLLOW_UP_STATUSES })
  @IsIn(VISIT_FOLLOW_UP_STATUSES)
  status: VisitFollowUpStatus;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    maxLength: 2000,
    description: 'what was done (結果); omitted keeps it, null clears it',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(2000)
  result?: string | null;
}

export class ApproveDto extends TransitionDto {
  @ApiPropertyOptional({
    example: '内容を確認しました。引き続きフォローをお願いします。',
    maxLength: 2000,
    nullable: true,
    type: String,
    description: 'the manager’s 決裁コメント (optional; blank or null keeps none)',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(2000, { message: '決裁コメントは2000文字以内です (comment: at most 2000 characters)' })
  comment?: string | null;
}

const BOOL = ['true', 'false'];

export class VisitListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '2025-04-01', description: 'visitedOn from (JST day, inclusive)' })
  @IsOptional()
  @Matches(ISO_DATE, { message: DATE_MESSAGE })
  from?: string;

  @ApiPropertyOptional({ example: '2026-03-31', description: 'visitedOn to (JST day, inclusive)' })
  @IsOptional()
  @Matches(ISO_DATE, { message: DATE_MESSAGE })
  to?: string;

  @ApiPropertyOptional() @IsOptional() @IsUUID() organizationId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() officerId?: string;
  @ApiPropertyOptional({ enum: VISIT_STATUSES }) @IsOptional() @IsIn(VISIT_STATUSES) status?: VisitStatus;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) topic?: string;

  @ApiPropertyOptional({ enum: BOOL, description: 'visits where I am one of the officers' })
  @IsOptional()
  @IsIn(BOOL)
  mine?: string;

  @ApiPropertyOptional({ enum: BOOL, description: 'managers: submitted visits of my station' })
  @IsOptional()
  @IsIn(BOOL)
  awaitingMyApproval?: string;
}

export class VisitFollowUpListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: BOOL, description: 'follow-ups I own' })
  @IsOptional()
  @IsIn(BOOL)
  mine?: string;
  @ApiPropertyOptional({ enum: VISIT_FOLLOW_UP_STATUSES })
  @IsOptional()
  @IsIn(VISIT_FOLLOW_UP_STATUSES)
  status?: VisitFollowUpStatus;
  @ApiPropertyOptional({ enum: BOOL, description: 'due before today (JST)' })
  @IsOptional()
  @IsIn(BOOL)
  overdue?: string;
}

export class VisitFollowUpListItemDto extends VisitFollowUpDto {
  @ApiProperty() visitId: string;
  @ApiProperty({ nullable: true, type: String }) ownerName: string | null;
  @ApiProperty() organizationId: string;
  @ApiProperty() organizationName: string;
  @ApiProperty() visitedOn: string;
  @ApiProperty({ enum: VISIT_STATUSES }) visitStatus: VisitStatus;
}

export class VisitPageDto {
  @ApiProperty({ type: [VisitDto] }) items: VisitDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiPropertyOptional({ description: 'true when total stopped at 10,000' }) totalCapped?: boolean;
}

export class VisitFollowUpPageDto {
  @ApiProperty({ type: [VisitFollowUpListItemDto] }) items: VisitFollowUpListItemDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiPropertyOptional({ description: 'true when total stopped at 10,000' }) totalCapped?: boolean;
}
