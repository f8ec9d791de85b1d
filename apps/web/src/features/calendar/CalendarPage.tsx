import {
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useState } from 'react';
import type { CalendarItem } from '../../api/types';
import { useStationOfficers } from '../../api/reference';
import { DownloadButton } from '../../components/DownloadButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { todayJst } from '../../lib/format';
import { useCalendar } from './api';
import {
  type CalendarView,
  dayOfWeek,
  holidaysBetween,
  loadWeekStart,
  monthGrid,
  saveWeekStart,
  shiftAnchor,
  viewRange,
  weekDays,
  weekdayOrder,
  type WeekStart,
} from './calendarGrid';

const KIND_COLORS: Record<CalendarItem['kind'], string> = {
  visit: 'blue',
  seminar: 'teal',
  meeting: 'grape',
  follow_up: 'orange',
};

/** How many entries a month cell shows before 「他 N 件」 (which opens that week). */
const CELL_LIMIT = 4;

/** The web screen of an entry's record. */
export function recordPath(item: Pick<CalendarItem, 'link'>): string {
  switch (item.link.type) {
    case 'visit':
      return `/visits/${item.link.id}`;
    case 'seminar':
      return `/seminars/${item.link.id}`;
    case 'meeting':
      return `/council/meetings/${item.link.id}`;
    default:
      return '/council/follow-ups';
  }
}

const isDay = (s: string | null): s is string => !!s && /^\d{4}-\d{2}-\d{2}$/.test(s);

function EntryLink({ item, compact }: { item: CalendarItem; compact?: boolean }) {
  const { t } = useTranslation();
  const time = item.allDay ? null : item.start.slice(11, 16);
  const status = t(`calendar.status.${item.status}`, { defaultValue: item.status });
  const muted = item.status === 'done' || item.status === 'held';
  return (
    <Anchor
      component={Link}
      to={recordPath(item)}
      size={compact ? 'xs' : 'sm'}
      c={muted ? 'dimmed' : undefined}
      data-testid="calendar-entry"
      data-kind={item.kind}
      data-id={item.id}
      style={{ display: 'block', lineHeight: 1.35, overflowWrap: 'anywhere' }}
      title={`${t(`calendar.kind.${item.kind}`)}: ${item.title}（${status}）`}
    >
      <Badge component="span" size="xs" variant="light" color={KIND_COLORS[item.kind]} mr={4} radius="sm">
        {t(`calendar.kind.${item.kind}`)}
      </Badge>
      {time && (
        <Text span size="xs" mr={4} ff="monospace">
          {time}
        </Text>
      )}
      {item.title}
      {!compact || item.status === 'planned' ? (
        <Text span size="xs" c="dimmed" ml={4}>
          （{status}）
        </Text>
      ) : null}
    </Anchor>
  );
}

function DayNumber({ day, holiday, outside }: { day: string; holiday?: string; outside?: boolean }) {
  const dow = dayOfWeek(day);
  const red = holiday || dow === 0;
  return (
    <Group gap={4} wrap="nowrap" align="baseline">
      <Text
        size="sm"
        fw={day === todayJst() ? 700 : 500}
        c={outside ? 'dimmed' : red ? 'red.8' : dow === 6 ? 'blue.8' : undefined}
        td={day === todayJst() ? 'underline' : undefined}
      >
        {Number(day.slice(8, 10))}
      </Text>
      {holiday && (
        <Text size="xs" c="red.8" data-testid="calendar-holiday" lineClamp={1}>
          {holiday}
        </Text>
      )}
    </Group>
  );
}

/**
 * カレンダー (officers and managers): the station's planned and recorded visits, seminars, council
 * meetings and follow-up due dates by month or week, each a link to its record; Japan's holidays
 * named; the week starts on Sunday or Monday as the user chose (kept in this browser). On a phone
 * the same days are an agenda list. State in the URL: ?view=month|week&date=YYYY-MM-DD&officer=id.
 */
export function CalendarPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [params, setParams] = useSearchParams();
  const [weekStart, setWeekStart] = useState<WeekStart>(() => loadWeekStart());
  const view: CalendarView = params.get('view') === 'week' ? 'week' : 'month';
  const anchor = isDay(params.get('date')) ? params.get('date')! : todayJst();
  const officerId = params.get('officer') ?? undefined;
  const { from, to } = viewRange(view, anchor, weekStart);
  const query = { from, to, ...(officerId ? { officerId } : {}) };
  const { data, error, refetch, isFetching } = useCalendar(query);
  const officers = useStationOfficers();
  const holidays = holidaysBetween(from, to, lang);

  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  const chooseWeekStart = (value: string | null) => {
    const ws: WeekStart = value === '1' ? 1 : 0;
    saveWeekStart(ws);
    setWeekStart(ws);
  };

  const byDay = new Map<string, CalendarItem[]>();
  for (const item of data?.items ?? []) {
    const list = byDay.get(item.date) ?? [];
    list.push(item);
    byDay.set(item.date, list);
  }
  const [y, m] = anchor.split('-').map(Number);
  const label =
    view === 'month'
      ? t('calendar.monthLabel', { year: y, month: m })
      : t('calendar.weekLabel', { from: from.replaceAll('-', '/'), to: to.replaceAll('-', '/') });
  const order = weekdayOrder(weekStart);
  const weeks = view === 'month' ? monthGrid(anchor.slice(0, 7), weekStart) : [weekDays(anchor, weekStart)];
  const agendaDays = weeks
    .flat()
    .filter(
      (d) => (view === 'week' || d.slice(0, 7) === anchor.slice(0, 7)) && (byDay.has(d) || holidays.has(d)),
    );

  return (
    <>
      <PageHeader
        title={t('calendar.title')}
        sub={
          <Text size="sm" c="dimmed">
            {t('calendar.sub')}
          </Text>
        }
        actions={
          <DownloadButton path="/calendar.ics" params={query} filename={`calendar-${from}-${to}.ics`}>
            {t('calendar.downloadIcs')}
          </DownloadButton>
        }
      />
      <Paper withBorder p="sm" mb="md">
        <Group gap="sm" wrap="wrap" align="flex-end">
          <SegmentedControl
            aria-label={t('calendar.view')}
            value={view}
            onChange={(v) => set({ view: v === 'week' ? 'week' : null })}
            data={[
              { value: 'month', label: t('calendar.month') },
              { value: 'week', label: t('calendar.week') },
            ]}
          />
          <Group gap={4}>
            <Button variant="default" size="sm" onClick={() => set({ date: shiftAnchor(view, anchor, -1) })}>
              {t('calendar.prev')}
            </Button>
            <Button variant="default" size="sm" onClick={() => set({ date: null })}>
              {t('calendar.today')}
            </Button>
            <Button variant="default" size="sm" onClick={() => set({ date: shiftAnchor(view, anchor, 1) })}>
              {t('calendar.next')}
            </Button>
          </Group>
          <Select
            label={t('calendar.weekStart')}
            value={String(weekStart)}
            onChange={chooseWeekStart}
            allowDeselect={false}
            data={[
              { value: '0', label: t('calendar.weekStartSunday') },
              { value: '1', label: t('calendar.weekStartMonday') },
            ]}
            w={140}
          />
          <Select
            label={t('calendar.officer')}
            placeholder={t('calendar.allOfficers')}
            value={officerId ?? null}
            onChange={(v) => set({ officer: v })}
            clearable
            data={(officers.data ?? []).map((o) => ({ value: o.id, label: o.displayName }))}
            w={200}
          />
          {isFetching && <Loader size="sm" aria-label={t('app.loading')} />}
        </Group>
      </Paper>
      <Title order={2} size="h3" mb="sm" data-testid="calendar-label">
        {label}
      </Title>
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}

      {/* desktop and tablet: the grid */}
      <Box visibleFrom="sm">
        <Table withTableBorder withColumnBorders layout="fixed" data-testid="calendar-grid" data-view={view}>
          <caption style={{ position: 'absolute', left: -10000 }}>{t('calendar.caption', { label })}</caption>
          <Table.Thead>
            <Table.Tr>
              {order.map((d) => (
                <Table.Th
                  key={d}
                  ta="center"
                  c={d === 0 ? 'red.8' : d === 6 ? 'blue.8' : undefined}
                  data-testid="calendar-weekday"
                >
                  {t(`calendar.weekday.${d}`)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {weeks.map((week) => (
              <Table.Tr key={week[0]}>
                {week.map((day) => {
                  const items = byDay.get(day) ?? [];
                  const limit = view === 'month' ? CELL_LIMIT : items.length;
                  const outside = view === 'month' && day.slice(0, 7) !== anchor.slice(0, 7);
                  return (
                    <Table.Td
                      key={day}
                      valign="top"
                      h={view === 'month' ? 110 : 320}
                      bg={holidays.has(day) ? 'red.0' : outside ? 'gray.0' : undefined}
                      data-testid="calendar-day"
                      data-day={day}
                    >
                      <DayNumber day={day} holiday={holidays.get(day)} outside={outside} />
                      <Stack gap={2} mt={4}>
                        {items.slice(0, limit).map((item) => (
                          <EntryLink key={`${item.kind}-${item.id}`} item={item} compact={view === 'month'} />
                        ))}
                        {items.length > limit && (
                          <Anchor
                            component="button"
                            type="button"
                            size="xs"
                            onClick={() => set({ view: 'week', date: day })}
                          >
                            {t('calendar.more', { count: items.length - limit })}
                          </Anchor>
                        )}
                      </Stack>
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Box>

      {/* a phone: the same days as an agenda */}
      <Box hiddenFrom="sm" data-testid="calendar-agenda" aria-label={t('calendar.agenda')}>
        <Stack gap="xs">
          {agendaDays.map((day) => (
            <Paper key={day} withBorder p="xs" data-testid="calendar-agenda-day" data-day={day}>
              <Group gap="xs" mb={4}>
                <Text fw={600} size="sm" c={holidays.has(day) || dayOfWeek(day) === 0 ? 'red.8' : undefined}>
                  {Number(day.slice(5, 7))}/{Number(day.slice(8, 10))}（
                  {t(`calendar.weekday.${dayOfWeek(day)}`)}）
                </Text>
                {holidays.has(day) && (
                  <Text size="xs" c="red.8" data-testid="calendar-holiday">
                    {holidays.get(day)}
                  </Text>
                )}
              </Group>
              <Stack gap={6}>
                {(byDay.get(day) ?? []).map((item) => (
                  <EntryLink key={`${item.kind}-${item.id}`} item={item} />
                ))}
              </Stack>
            </Paper>
          ))}
          {data && agendaDays.length === 0 && (
            <Text c="dimmed" size="sm">
              {t('calendar.empty')}
            </Text>
          )}
        </Stack>
      </Box>
    </>
  );
}
