import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

export const TASK_SOURCES = ['visit', 'council'] as const;
export type TaskSource = (typeof TASK_SOURCES)[number];
export const TASK_STATUSES = ['open', 'in_progress', 'done', 'dropped'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
/** `active` (default): open and in progress; `all`: every status. */
export const TASK_STATUS_FILTERS = ['active', 'all', ...TASK_STATUSES] as const;
export type TaskStatusFilter = (typeof TASK_STATUS_FILTERS)[number];
export const TASK_LINK_TYPES = ['visit', 'meeting'] as const;
export type TaskLinkType = (typeof TASK_LINK_TYPES)[number];

const BOOL = ['true', 'false'] as const;

export class TaskListQueryDto {
  @ApiPropertyOptional({ enum: ['me'], description: 'me: the tasks I own; absent: my station’s' })
  @IsOptional()
  @IsIn(['me'])
  assignee?: 'me';

  @ApiPropertyOptional({ enum: TASK_STATUS_FILTERS, default: 'active' })
  @IsOptional()
  @IsIn(TASK_STATUS_FILTERS)
  status?: TaskStatusFilter;

  @ApiPropertyOptional({ enum: BOOL, description: 'only open ones due before today (JST)' })
  @IsOptional()
  @IsIn(BOOL)
  overdue?: string;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;
}

export class TaskLinkDto {
  @ApiProperty({ enum: TASK_LINK_TYPES }) type: TaskLinkType;
  @ApiProperty({ format: 'uuid' }) id: string;
}

export class TaskDto {
  @ApiProperty({ format: 'uuid', description: 'the visit follow-up’s or council follow-up’s id' })
  id: string;
  @ApiProperty({ enum: TASK_SOURCES }) source: TaskSource;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String, example: '2025-09-30' }) dueOn: string | null;
  @ApiProperty({ enum: TASK_STATUSES }) status: TaskStatus;
  @ApiProperty({ type: TaskLinkDto, description: 'the visit, or the council meeting of the item' })
  link: TaskLinkDto;
  @ApiProperty({ description: 'open and due before today (JST)' }) overdue: boolean;
  @ApiProperty({ nullable: true, type: String }) ownerId: string | null;
  @ApiProperty({ nullable: true, type: String }) ownerName: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'visit follow-ups: the organization' })
  organizationName: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'council follow-ups: the meeting’s day' })
  meetingHeldOn: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'what was done (結果 / 措置結果)' })
  result: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'when it became done or dropped' })
  closedAt: string | null;
  @ApiProperty({ description: 'the follow-up’s version (its PATCH)' }) version: number;
}

export class TaskPageDto {
  @ApiProperty({ type: [TaskDto] }) items: TaskDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
