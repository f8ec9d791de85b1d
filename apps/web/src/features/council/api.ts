/**
 * The council feature's data layer (協議会): meetings, the items raised in them, follow-ups with
 * their evidence, and the report back to the next meeting. Query keys, reads and writes over the
 * generated client; screens call these hooks and nothing else in the feature talks to the API.
 */
import {
  keepPreviousData,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import { download } from '../../api/client';
import { http, unwrap, type Schemas } from '../../api/http';
import type { paths } from '../../api/schema.gen';
import type { CouncilItem, FollowUp, MeetingDetail, ReportBack } from '../../api/types';
import { visitKeys, type VisitListQuery } from '../visits/api';

export type MeetingListQuery = NonNullable<paths['/api/v1/meetings']['get']['parameters']['query']>;
export type FollowUpListQuery = NonNullable<paths['/api/v1/follow-ups']['get']['parameters']['query']>;
export type CreateMeetingBody = Schemas['CreateMeetingDto'];
export type UpdateMeetingBody = Schemas['UpdateMeetingDto'];
export type CreateItemBody = Schemas['CreateItemDto'];
export type UpdateItemBody = Schemas['UpdateItemDto'];
export type CreateFollowUpBody = Schemas['CreateFollowUpDto'];
export type UpdateFollowUpBody = Schemas['UpdateFollowUpDto'];
export type CreateFollowUpLinkBody = Schemas['CreateFollowUpLinkDto'];
export type Attendance = Schemas['AttendanceDto'];
export type ReportItem = Schemas['ReportItemDto'];
export type ReportFollowUp = Schemas['ReportFollowUpDto'];
export type ReportEvidence = Schemas['ReportEvidenceDto'];
export type DiscussionTurn = Schemas['DiscussionTurnDto'];
export type DocumentFormat = 'pdf' | 'docx';

export const meetingKeys = {
  all: ['meetings'] as const,
  lists: () => [...meetingKeys.all, 'list'] as const,
  list: (query: MeetingListQuery) => [...meetingKeys.lists(), query] as const,
  detail: (id: string) => [...meetingKeys.all, 'detail', id] as const,
  reportBack: (id: string, asOf?: string) => [...meetingKeys.all, 'report-back', id, asOf ?? ''] as const,
};

export const followUpKeys = {
  all: ['follow-ups'] as const,
  lists: () => [...followUpKeys.all, 'list'] as const,
  list: (query: FollowUpListQuery) => [...followUpKeys.lists(), query] as const,
  detail: (id: string) => [...followUpKeys.all, 'detail', id] as const,
};

/* ---------- meetings ---------- */

export function fetchMeeting(id: string, signal?: AbortSignal): Promise<MeetingDetail> {
  return unwrap(http.GET('/api/v1/meetings/{id}', { params: { path: { id } }, signal }));
}

export function useMeetings(query: MeetingListQuery) {
  return useQuery({
    queryKey: meetingKeys.list(query),
    queryFn: ({ signal }) => unwrap(http.GET('/api/v1/meetings', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

/** A meeting with its items (each with its follow-ups' summaries). */
export function useMeeting(id: string | undefined) {
  return useQuery({
    queryKey: meetingKeys.detail(id ?? ''),
    queryFn: ({ signal }) => fetchMeeting(id!, signal),
    enabled: !!id,
  });
}

/** The report-back (措置結果) as of a day (default: today, on the server). */
export function useReportBack(meetingId: string | undefined, asOf?: string) {
  return useQuery({
    queryKey: meetingKeys.reportBack(meetingId ?? '', asOf),
    // Without format the answer is the JSON report (the documents are downloads: downloadReportBack).
    queryFn: async ({ signal }) =>
      (await unwrap(
        http.GET('/api/v1/meetings/{id}/report-back', {
          params: { path: { id: meetingId! }, query: asOf ? { asOf } : {} },
          signal,
        }),
      )) as ReportBack,
    enabled: !!meetingId,
    placeholderData: keepPreviousData,
  });
}

/** How many of the station's meetings were held in [from, to] (to prefill 第N回). */
export function useMeetingCount(from: string | undefined, to: string | undefined) {
  return useQuery({
    queryKey: [...meetingKeys.lists(), 'count', from, to],
    queryFn: ({ signal }) =>
      unwrap(http.GET('/api/v1/meetings', { params: { query: { from, to, pageSize: 1 } }, signal })),
    enabled: !!from && !!to,
    select: (page) => ({ total: page.total, sample: page.items[0] }),
  });
}

/** Downloads the 会議録 (minutes) as PDF or Word. */
export function downloadMinutes(meeting: { id: string; title: string }, format: DocumentFormat) {
  return download(`/meetings/${meeting.id}/minutes`, { format }, `${meeting.title}会議録.${format}`);
}

/** Downloads the report-back (措置結果) as PDF or Word. */
export function downloadReportBack(
  meeting: { id: string; title: string },
  format: DocumentFormat,
  asOf?: string,
) {
  return download(
    `/meetings/${meeting.id}/report-back`,
    asOf ? { format, asOf } : { format },
    `${meeting.title}措置結果.${format}`,
  );
}

/**
 * Everything a council write can change: the meeting (items, open follow-up counts), the
 * follow-up board, the report back of later meetings, the calendar and the task list.
 */
function afterCouncilWrite(queryClient: QueryClient, meeting?: MeetingDetail): void {
  if (meeting) queryClient.setQueryData(meetingKeys.detail(meeting.id), meeting);
  void queryClient.invalidateQueries({ queryKey: meetingKeys.all });
  void queryClient.invalidateQueries({ queryKey: followUpKeys.all });
  void queryClient.invalidateQueries({ queryKey: ['calendar'] });
  void queryClient.invalidateQueries({ queryKey: ['tasks'] });
}

export function useCreateMeeting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateMeetingBody) => unwrap(http.POST('/api/v1/meetings', { body })),
    onSuccess: (meeting) => afterCouncilWrite(queryClient, meeting),
  });
}

export function useUpdateMeeting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateMeetingBody }) =>
      unwrap(http.PATCH('/api/v1/meetings/{id}', { params: { path: { id } }, body })),
    onSuccess: (meeting) => afterCouncilWrite(queryClient, meeting),
  });
}

/* ---------- items ---------- */

/** The newest version of one item (there is no GET /items/:id: it is read with its meeting). */
export async function fetchCouncilItem(meetingId: string, itemId: string): Promise<CouncilItem> {
  const meeting = await fetchMeeting(meetingId);
  const item = meeting.items.find((i) => i.id === itemId);
  if (!item) throw new Error(`council item ${itemId} not found`);
  return item;
}

export function useCreateItem() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ meetingId, body }: { meetingId: string; body: CreateItemBody }) =>
      unwrap(http.POST('/api/v1/meetings/{id}/items', { params: { path: { id: meetingId } }, body })),
    onSuccess: () => afterCouncilWrite(queryClient),
  });
}

export function useUpdateItem() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateItemBody }) =>
      unwrap(http.PATCH('/api/v1/items/{id}', { params: { path: { id } }, body })),
    onSuccess: () => afterCouncilWrite(queryClient),
  });
}

/* ---------- follow-ups ---------- */

export function fetchFollowUp(id: string, signal?: AbortSignal): Promise<FollowUp> {
  return unwrap(http.GET('/api/v1/follow-ups/{id}', { params: { path: { id } }, signal }));
}

export function useFollowUps(query: FollowUpListQuery) {
  return useQuery({
    queryKey: followUpKeys.list(query),
    queryFn: ({ signal }) => unwrap(http.GET('/api/v1/follow-ups', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useCreateFollowUp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateFollowUpBody) => unwrap(http.POST('/api/v1/follow-ups', { body })),
    onSuccess: (followUp) => {
      queryClient.setQueryData(followUpKeys.detail(followUp.id), followUp);
      afterCouncilWrite(queryClient);
    },
  });
}

export function useUpdateFollowUp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateFollowUpBody }) =>
      unwrap(http.PATCH('/api/v1/follow-ups/{id}', { params: { path: { id } }, body })),
    onSuccess: (followUp) => {
      queryClient.setQueryData(followUpKeys.detail(followUp.id), followUp);
      afterCouncilWrite(queryClient);
    },
  });
}

/** Link a visit or a seminar as evidence of what was done. */
export function useAddFollowUpLink() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ followUpId, body }: { followUpId: string; body: CreateFollowUpLinkBody }) =>
      unwrap(http.POST('/api/v1/follow-ups/{id}/links', { params: { path: { id: followUpId } }, body })),
    onSuccess: () => afterCouncilWrite(queryClient),
  });
}

export function useRemoveFollowUpLink() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ followUpId, linkId }: { followUpId: string; linkId: string }) =>
      unwrap(
        http.DELETE('/api/v1/follow-ups/{id}/links/{linkId}', {
          params: { path: { id: followUpId, linkId } },
        }),
      ),
    onSuccess: () => afterCouncilWrite(queryClient),
  });
}

/* ---------- evidence to pick from ---------- */

const EVIDENCE_VISITS: VisitListQuery = { pageSize: 100, sort: '-visitedAt' };
const EVIDENCE_SEMINARS = { pageSize: 100, sort: '-heldOn' } as const;

/** The station's latest visits, for linking one as evidence. */
export function useEvidenceVisits(enabled: boolean) {
  return useQuery({
    queryKey: visitKeys.list(EVIDENCE_VISITS),
    queryFn: ({ signal }) =>
      unwrap(http.GET('/api/v1/visits', { params: { query: EVIDENCE_VISITS }, signal })),
    enabled,
  });
}

/** The station's latest seminars, for linking one as evidence. */
export function useEvidenceSeminars(enabled: boolean) {
  return useQuery({
    queryKey: ['seminars', 'list', EVIDENCE_SEMINARS],
    queryFn: ({ signal }) =>
      unwrap(http.GET('/api/v1/seminars', { params: { query: EVIDENCE_SEMINARS }, signal })),
    enabled,
  });
}
