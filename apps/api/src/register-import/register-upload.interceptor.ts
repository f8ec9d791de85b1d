import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { Observable, finalize } from 'rxjs';
import { APP_CONFIG, AppConfig } from '../../../../libs/config/app-config';
import { DomainError } from '../../../../libs/http/domain-error';
import { RegisterImportErrors } from './register-import.errors';

/**
 * Receives the multipart field `file` into a temporary file (multer disk storage, size limit from
 * the configuration: 413 past it) and removes it when the request is over, whatever happened.
 */
@Injectable()
export class RegisterUploadInterceptor implements NestInterceptor {
  private readonly upload: RequestHandler;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.upload = multer({
      storage: multer.diskStorage({
        // DATA_DIR/uploads/incoming: a job's file is then moved (renamed) on the same disk
        destination: config.registerUploadDir,
        filename: (_req, _file, cb) => cb(null, `upload-${randomUUID()}`),
      }),
      limits: { fileSize: config.uploadLimitBytes, files: 1, fields: 10, parts: 20, fieldSize: 1024 },
      defParamCharset: 'utf8',
    }).single('file');
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    if (!req.is('multipart/form-data')) throw RegisterImportErrors.notMultipart();
    try {
      await new Promise<void>((resolve, reject) =>
        this.upload(req, res, (err: unknown) =>
          err ? reject(err instanceof Error ? err : new Error('upload failed')) : resolve(),
        ),
      );
    } catch (err) {
      throw this.toDomainError(err);
    }
    const path = req.file?.path;
    return next.handle().pipe(
      finalize(() => {
        if (path) void rm(path, { force: true });
      }),
    );
  }

  private toDomainError(err: unknown): DomainError {
    const code = (err as { code?: unknown } | null)?.code;
    if (code === 'LIMIT_FILE_SIZE') {
      const mb = Math.floor(this.config.uploadLimitBytes / (1024 * 1024));
      return new DomainError(
        'too_large',
        'organization_import.too_large',
        `ファイルが大きすぎます（上限 ${mb} MB） (file too large, limit ${mb} MB)`,
      );
    }
    if (code === 'LIMIT_UNEXPECTED_FILE')
      return new DomainError(
        'invalid',
        'organization_import.unexpected_field',
        'ファイルは項目 "file" で1つだけ送信してください (send one file in the field "file")',
        [{ field: 'file', message: '項目名は file です' }],
      );
    return new DomainError(
      'invalid',
      'organization_import.bad_upload',
      'アップロードの形式が正しくありません (malformed multipart upload)',
    );
  }
}
