import { Anchor, Badge, Button, Group, Loader, Stack, Text, Timeline } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import type { Page, TimelineEntry } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate, formatDateTime } from '../../lib/format';

const PAGE_SIZE = 20;

const KIND_COLORS: Record<string, string> = {
  visit: 'indigo',
  seminar: 'grape',
  consultation: 'orange',
  change: 'gray',
  organization_change: 'gray',
  contact: 'cyan',
  contact_change: 'cyan',
};

function linkOf(e: TimelineEntry): string | null {
  const kind = e.kind ?? e.type;
  const ref = e.linkId ?? e.refId ?? e.visitId ?? e.seminarId ?? e.consultationId;
  if (!ref) return null;
  if (kind === 'visit') return `/visits/${ref}`;
  if (kind === 'seminar') return `/seminars/${ref}`;
  if (kind === 'consultation') return `/consultations/${ref}`;
  return null;
}

export function TimelinePanel({ organizationId }: { organizationId: string }) {
  const { t, i18n } = useTranslation();
  const { data, error, fetchNextPage, hasNextPage, isFetchingNextPage, isLoading, refetch } =
    useInfiniteQuery({
      queryKey: ['organizations', 'timeline', organizationId],
      queryFn: ({ pageParam }) =>
        api.get<Page<TimelineEntry>>(`/organizations/${organizationId}/timeline`, {
          page: pageParam,
          pageSize: PAGE_SIZE,
        }),
      initialPageParam: 1,
      getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
    });

  if (error) return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  if (isLoading) return <Loader aria-label={t('app.loading')} />;
  const entries = data?.pages.flatMap((p) => p.items) ?? [];
  if (entries.length === 0) return <Text c="dimmed">{t('timeline.empty')}</Text>;

  return (
    <Stack>
      <Timeline bulletSize={14} lineWidth={2} data-testid="org-timeline">
        {entries.map((e, i) => {
          const kind = e.kind ?? e.type ?? 'change';
          const href = linkOf(e);
          const withTime = (kind === 'visit' || kind === 'consultation') && (e.at ?? e.occurredAt);
          const when = withTime
            ? formatDateTime(e.at ?? e.occurredAt, i18n.language)
            : formatDate(e.date ?? e.at ?? e.occurredAt, i18n.language);
          const kindLabel = t(`enums.timelineKind.${kind}`, { defaultValue: kind });
          return (
            <Timeline.Item
              key={`${kind}-${e.linkId ?? e.refId ?? e.id ?? ''}-${i}`}
              color={KIND_COLORS[kind] ?? 'gray'}
              title={
                <Group gap="xs">
                  <Badge size="sm" variant="light" color={KIND_COLORS[kind] ?? 'gray'}>
                    {kindLabel}
                  </Badge>
                  {href ? (
                    <Anchor component={Link} to={href} fw={600} size="sm">
                      {e.title ?? when}
                    </Anchor>
                  ) : (
                    <Text fw={600} size="sm">
                      {e.title ?? when}
                    </Text>
                  )}
                  {e.status && (
                    <Text size="xs" c="dimmed">
                      {t(`enums.visitStatus.${e.status}`, {
                        defaultValue: t(`enums.consultationStatus.${e.status}`, { defaultValue: e.status }),
                      })}
                    </Text>
                  )}
                </Group>
              }
            >
              {e.title && (
                <Text size="xs" c="dimmed">
                  {when}
                  {e.actorName ? ` ・ ${e.actorName}` : ''}
                </Text>
              )}
              {e.summary && (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} lineClamp={4}>
                  {e.summary}
                </Text>
              )}
            </Timeline.Item>
          );
        })}
      </Timeline>
      {hasNextPage && (
        <Group>
          <Button variant="default" onClick={() => void fetchNextPage()} loading={isFetchingNextPage}>
            {t('timeline.more')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
