import { ApiProperty } from '@nestjs/swagger';

/** An attachment as lists and the upload answer show it (API.md "Daily work"). */
export class AttachmentDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: '配付資料_経済安全保障.pdf' })
  fileName: string;

  @ApiProperty({
    description: 'from the content: application/pdf, image/jpeg, image/png, the OOXML types, text/plain',
    example: 'application/pdf',
  })
  contentType: string;

  @ApiProperty({ description: 'bytes' })
  size: number;

  @ApiProperty({ description: 'SHA-256 of the bytes, hex', pattern: '^[0-9a-f]{64}$' })
  sha256: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ description: 'the caller may delete it now (see attachments.policy.ts)' })
  deletable: boolean;
}

/** GET …/attachments: the record's files, oldest first, and the size limit (for the picker). */
export class AttachmentListDto {
  @ApiProperty({ type: [AttachmentDto] })
  items: AttachmentDto[];

  @ApiProperty({ description: 'largest file accepted, bytes (ATTACHMENT_LIMIT_MB): larger is 413' })
  limitBytes: number;
}

/** multipart/form-data of POST …/attachments. */
export class AttachmentUploadDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: 'PDF, JPEG, PNG, DOCX, XLSX, PPTX or text (UTF-8/Shift_JIS); checked from the content',
  })
  file: unknown;
}
