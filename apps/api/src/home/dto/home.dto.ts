import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class HomeLinkDto {
  @ApiProperty({ enum: ['visit', 'seminar', 'meeting', 'follow_up', 'organization'] }) type: string;
  @ApiProperty({ format: 'uuid' }) id: string;
}

/** A visit in a home list (planned, waiting for 決裁, returned, draft). */
export class HomeVisitDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty() organizationName: string;
  @ApiProperty({ example: '2025-06-21T10:00:00+09:00' }) visitedAt: string;
  @ApiProperty({ example: '2025-06-21' }) visitedOn: string;
  @ApiProperty({ example: 'planned' }) status: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'returned visits: why' })
  returnReason?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'submitted visits: when' })
  submittedAt?: string | null;
}

export class HomeVisitListDto {
  @ApiProperty({ type: [HomeVisitDto] }) items: HomeVisitDto[];
  @ApiProperty({ description: 'how many there are in all (items shows the first few)' }) total: number;
}

/** A visit or council follow-up (the same shape as a task of GET /tasks, plus overdue). */
export class HomeTaskDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['visit', 'council'] }) source: 'visit' | 'council';
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String, example: '2025-07-31' }) dueOn: string | null;
  @ApiProperty({ enum: ['open', 'in_progress'] }) status: string;
  @ApiProperty({ description: 'due before today' }) overdue: boolean;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'manager lists: the owner (own station)',
  })
  ownerName?: string | null;
  @ApiProperty({
    type: HomeLinkDto,
    description: 'visit follow-up → its visit; council follow-up → follow_up',
  })
  link: HomeLinkDto;
}

export class HomeTaskListDto {
  @ApiProperty({ type: [HomeTaskDto] }) items: HomeTaskDto[];
  @ApiProperty() total: number;
  @ApiProperty({ description: 'of those, due before today' }) overdue: number;
}

export class HomeNotificationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() kind: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: HomeLinkDto }) link: HomeLinkDto;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) readAt: string | null;
}

export class HomeNotificationListDto {
  @ApiProperty({ type: [HomeNotificationDto], description: 'the newest few' }) items: HomeNotificationDto[];
  @ApiProperty() unread: number;
}

export class OfficerHomeDto {
  @ApiProperty({ type: [HomeVisitDto], description: 'my planned visits today' }) plannedToday: HomeVisitDto[];
  @ApiProperty({ type: [HomeVisitDto], description: 'my planned visits of the next six days' })
  plannedThisWeek: HomeVisitDto[];
  @ApiProperty({
    type: [HomeVisitDto],
    description: 'my planned visits whose day has passed, not yet recorded',
  })
  plannedPast: HomeVisitDto[];
  @ApiProperty({ type: HomeTaskListDto, description: 'follow-ups I own, open or in progress, overdue first' })
  openTasks: HomeTaskListDto;
  @ApiProperty({ type: HomeVisitListDto, description: 'my returned visits (first) and drafts' })
  myVisits: HomeVisitListDto;
  @ApiProperty({ type: HomeNotificationListDto }) notifications: HomeNotificationListDto;
}

export class HomeFirmDto {
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) tier: string | null;
  @ApiProperty({ enum: ['overdue', 'never'] }) state: string;
  @ApiProperty({ nullable: true, type: String }) lastReachedOn: string | null;
  @ApiProperty({ nullable: true, type: Number }) daysOverdue: number | null;
}

export class HomeCoveragePointDto {
  @ApiProperty({ example: '2025-05-31' }) asOf: string;
  @ApiProperty() organizations: number;
  @ApiProperty() reached: number;
  @ApiProperty({ description: 'reached / organizations, 0..1' }) coverage: number;
}

export class ManagerHomeDto {
  @ApiProperty({ type: HomeVisitListDto, description: 'submitted visits waiting for 決裁, oldest first' })
  approvalQueue: HomeVisitListDto;
  @ApiProperty({ type: HomeTaskListDto, description: 'the station’s overdue visit and council follow-ups' })
  overdueFollowUps: HomeTaskListDto;
  @ApiProperty({ type: [HomeFirmDto], description: 'the coverage worklist’s first five' })
  urgentFirms: HomeFirmDto[];
  @ApiProperty({ description: 'organizations on the worklist in all' }) worklistTotal: number;
  @ApiProperty({
    type: [HomeCoveragePointDto],
    description: 'month ends of the last five months, then today',
  })
  coverageTrend: HomeCoveragePointDto[];
}

export class HomeStationDto {
  @ApiProperty({ format: 'uuid' }) stationId: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() organizations: number;
  @ApiProperty() reached: number;
  @ApiProperty({ description: '0..1' }) coverage: number;
  @ApiProperty({ description: 'approved visits of this fiscal year so far' }) visitsThisFiscalYear: number;
  @ApiProperty({ description: 'council follow-ups open or in progress' }) openCouncilFollowUps: number;
  @ApiProperty({ description: 'of those, due before today' }) overdueCouncilFollowUps: number;
}

export class HqHomeDto {
  @ApiProperty({ example: 2025 }) fiscalYear: number;
  @ApiProperty({ example: '2025-04-01' }) fiscalYearFrom: string;
  @ApiProperty({ type: [HomeStationDto], description: 'by station code' }) stations: HomeStationDto[];
}

export class HomePasswordUserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty() role: string;
  @ApiProperty({ nullable: true, type: String }) stationName: string | null;
  @ApiProperty({
    enum: ['pending', 'expired'],
    description: 'pending: a one-time password not yet changed; expired: past ONE_TIME_PASSWORD_DAYS',
  })
  state: 'pending' | 'expired';
  @ApiProperty({ description: 'when the one-time password was set' }) since: string;
}

export class HomeFailedLoginDto {
  @ApiProperty() occurredAt: string;
  @ApiProperty({ nullable: true, type: String, description: 'the name tried' }) username: string | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ nullable: true, type: String }) clientIp: string | null;
}

export class AdminHomeDto {
  @ApiProperty({ type: [HomePasswordUserDto] }) passwords: HomePasswordUserDto[];
  @ApiProperty({ type: [HomeFailedLoginDto], description: 'the last seven days, newest first (at most 20)' })
  failedLogins: HomeFailedLoginDto[];
  @ApiProperty({ description: 'failed logins in the last 24 hours' }) failedLast24h: number;
}

/** GET /home: the caller's role's sections, in one answer. */
export class HomeDto {
  @ApiProperty({ enum: ['officer', 'manager', 'hq', 'admin'] }) role: string;
  @ApiProperty({ example: '2025-06-21', description: 'today in Japan' }) asOf: string;
  @ApiPropertyOptional({ type: OfficerHomeDto, description: 'officers: their own work' })
  officer?: OfficerHomeDto;
  @ApiPropertyOptional({ type: ManagerHomeDto }) manager?: ManagerHomeDto;
  @ApiPropertyOptional({ type: HqHomeDto }) hq?: HqHomeDto;
  @ApiPropertyOptional({ type: AdminHomeDto }) admin?: AdminHomeDto;
}
