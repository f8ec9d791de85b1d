import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import {
  NOTIFICATION_KINDS,
  NOTIFICATION_LINK_TYPES,
  type NotificationKind,
  type NotificationLinkType,
} from '../entities/notification.entity';

const BOOL = ['true', 'false'] as const;

export class NotificationLinkDto {
  @ApiProperty({ enum: NOTIFICATION_LINK_TYPES }) type: NotificationLinkType;
  @ApiProperty({ format: 'uuid' }) id: string;
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind: NotificationKind;
  @ApiProperty() title: string;
  @ApiProperty({ type: NotificationLinkDto }) link: NotificationLinkDto;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) readAt: string | null;
}

export class NotificationListDto {
  @ApiProperty({ type: [NotificationDto] }) items: NotificationDto[];
  @ApiProperty({ description: 'unread notifications of the caller (all, not only those listed)' })
  unread: number;
}

export class NotificationListQueryDto {
  @ApiPropertyOptional({ enum: BOOL, description: 'only unread ones' })
  @IsOptional()
  @IsIn(BOOL)
  unreadOnly?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50, description: 'newest first' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class ReadAllResultDto {
  @ApiProperty({ description: 'notifications marked read by this call' }) updated: number;
  @ApiProperty() unread: number;
}

export class NotificationSettingsDto {
  @ApiProperty({ nullable: true, type: String, description: 'where notification mails go; null: none' })
  email: string | null;
  @ApiProperty({ description: 'the server sends mails (SMTP configured)' })
  mailAvailable: boolean;
}

export class UpdateNotificationSettingsDto {
  @ApiProperty({ nullable: true, type: String, maxLength: 254 })
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(254)
  email: string | null;
}
