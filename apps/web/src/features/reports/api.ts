/**
 * The reports feature's data layer: the period report (JSON preview), the strategy tasks behind
 * the strategy table, and the files (period report, strategy table, exports) with their query
 * typed as the server declares it. Screens call these hooks and file descriptors.
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { http, unwrap, type Schemas } from '../../api/http';
import type { paths } from '../../api/schema.gen';
import type { Period } from '../../lib/format';

type QueryOf<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } }
  ? NonNullable<Q>
  : never;

export type PeriodReportQuery = QueryOf<'/api/v1/reports/period'>;
export type StrategyTableQuery = QueryOf<'/api/v1/reports/strategy-table'>;
export type OrganizationExportQuery = QueryOf<'/api/v1/exports/organizations.csv'>;
export type VisitExportQuery = QueryOf<'/api/v1/exports/visits.csv'>;
export type PeriodReport = Schemas['PeriodReportDto'];
export type StrategyTask = Schemas['StrategyTaskDto'];
export type StrategyBullet = Schemas['StrategyBulletDto'];
export type StrategySuggestions = Schemas['StrategySuggestionsDto'];
export type SeminarExportQuery = QueryOf<'/api/v1/exports/seminars.csv'>;
export type ConsultationExportQuery = QueryOf<'/api/v1/exports/consultations.csv'>;
export type CreateStrategyTaskBody = Schemas['CreateStrategyTaskDto'];
export type UpdateStrategyTaskBody = Schemas['UpdateStrategyTaskDto'];
export type Encoding = NonNullable<OrganizationExportQuery['encoding']>;

export const reportKeys = {
  all: ['reports'] as const,
  period: (query: PeriodReportQuery) => [...reportKeys.all, 'period', query] as const,
  strategyTasks: () => [...reportKeys.all, 'strategy-tasks'] as const,
  suggestions: (asOf: string) => [...reportKeys.strategyTasks(), 'suggestions', asOf] as const,
};

/* ---------- period report ---------- */

/** The period report's figures; read when asked for (the preview), not on every period change. */
export function usePeriodReport(period: Period | null, enabled: boolean) {
  const query: PeriodReportQuery = { from: period?.from, to: period?.to, format: 'json' };
  return useQuery({
    queryKey: reportKeys.period(query),
    queryFn: ({ signal }) =>
      unwrap(http.GET('/api/v1/reports/period', { params: { query }, signal })).then((report) => {
        // the route's 202 {jobId} is for its files (xlsx, pdf); format=json always answers the report
        if ('jobId' in report) throw new Error('the period report came back as a job');
        return report;
      }),
    enabled: enabled && !!period,
  });
}

/* ---------- strategy tasks ---------- */

/** The tasks of the caller's prefecture (station users) or all (hq, admin), in table order. */
export function fetchStrategyTasks(signal?: AbortSignal): Promise<StrategyTask[]> {
  return unwrap(http.GET('/api/v1/reports/strategy-tasks', { signal })).then((r) => r.items);
}

export async function fetchStrategyTask(id: string): Promise<StrategyTask> {
  const task = (await fetchStrategyTasks()).find((x) => x.id === id);
  if (!task) throw new Error(`strategy task ${id} not found`);
  return task;
}

export function useStrategyTasks(enabled: boolean) {
  return useQuery({
    queryKey: reportKeys.strategyTasks(),
    queryFn: ({ signal }) => fetchStrategyTasks(signal),
    enabled,
  });
}

/** Suggested これまでの取組 per task from the records up to asOf (the editor offers them). */
export function useStrategySuggestions(asOf: string) {
  return useQuery({
    queryKey: reportKeys.suggestions(asOf),
    queryFn: ({ signal }) =>
      unwrap(http.GET('/api/v1/reports/strategy-tasks/suggestions', { params: { query: { asOf } }, signal })),
    staleTime: 60_000,
  });
}

function afterTaskWrite(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: reportKeys.strategyTasks() });
  void queryClient.invalidateQueries({ queryKey: ['audit-events'] });
}

export function useCreateStrategyTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateStrategyTaskBody) =>
      unwrap(http.POST('/api/v1/reports/strategy-tasks', { body })),
    onSuccess: () => afterTaskWrite(queryClient),
  });
}

/** Admin: every field; hq: the bullets (`actionsSoFar`, `plannedActions`) only. */
export function useUpdateStrategyTask() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateStrategyTaskBody }) =>
      unwrap(http.PATCH('/api/v1/reports/strategy-tasks/{id}', { params: { path: { id } }, body })),
    onSuccess: () => afterTaskWrite(queryClient),
  });
}

/* ---------- files (DownloadButton: path, params, filename) ---------- */

/** A file the server makes: what DownloadButton fetches with the user's token. */
export interface FileRequest<Q> {
  path: string;
  params: Q;
  filename: string;
}

export function periodReportFile(
  period: Period,
  format: NonNullable<PeriodReportQuery['format']>,
): FileRequest<PeriodReportQuery> {
  return {
    path: '/reports/period',
    params: { from: period.from, to: period.to, format },
    filename: `period-report-${period.from}-${period.to}.${format}`,
  };
}

export function strategyTableFile(
  asOf: string,
  format: NonNullable<StrategyTableQuery['format']>,
): FileRequest<StrategyTableQuery> {
  return {
    path: '/reports/strategy-table',
    params: { asOf, format },
    filename: `strategy-table-${asOf}.${format}`,
  };
}

export interface OrganizationExportFilters {
  sector: string | null;
  tier: OrganizationExportQuery['tier'] | null;
  municipality: string | null;
  coverage: OrganizationExportQuery['coverage'] | null;
  status: OrganizationExportQuery['status'] | null;
}

/** Personal data (contacts) only with a reason, which the audit trail records. */
export function organizationExportFile(
  format: 'csv' | 'xlsx',
  filters: OrganizationExportFilters,
  encoding: Encoding,
  personal: { reason: string } | null,
  stamp: string,
): FileRequest<OrganizationExportQuery> {
  return {
    path: `/exports/organizations.${format}`,
    params: {
      sector: filters.sector ?? undefined,
      tier: filters.tier ?? undefined,
      municipality: filters.municipality ?? undefined,
      coverage: filters.coverage ?? undefined,
      status: filters.status ?? undefined,
      encoding: format === 'csv' ? encoding : undefined,
      includePersonal: personal ? 'true' : undefined,
      reason: personal ? personal.reason.trim() : undefined,
    },
    filename: `organizations-${stamp}.${format}`,
  };
}

export function visitExportFile(
  format: 'csv' | 'xlsx',
  period: Period,
  encoding: Encoding,
): FileRequest<VisitExportQuery> {
  return {
    path: `/exports/visits.${format}`,
    params: { from: period.from, to: period.to, encoding: format === 'csv' ? encoding : undefined },
    filename: `visits-${period.from}-${period.to}.${format}`,
  };
}

export function seminarExportFile(
  format: 'csv' | 'xlsx',
  period: Period,
  encoding: Encoding,
): FileRequest<SeminarExportQuery> {
  return {
    path: `/exports/seminars.${format}`,
    params: { from: period.from, to: period.to, encoding: format === 'csv' ? encoding : undefined },
    filename: `seminars-${period.from}-${period.to}.${format}`,
  };
}

/** Restricted consultations come masked for readers who may not see them (the server decides). */
export function consultationExportFile(
  format: 'csv' | 'xlsx',
  period: Period,
  encoding: Encoding,
): FileRequest<ConsultationExportQuery> {
  return {
    path: `/exports/consultations.${format}`,
    params: { from: period.from, to: period.to, encoding: format === 'csv' ? encoding : undefined },
    filename: `consultations-${period.from}-${period.to}.${format}`,
  };
}
