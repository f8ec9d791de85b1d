import { Controller, Delete, Get, HttpCode, Param, Post, Req, Res, UseInterceptors } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, CurrentUser, STATION_ROLES } from '../../../../libs/auth/access.decorator';
import type { Role } from '../../../../libs/auth/entities/user.entity';
import { attachmentDisposition } from '../../../../libs/files/http';
import { ApiErrorResponses } from '../../../../libs/http/error-codes';
import { UuidParam } from '../../../../libs/http/params';
import type { RequestUser } from '../../../../libs/http/request-context';
import { AttachmentUploadInterceptor } from './attachment-upload.interceptor';
import { ATTACHMENTS_ERROR_CODES } from './attachments.errors';
import { AttachmentsService } from './attachments.service';
import { AttachmentDto, AttachmentListDto, AttachmentUploadDto } from './dto/attachment.dto';
import type { AttachmentParent } from './entities/attachment.entity';

/** Those who read visits, seminars and meetings; admin manages users, never station records. */
const READERS: readonly Role[] = ['officer', 'manager', 'hq'];

const unsupported = ApiResponse({
  status: 415,
  description:
    '添付できない種類 (type not allowed, judged from the content): code attachment.unsupported_type',
  schema: { $ref: '#/components/schemas/AttachmentsError' },
});

/**
 * Files on visits, seminars and council meetings: list and upload under the record, download and
 * delete by the attachment's id. Rules in attachments.policy.ts.
 */
@ApiTags('attachments')
@ApiErrorResponses('Attachments', ATTACHMENTS_ERROR_CODES)
@Controller('api/v1')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  private listOf(user: RequestUser, kind: AttachmentParent, id: string) {
    return this.attachments.list(user, kind, id);
  }

  private uploadTo(user: RequestUser, kind: AttachmentParent, id: string, req: Request) {
    return this.attachments.upload(user, kind, id, req.file);
  }

  @Get('visits/:id/attachments')
  @Access({ roles: READERS })
  @ApiOkResponse({ type: AttachmentListDto })
  listVisit(@CurrentUser() user: RequestUser, @Param('id', UuidParam) id: string) {
    return this.listOf(user, 'visit', id);
  }

  @Post('visits/:id/attachments')
  @Access({ roles: STATION_ROLES })
  @UseInterceptors(AttachmentUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: AttachmentUploadDto })
  @ApiCreatedResponse({ type: AttachmentDto })
  @unsupported
  uploadVisit(@CurrentUser() user: RequestUser, @Param('id', UuidParam) id: string, @Req() req: Request) {
    return this.uploadTo(user, 'visit', id, req);
  }

  @Get('seminars/:id/attachments')
  @Access({ roles: READERS })
  @ApiOkResponse({ type: AttachmentListDto })
  listSeminar(@CurrentUser() user: RequestUser, @Param('id', UuidParam) id: string) {
    return this.listOf(user, 'seminar', id);
  }

  @Post('seminars/:id/attachments')
  @Access({ roles: STATION_ROLES })
  @UseInterceptors(AttachmentUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: AttachmentUploadDto })
  @ApiCreatedResponse({ type: AttachmentDto })
  @unsupported
  uploadSeminar(@CurrentUser() user: RequestUser, @Param('id', UuidParam) id: string, @Req() req: Request) {
    return this.uploadTo(user, 'seminar', id, req);
  }

  @Get('meetings/:id/attachments')
  @Access({ roles: READERS })
  @ApiOkResponse({ type: AttachmentListDto })
  listMeeting(@CurrentUser() user: RequestUser, @Param('id', UuidParam) id: string) {
    return this.listOf(user, 'meeting', id);
  }

  @Post('meetings/:id/attachments')
  @Access({ roles: STATION_ROLES })
  @UseInterceptors(AttachmentUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: AttachmentUploadDto })
  @ApiCreatedResponse({ type: AttachmentDto })
  @unsupported
  uploadMeeting(@CurrentUser() user: RequestUser, @Param('id', UuidParam) id: string, @Req() req: Request) {
    return this.uploadTo(user, 'meeting', id, req);
  }

  /** The file as stored, never rendered by the browser in the app's origin (attachment + nosniff). */
  @Get('attachments/:id')
  @Access({ roles: READERS })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'the file', schema: { type: 'string', format: 'binary' } })
  async download(
    @CurrentUser() user: RequestUser,
    @Param('id', UuidParam) id: string,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.attachments.download(user, id);
    res.status(200);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Length', String(file.data.length));
    res.setHeader('Content-Disposition', attachmentDisposition(file.fileName));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('Cache-Control', 'no-store');
    // RFC 9530: the SHA-256 of the bytes as sent
    res.setHeader('Repr-Digest', `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`);
    res.end(file.data);
  }

  @Delete('attachments/:id')
  @HttpCode(204)
  @Access({ roles: STATION_ROLES })
  @ApiNoContentResponse({ description: 'deleted' })
  async remove(@CurrentUser() user: RequestUser, @Param('id', UuidParam) id: string): Promise<void> {
    await this.attachments.remove(user, id);
  }
}
