/**
 * The organizations feature's data layer: query keys, reads and writes over the generated client
 * (organizations, their contacts and timeline, the register import). Screens call these hooks;
 * nothing else in the feature talks to the API. Every write's invalidation is here.
 */
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import { useCallback } from 'react';
import { ApiError, upload, type UploadProgress } from '../../api/client';
import { http, idempotencyHeader, unwrap, type Schemas } from '../../api/http';
import type { paths } from '../../api/schema.gen';
import type {
  Contact,
  ImportReport,
  Job,
  JobAccepted,
  Organization,
  OrganizationBulkBody,
  OrganizationBulkResult,
  OrganizationViewFilter,
} from '../../api/types';
import { coverageKeys } from '../coverage/api';

export type OrganizationListQuery = NonNullable<paths['/api/v1/organizations']['get']['parameters']['query']>;
export type CreateOrganizationBody = Schemas['CreateOrganizationDto'];
export type UpdateOrganizationBody = Schemas['UpdateOrganizationDto'];
export type CreatedOrganization = Schemas['CreatedOrganizationDto'];
export type CreateContactBody = Schemas['CreateContactDto'];
export type UpdateContactBody = Schemas['UpdateContactDto'];
/** The multipart fields of the register import, with the file as the browser has it. */
export type ImportUpload = Omit<Schemas['ImportUploadDto'], 'file'> & { file: Blob };

export const organizationKeys = {
  all: ['organizations'] as const,
  lists: () => [...organizationKeys.all, 'list'] as const,
  list: (query: OrganizationListQuery) => [...organizationKeys.lists(), query] as const,
  detail: (id: string) => [...organizationKeys.all, 'detail', id] as const,
  contacts: (organizationId: string) => [...organizationKeys.all, 'contacts', organizationId] as const,
  timeline: (organizationId: string) => [...organizationKeys.all, 'timeline', organizationId] as const,
  views: () => [...organizationKeys.all, 'views'] as const,
};

/* ---------- organizations ---------- */

export function useOrganizations(query: OrganizationListQuery) {
  return useQuery({
    queryKey: organizationKeys.list(query),
    queryFn: ({ signal }) => unwrap(http.GET('/api/v1/organizations', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

/** The picker's search: active organizations whose name or reading matches `q`, 20 at most. */
export function useOrganizationSearch(q: string, enabled: boolean) {
  const query: OrganizationListQuery = { q: q || undefined, pageSize: 20, status: 'active' };
  return useQuery({
    queryKey: [...organizationKeys.all, 'picker', q] as const,
    queryFn: ({ signal }) => unwrap(http.GET('/api/v1/organizations', { params: { query }, signal })),
    enabled,
    staleTime: 60_000,
  });
}

export function fetchOrganization(id: string, signal?: AbortSignal): Promise<Organization> {
  return unwrap(http.GET('/api/v1/organizations/{id}', { params: { path: { id } }, signal }));
}

export function useOrganization(id: string | null | undefined) {
  return useQuery({
    queryKey: organizationKeys.detail(id ?? ''),
    queryFn: ({ signal }) => fetchOrganization(id!, signal),
    enabled: !!id,
  });
}

/** Reads the newest version into the cache: "theirs" in the conflict dialog, and the page shows it. */
export function useFetchLatestOrganization() {
  const queryClient = useQueryClient();
  return useCallback(
    (id: string) =>
      queryClient.fetchQuery({
        queryKey: organizationKeys.detail(id),
        queryFn: ({ signal }) => fetchOrganization(id, signal),
        staleTime: 0,
      }),
    [queryClient],
  );
}

/** The organization's name for a visit form opened from an organization (`?organizationId=`). */
export function useOrganizationRef(id: string | null | undefined) {
  return useQuery({
    queryKey: organizationKeys.detail(id ?? ''),
    queryFn: ({ signal }) => fetchOrganization(id!, signal),
    enabled: !!id,
    staleTime: 5 * 60_000,
  });
}

/**
 * A changed organization changes its detail, every list and picker, its timeline (register
 * changes are entries) and coverage (tier, status).
 */
function afterOrganizationWrite(queryClient: QueryClient, organization: Organization): void {
  const detail = organizationKeys.detail(organization.id);
  queryClient.setQueryData(detail, organization);
  void queryClient.invalidateQueries({
    queryKey: organizationKeys.all,
    predicate: (q) => JSON.stringify(q.queryKey) !== JSON.stringify(detail),
  });
  void queryClient.invalidateQueries({ queryKey: coverageKeys.all });
}

export function useCreateOrganization() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      body,
      idempotencyKey,
    }: {
      body: CreateOrganizationBody;
      idempotencyKey?: string;
    }): Promise<CreatedOrganization> =>
      unwrap(http.POST('/api/v1/organizations', { body, headers: idempotencyHeader(idempotencyKey) })),
    onSuccess: (organization) => afterOrganizationWrite(queryClient, organization),
  });
}

export function useUpdateOrganization() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateOrganizationBody }) =>
      unwrap(http.PATCH('/api/v1/organizations/{id}', { params: { path: { id } }, body })),
    onSuccess: (organization) => afterOrganizationWrite(queryClient, organization),
  });
}

/** DELETE archives (status archived, history kept). */
export function useArchiveOrganization() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(http.DELETE('/api/v1/organizations/{id}', { params: { path: { id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: organizationKeys.all });
      void queryClient.invalidateQueries({ queryKey: coverageKeys.all });
    },
  });
}

/* ---------- triage: bulk changes and saved views ---------- */

/**
 * POST /organizations/bulk: one `set` for many organizations, each item on its own (a stale version,
 * an archived or unknown record comes back in `failed`, the others change). Several requests when
 * the officer takes each organization's suggested sector (one per sector), their answers joined.
 */
export function useBulkUpdateOrganizations() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (requests: OrganizationBulkBody[]): Promise<OrganizationBulkResult> => {
      const joined: OrganizationBulkResult = { updated: [], failed: [] };
      for (const body of requests) {
        const result = await unwrap(http.POST('/api/v1/organizations/bulk', { body }));
        joined.updated.push(...result.updated);
        joined.failed.push(...result.failed);
      }
      return joined;
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: organizationKeys.all });
      void queryClient.invalidateQueries({ queryKey: coverageKeys.all });
    },
  });
}

/** The user's own saved list views. */
export function useOrganizationViews(enabled = true) {
  return useQuery({
    queryKey: organizationKeys.views(),
    queryFn: ({ signal }) => unwrap(http.GET('/api/v1/organizations/views', { signal })).then((r) => r.items),
    enabled,
  });
}

export function useCreateOrganizationView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; filter: OrganizationViewFilter }) =>
      unwrap(http.POST('/api/v1/organizations/views', { body })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: organizationKeys.views() }),
  });
}

export function useDeleteOrganizationView() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(http.DELETE('/api/v1/organizations/views/{id}', { params: { path: { id } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: organizationKeys.views() }),
  });
}

/* ---------- contacts ---------- */

export function fetchContacts(organizationId: string, signal?: AbortSignal): Promise<Contact[]> {
  return unwrap(
    http.GET('/api/v1/organizations/{id}/contacts', { params: { path: { id: organizationId } }, signal }),
  ).then((page) => page.items);
}

/** The organization's contacts (not archived). Also used by the visit form's attendee picker. */
export function useContacts(organizationId: string | null | undefined) {
  return useQuery({
    queryKey: organizationKeys.contacts(organizationId ?? ''),
    queryFn: ({ signal }) => fetchContacts(organizationId!, signal),
    enabled: !!organizationId,
  });
}

/**
 * The newest version of one contact, for the conflict dialog (there is no GET /contacts/:id: the
 * organization's list is read again and the cache updated).
 */
export function useFetchLatestContact(organizationId: string) {
  const queryClient = useQueryClient();
  return useCallback(
    async (id: string): Promise<Contact> => {
      const contacts = await queryClient.fetchQuery({
        queryKey: organizationKeys.contacts(organizationId),
        queryFn: ({ signal }) => fetchContacts(organizationId, signal),
        staleTime: 0,
      });
      const latest = contacts.find((c) => c.id === id);
      if (!latest) throw new ApiError(404, { statusCode: 404, code: 'contact.not_found' });
      return latest;
    },
    [queryClient, organizationId],
  );
}

/** A contact change is a timeline entry too. */
function afterContactWrite(queryClient: QueryClient, organizationId: string): void {
  void queryClient.invalidateQueries({ queryKey: organizationKeys.contacts(organizationId) });
  void queryClient.invalidateQueries({ queryKey: organizationKeys.timeline(organizationId) });
}

export function useCreateContact(organizationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateContactBody) =>
      unwrap(
        http.POST('/api/v1/organizations/{id}/contacts', { params: { path: { id: organizationId } }, body }),
      ),
    onSuccess: () => afterContactWrite(queryClient, organizationId),
  });
}

export function useUpdateContact(organizationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateContactBody }) =>
      unwrap(http.PATCH('/api/v1/contacts/{id}', { params: { path: { id } }, body })),
    onSuccess: () => afterContactWrite(queryClient, organizationId),
  });
}

/** DELETE archives the contact. */
export function useArchiveContact(organizationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(http.DELETE('/api/v1/contacts/{id}', { params: { path: { id } } })),
    onSuccess: () => afterContactWrite(queryClient, organizationId),
  });
}

/* ---------- timeline ---------- */

export const TIMELINE_PAGE_SIZE = 20;

/** Visits, seminar attendance, consultations, contact and register changes, newest first, by page. */
export function useTimeline(organizationId: string) {
  return useInfiniteQuery({
    queryKey: organizationKeys.timeline(organizationId),
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        http.GET('/api/v1/organizations/{id}/timeline', {
          params: { path: { id: organizationId }, query: { page: pageParam, pageSize: TIMELINE_PAGE_SIZE } },
          signal,
        }),
      ),
    initialPageParam: 1,
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
  });
}

/* ---------- register import ---------- */

/** The multipart body of POST /organizations/import, field names as the server declares them. */
export function importForm(fields: ImportUpload): FormData {
  const form = new FormData();
  // the flags first, so they are read before the file streams in
  if (fields.dryRun !== undefined) form.append('dryRun', fields.dryRun);
  if (fields.stationId !== undefined) form.append('stationId', fields.stationId);
  if (fields.async !== undefined) form.append('async', fields.async);
  form.append('file', fields.file);
  return form;
}

/** The answer of POST /organizations/import: the report (200), or the job that will make it (202). */
export type ImportAnswer = ImportReport | JobAccepted;

export const isJobAccepted = (answer: ImportAnswer): answer is JobAccepted => 'jobId' in answer;

/** A register import changes lists and coverage. */
function afterImport(queryClient: ReturnType<typeof useQueryClient>, report: ImportReport): void {
  if (report.dryRun) return;
  void queryClient.invalidateQueries({ queryKey: organizationKeys.all });
  void queryClient.invalidateQueries({ queryKey: coverageKeys.all });
}

/**
 * The corporate-number register upload, with progress (XMLHttpRequest; fetch cannot report
 * upload progress). A dry run reports without writing; a real one changes lists and coverage.
 * With `async: 'true'` (or a file past the server's threshold) the answer is a job to follow with
 * {@link useImportJob}.
 */
export function useRegisterImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      fields,
      onProgress,
      signal,
    }: {
      fields: ImportUpload;
      onProgress?: (p: UploadProgress) => void;
      signal?: AbortSignal;
    }) => upload<ImportAnswer>('/organizations/import', importForm(fields), { onProgress, signal }),
    onSuccess: (answer) => {
      if (!isJobAccepted(answer)) afterImport(queryClient, answer);
    },
  });
}

/* ---------- import jobs ---------- */

export const jobKeys = {
  detail: (id: string) => ['jobs', id] as const,
};

const jobEnded = (job: Job | undefined) =>
  job !== undefined && (job.status === 'done' || job.status === 'failed' || job.status === 'cancelled');

/** The report of a finished register-import job (the server keeps ImportReportDto as its result). */
export const importJobReport = (job: Job): ImportReport | null =>
  job.status === 'done' && job.result ? (job.result as unknown as ImportReport) : null;

/**
 * A register-import job, polled every `intervalMs` while it is queued or running (progress: rows,
 * rate, ETA); once it is done, lists and coverage are refreshed.
 */
export function useImportJob(id: string | null, intervalMs = 1000) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: jobKeys.detail(id ?? ''),
    queryFn: async ({ signal }) => {
      const job = await unwrap(http.GET('/api/v1/jobs/{id}', { params: { path: { id: id! } }, signal }));
      const report = importJobReport(job);
      if (report) afterImport(queryClient, report);
      return job;
    },
    enabled: !!id,
    refetchInterval: (query) => (jobEnded(query.state.data) ? false : intervalMs),
  });
}

/** Cancel a job: a queued one ends at once, a running one at its next batch (nothing is written). */
export function useCancelJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(http.POST('/api/v1/jobs/{id}/cancel', { params: { path: { id } } })),
    onSuccess: (job) => queryClient.setQueryData(jobKeys.detail(job.id), job),
  });
}
