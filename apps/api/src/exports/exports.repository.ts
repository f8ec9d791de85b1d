import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Where exports read their rows. The rows themselves are read in a render worker
 * (export-render.ts: `COPY (SELECT …) TO STDOUT` for CSV, a server-side cursor for XLSX) over a
 * connection of its own, to the database and as the role the API uses.
 */
@Injectable()
export class ExportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The API's own database URL (its restricted role), for the worker's connection. */
  databaseUrl(): string {
    const url = (this.dataSource.options as { url?: string }).url;
    if (!url) throw new Error('exports need the database URL of the data source');
    return url;
  }
}
