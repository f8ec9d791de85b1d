import { Anchor, Badge, Button, Group, Loader, Stack, Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Role, TimelineEntry } from '../../api/types';
import { useMe } from '../../auth/AuthContext';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate, formatDateTime } from '../../lib/format';
import { canEditRecords } from '../../lib/roles';
import { useTimeline } from './api';

type TimelineKind = TimelineEntry['kind'];

const KIND_COLORS: Record<TimelineKind, string> = {
  visit: 'indigo',
  seminar: 'grape',
  consultation: 'orange',
  contact_change: 'cyan',
  organization_change: 'gray',
};

/**
 * The screen of the record an entry is about, when the user's role may open it. hq, who reads
 * the timeline, opens visits (read only, staff names hidden: App.tsx lets hq's role on
 * /visits/:id); seminars and consultations have their pages on the station's routes only, so
 * hq gets those entries without a link rather than one that bounces. Contact and register
 * changes have no page of their own.
 */
export function timelineHref(e: TimelineEntry, role: Role): string | null {
  if (e.kind === 'visit' && role === 'hq') return `/visits/${e.linkId}`;
  if (!canEditRecords(role)) return null;
  switch (e.kind) {
    case 'visit':
      return `/visits/${e.linkId}`;
    case 'seminar':
      return `/seminars/${e.linkId}`;
    case 'consultation':
      return `/consultations/${e.linkId}`;
    case 'contact_change':
    case 'organization_change':
      return null;
  }
}

export function TimelinePanel({ organizationId }: { organizationId: string }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { data, error, fetchNextPage, hasNextPage, isFetchingNextPage, isLoading, refetch } =
    useTimeline(organizationId);

  if (error) return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  if (isLoading) return <Loader aria-label={t('app.loading')} />;
  const entries = data?.pages.flatMap((p) => p.items) ?? [];
  if (entries.length === 0) return <Text c="dimmed">{t('timeline.empty')}</Text>;

  return (
    <Stack>
      <Timeline bulletSize={14} lineWidth={2} data-testid="org-timeline">
        {entries.map((e, i) => {
          const href = timelineHref(e, me.role);
          // visits and consultations happen at a time; seminars and changes on a day
          const when =
            e.kind === 'visit' || e.kind === 'consultation'
              ? formatDateTime(e.at, i18n.language)
              : formatDate(e.date, i18n.language);
          const color = KIND_COLORS[e.kind] ?? 'gray';
          return (
            <Timeline.Item
              key={`${e.kind}-${e.linkId}-${i}`}
              color={color}
              title={
                <Group gap="xs">
                  <Badge size="sm" variant="light" color={color}>
                    {t(`enums.timelineKind.${e.kind}`, { defaultValue: e.kind })}
                  </Badge>
                  <Text size="xs" c="dimmed" component="span">
                    {when}
                  </Text>
                </Group>
              }
            >
              {href ? (
                <Anchor component={Link} to={href} size="sm" fw={600}>
                  {e.summary}
                </Anchor>
              ) : (
                <Text size="sm" fw={600}>
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
