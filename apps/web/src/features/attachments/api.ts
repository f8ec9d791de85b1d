/**
 * The attachments feature's data layer: files on visits, seminars and council meetings. Lists
 * through the generated client; uploads with progress (XMLHttpRequest, see api/client.ts) and
 * downloads with the user's token.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { download, upload, type UploadProgress } from '../../api/client';
import { http, unwrap } from '../../api/http';
import type { Attachment } from '../../api/types';

/** What a file can be attached to. */
export type AttachmentOwner = 'visit' | 'seminar' | 'meeting';

const COLLECTION: Record<AttachmentOwner, string> = {
  visit: 'visits',
  seminar: 'seminars',
  meeting: 'meetings',
};

export const attachmentKeys = {
  all: ['attachments'] as const,
  list: (owner: AttachmentOwner, id: string) => [...attachmentKeys.all, owner, id] as const,
};

function fetchAttachments(owner: AttachmentOwner, id: string, signal?: AbortSignal) {
  const params = { path: { id } };
  switch (owner) {
    case 'visit':
      return unwrap(http.GET('/api/v1/visits/{id}/attachments', { params, signal }));
    case 'seminar':
      return unwrap(http.GET('/api/v1/seminars/{id}/attachments', { params, signal }));
    case 'meeting':
      return unwrap(http.GET('/api/v1/meetings/{id}/attachments', { params, signal }));
  }
}

export function useAttachments(owner: AttachmentOwner, id: string | undefined) {
  return useQuery({
    queryKey: attachmentKeys.list(owner, id ?? ''),
    queryFn: ({ signal }) => fetchAttachments(owner, id!, signal),
    enabled: !!id,
  });
}

/** POST …/attachments with the multipart field `file`; the list is refreshed after. */
export function useUploadAttachment(owner: AttachmentOwner, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, onProgress }: { file: File; onProgress?: (p: UploadProgress) => void }) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return upload<Attachment>(`/${COLLECTION[owner]}/${id}/attachments`, form, { onProgress });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: attachmentKeys.list(owner, id) }),
  });
}

export function useDeleteAttachment(owner: AttachmentOwner, id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (attachmentId: string) =>
      unwrap(http.DELETE('/api/v1/attachments/{id}', { params: { path: { id: attachmentId } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: attachmentKeys.list(owner, id) }),
  });
}

/** Saves the file under the name the server gives (RFC 5987 Content-Disposition). */
export function downloadAttachment(attachment: Pick<Attachment, 'id' | 'fileName'>): Promise<string> {
  return download(`/attachments/${attachment.id}`, undefined, attachment.fileName);
}
