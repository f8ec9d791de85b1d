import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  API_BASE,
  apiUrl,
  download,
  filenameFromDisposition,
  NetworkError,
  type QueryParams,
  saveBlob,
  setUnauthorizedFromClient,
  toApiError,
  tokenStore,
} from '../../api/client';
import { http, unwrap } from '../../api/http';
import type { Job, JobAccepted, JobFileResult } from '../../api/types';

/** What a file route answered: the file (saved), or a job making it (202 {jobId}: a large file). */
export type FileOrJob = { kind: 'file'; name: string } | { kind: 'job'; jobId: string };

/**
 * GET a file route with the user's token: a 200 is saved at once (its Content-Disposition name);
 * a 202 means the server makes the file as a job (exports and report files past a size).
 */
export async function downloadOrJob(
  path: string,
  params: QueryParams | undefined,
  fallbackName: string,
): Promise<FileOrJob> {
  const headers: Record<string, string> = {};
  const token = tokenStore.get();
  if (token) headers.Authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(apiUrl(path, params), { headers });
  } catch (e) {
    throw new NetworkError(e instanceof Error ? e.message : String(e));
  }
  if (!res.ok) {
    const err = toApiError(res.status, await res.text().catch(() => ''), res.headers.get('Retry-After'));
    setUnauthorizedFromClient(`${API_BASE}${path}`, err);
    throw err;
  }
  if (res.status === 202) {
    const accepted = (await res.json()) as JobAccepted;
    return { kind: 'job', jobId: accepted.jobId };
  }
  const name = filenameFromDisposition(res.headers.get('Content-Disposition'), fallbackName);
  saveBlob(await res.blob(), name);
  return { kind: 'file', name };
}

export const fileJobKeys = {
  detail: (id: string) => ['jobs', id] as const,
};

export const fileJobEnded = (job: Job | undefined) =>
  job !== undefined && (job.status === 'done' || job.status === 'failed' || job.status === 'cancelled');

/** The kept file of a finished export or report job, or null. */
export const fileJobResult = (job: Job | undefined): JobFileResult | null =>
  job?.status === 'done' && job.result && typeof job.result.file === 'object'
    ? (job.result as unknown as JobFileResult)
    : null;

/** An export or report job, polled every `intervalMs` while it is queued or running. */
export function useFileJob(id: string | null, intervalMs = 1000) {
  return useQuery({
    queryKey: fileJobKeys.detail(id ?? ''),
    queryFn: ({ signal }) => unwrap(http.GET('/api/v1/jobs/{id}', { params: { path: { id: id! } }, signal })),
    enabled: !!id,
    refetchInterval: (query) => (fileJobEnded(query.state.data) ? false : intervalMs),
  });
}

/** Cancels a file job: a queued one ends at once, a running one at its next batch (no file is kept). */
export function useCancelFileJob() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(http.POST('/api/v1/jobs/{id}/cancel', { params: { path: { id } } })),
    onSuccess: (job) => queryClient.setQueryData(fileJobKeys.detail(job.id), job),
  });
}

/** Saves a finished job's file (GET /jobs/:id/file); 410 once it has expired. */
export function saveJobFile(id: string, name: string): Promise<string> {
  return download(`/jobs/${id}/file`, undefined, name);
}
