import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { OptionalNotNull } from '../../../../../libs/http/validation';
import { PageQueryDto } from '../../../../../libs/http/pagination';
import {
  COUNCIL_ITEM_KINDS,
  type CouncilItemKind,
  FOLLOW_UP_STATUSES,
  type FollowUpStatus,
} from '../entities/council.entity';
import { BAD_DATE, DATE, DATE_MESSAGE } from './meeting.dto';

export class FollowUpLinkDto {
  @ApiProperty() id: string;
  @ApiProperty() followUpId: string;
  @ApiProperty({ nullable: true, type: String }) visitId: string | null;
  @ApiProperty({ nullable: true, type: String }) seminarId: string | null;
  @ApiProperty({ description: 'the visit’s or seminar’s day' }) date: string;
  @ApiProperty({ nullable: true, type: String, description: 'a visit’s organization' })
  organizationName: string | null;
  @ApiProperty({ nullable: true, type: String }) seminarTitle: string | null;
}

export class FollowUpDto {
  @ApiProperty() id: string;
  @ApiProperty() councilItemId: string;
  @ApiProperty() stationId: string;
  @ApiProperty() meetingId: string;
  @ApiProperty() meetingHeldOn: string;
  @ApiProperty({ enum: COUNCIL_ITEM_KINDS }) itemKind: CouncilItemKind;
  @ApiProperty() itemText: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) ownerId: string | null;
  @ApiProperty({ nullable: true, type: String }) ownerName: string | null;
  @ApiProperty() dueOn: string;
  @ApiProperty({ enum: FOLLOW_UP_STATUSES }) status: FollowUpStatus;
  @ApiProperty({ nullable: true, type: String, description: '措置結果' }) result: string | null;
  @ApiProperty({ nullable: true, type: String }) closedAt: string | null;
  @ApiProperty({ description: 'past due (in Japan) and still open or in progress' }) overdue: boolean;
  @ApiProperty({ type: [FollowUpLinkDto] }) links: FollowUpLinkDto[];
  @ApiProperty() version: number;
}

export class FollowUpListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: FOLLOW_UP_STATUSES })
  @IsOptional()
  @IsIn(FOLLOW_UP_STATUSES)
  status?: FollowUpStatus;
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'due before today (JST) and open or in progress',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';
  @ApiPropertyOptional() @IsOptional() @IsUUID() meetingId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() councilItemId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() ownerId?: string;
}

export class CreateFollowUpDto {
  @ApiProperty() @IsUUID() councilItemId: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(500) title: string;
  @ApiProperty({ description: 'an officer or manager of the station' }) @IsUUID() ownerId: string;
  @ApiProperty({ example: '2023-12-31', description: 'not before the meeting' })
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true }, { message: BAD_DATE })
  dueOn: string;
}

export class UpdateFollowUpDto {
  @ApiProperty() @IsInt() @Min(1) version: number;
  @ApiPropertyOptional() @OptionalNotNull() @IsString() @MinLength(1) @MaxLength(500) title?: string;
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsUUID()
  ownerId?: string | null;
  @ApiPropertyOptional()
  @OptionalNotNull()
  @Matches(DATE, { message: DATE_MESSAGE })
  @IsISO8601({ strict: true }, { message: BAD_DATE })
  dueOn?: string;
  @ApiPropertyOptional({ enum: FOLLOW_UP_STATUSES })
  @OptionalNotNull()
  @IsIn(FOLLOW_UP_STATUSES)
  status?: FollowUpStatus;
  @ApiPropertyOptional({ nullable: true, type: String, description: '措置結果: required to mark done' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(8000)
  result?: string | null;
}

export class CreateFollowUpLinkDto {
  @ApiPropertyOptional({ nullable: true, type: String, description: 'a visit of the same station' })
  @IsOptional()
  @IsUUID()
  visitId?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'a seminar of the same station' })
  @IsOptional()
  @IsUUID()
  seminarId?: string | null;
}
