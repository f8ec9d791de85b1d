import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { Observable } from 'rxjs';
import { APP_CONFIG, AppConfig } from '../../../../libs/config/app-config';
import { DomainError } from '../../../../libs/http/domain-error';
import { AttachmentErrors } from './attachments.errors';

/**
 * Receives the multipart field `file` into memory, at most ATTACHMENT_LIMIT_MB: multer's
 * `fileSize` limit stops reading past it (413), so a larger body is never held whole. File names
 * are read as UTF-8 (`defParamCharset`; busboy's default is Latin-1, which garbles 日本語 names).
 */
@Injectable()
export class AttachmentUploadInterceptor implements NestInterceptor {
  private readonly upload: RequestHandler;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.upload = multer({
      storage: multer.memoryStorage(),
      limits: { fileSize: config.attachmentLimitBytes, files: 1, fields: 5, parts: 6, fieldSize: 1024 },
      defParamCharset: 'utf8',
    }).single('file');
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    if (!req.is('multipart/form-data')) throw AttachmentErrors.notMultipart();
    try {
      await new Promise<void>((resolve, reject) =>
        this.upload(req, res, (err: unknown) =>
          err ? reject(err instanceof Error ? err : new Error('upload failed')) : resolve(),
        ),
      );
    } catch (err) {
      throw this.toDomainError(err);
    }
    return next.handle();
  }

  private toDomainError(err: unknown): DomainError {
    const code = (err as { code?: unknown } | null)?.code;
    if (code === 'LIMIT_FILE_SIZE') return AttachmentErrors.tooLarge(this.config.attachmentLimitBytes);
    if (code === 'LIMIT_UNEXPECTED_FILE' || code === 'LIMIT_FILE_COUNT')
      return AttachmentErrors.unexpectedField();
    return AttachmentErrors.badUpload();
  }
}
