import { ApiProperty } from '@nestjs/swagger';

/** The file a finished export or report job keeps: GET /jobs/:id shows it as `result.file`. */
export class JobFileDto {
  @ApiProperty({ example: '訪問記録_20230401-20240331.xlsx' }) name: string;
  @ApiProperty({ description: 'bytes' }) size: number;
  @ApiProperty({ example: 'text/csv; charset=utf-8' }) contentType: string;
  @ApiProperty({ description: 'after this the file is deleted (GET /jobs/:id/file answers 410)' })
  expiresAt: string;
}

/** `result` of a finished export or report job. */
export class JobFileResultDto {
  @ApiProperty({ type: JobFileDto }) file: JobFileDto;
  @ApiProperty({ description: 'data rows written' }) rows: number;
}
