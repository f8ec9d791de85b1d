import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { CommonErrors } from './domain-error';

/** `?page=1&pageSize=50&sort=-field` as API.md defines lists. */
export class PageQueryDto {
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

  @ApiPropertyOptional({ description: 'field or -field' })
  @IsOptional()
  @IsString()
  @Matches(/^-?[a-zA-Z]+$/, { message: 'sort は field または -field の形式です' })
  sort?: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
  totalCapped?: boolean;
}

export interface PageRequest {
  page: number;
  pageSize: number;
  offset: number;
  /** A safe ORDER BY fragment from the allowed columns (never user text). */
  orderBy: string;
}

/**
 * Turns a PageQueryDto into limit/offset and an ORDER BY from a whitelist of sortable fields
 * (API field name → SQL expression). An unknown sort field is a 400.
 */
export function pageRequest(
  query: PageQueryDto,
  sortable: Record<string, string>,
  defaultSort: string,
  tieBreaker = 'id',
): PageRequest {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 50;
  const sort = query.sort ?? defaultSort;
  const desc = sort.startsWith('-');
  const field = desc ? sort.slice(1) : sort;
  const column = sortable[field];
  if (!column) {
    throw CommonErrors.invalid(
      'sort',
      `並べ替えできない項目です: ${field} (sortable: ${Object.keys(sortable).join(', ')})`,
    );
  }
  const direction = desc ? 'DESC' : 'ASC';
  return {
    page,
    pageSize,
    offset: (page - 1) * pageSize,
    orderBy: `${column} ${direction} NULLS LAST, ${tieBreaker} ${direction}`,
  };
}

export function toPage<T>(items: T[], total: number, req: PageRequest, totalCapped = false): Page<T> {
  return {
    items,
    total,
    page: req.page,
    pageSize: req.pageSize,
    ...(totalCapped ? { totalCapped: true } : {}),
  };
}

/** API.md "Lists": a list may stop counting at this many matches and answer `totalCapped: true`. */
export const LIST_COUNT_CAP = 10_000;

/**
 * A count that stops after LIST_COUNT_CAP + 1 matches (it reads at most that many rows, not every
 * match): `fromWhere` is the list's `FROM … WHERE …` without ORDER BY. Its one row is `{ total }`;
 * cappedTotal turns that into the page's total and totalCapped.
 */
export function cappedCountSql(fromWhere: string): string {
  return `SELECT count(*)::int AS total FROM (SELECT 1 ${fromWhere} LIMIT ${LIST_COUNT_CAP + 1}) capped`;
}

/** The total a capped count answers, and whether it stopped at the cap. */
export function cappedTotal(counted: number): { total: number; capped: boolean } {
  return { total: Math.min(counted, LIST_COUNT_CAP), capped: counted > LIST_COUNT_CAP };
}
