import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '../../../libs/config/app-config';
import { addErrorSchemas } from '../../../libs/http/error-codes';
import { HttpErrorFilter } from '../../../libs/http/http-error.filter';
import { RequestContext } from '../../../libs/http/request-context';
import { createValidationPipe } from '../../../libs/http/validation';
import { responseCompression, webStatic } from './web-static';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** The API, its documents and health: everything but the web UI's files. */
const isApiPath = (p: string) =>
  p.startsWith('/api/') || p === '/api' || p === '/health' || p.startsWith('/health/') || p === '/metrics';

/** Everything around the routes: request ids, security headers, limits, errors, OpenAPI, the UI. */
export function configureHttp(app: INestApplication, config: AppConfig): void {
  const server = app as NestExpressApplication;
  // Whose X-Forwarded-For/-Proto to believe (TRUST_PROXY; docs/deployment.md): the client address
  // counts logins and is in the audit trail.
  server.set('trust proxy', config.trustProxy);
  server.disable('x-powered-by');
  server.use((req: Request & { id?: string }, res: Response, next: NextFunction) => {
    const incoming = req.header('x-request-id');
    req.id = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', req.id);
    // API answers (login, errors included) hold tokens and personal data: no cache keeps them. The
    // web UI's files have their own caching (web-static.ts).
    if (isApiPath(req.path)) res.setHeader('Cache-Control', 'no-store');
    RequestContext.run({ requestId: req.id, clientIp: req.ip ?? null }, next);
  });
  server.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
        },
      },
    }),
  );
  server.use(responseCompression());
  server.useBodyParser('json', { limit: '1mb' });
  server.useBodyParser('urlencoded', { limit: '1mb', extended: false });
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter());

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });

  // The built web UI, same origin (precompressed files, immutable hashed assets); unknown non-API
  // paths fall back to index.html (client routing).
  if (existsSync(path.join(config.webDistDir, 'index.html'))) {
    server.use(...webStatic(config.webDistDir, isApiPath));
  }
}

/** The OpenAPI document of every route; `npm run openapi` writes it to apps/api/openapi.json. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Outreach CRM API')
      .setDescription('経済安全保障 アウトリーチ管理システム — HTTP API (see API.md)')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  return addErrorSchemas(document);
}
