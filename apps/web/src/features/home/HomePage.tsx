import { Anchor, Badge, Group, Paper, Progress, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Home, HomeNotification, HomeTask, HomeVisit } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { VisitStatusBadge } from '../../components/StatusBadge';
import { fiscalYearLabel, formatDate, formatDateTime, formatNumber, formatPercent } from '../../lib/format';
import { useHome } from './api';

type Officer = NonNullable<Home['officer']>;
type Manager = NonNullable<Home['manager']>;
type Hq = NonNullable<Home['hq']>;
type Admin = NonNullable<Home['admin']>;

function linkPath(link: { type: string; id: string }): string {
  switch (link.type) {
    case 'visit':
      return `/visits/${link.id}`;
    case 'seminar':
      return `/seminars/${link.id}`;
    case 'meeting':
      return `/council/meetings/${link.id}`;
    case 'organization':
      return `/organizations/${link.id}`;
    default:
      return '/council/follow-ups';
  }
}

function Section({
  title,
  testId,
  extra,
  children,
}: {
  title: ReactNode;
  testId: string;
  extra?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p="md" data-testid={testId} component="section">
      <Group justify="space-between" mb="xs" wrap="wrap" gap="xs">
        <Title order={2} size="h4">
          {title}
        </Title>
        {extra}
      </Group>
      {children}
    </Paper>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return (
    <Text size="sm" c="dimmed">
      {children}
    </Text>
  );
}

function VisitList({ visits, empty, time }: { visits: HomeVisit[]; empty: string; time?: boolean }) {
  const { t, i18n } = useTranslation();
  if (visits.length === 0) return <Empty>{empty}</Empty>;
  return (
    <Stack gap={6}>
      {visits.map((v) => (
        <Group key={v.id} gap="xs" wrap="nowrap" align="flex-start" data-testid="home-visit">
          <Text size="sm" ff="monospace" miw={time ? 48 : undefined} c="dimmed">
            {time ? v.visitedAt.slice(11, 16) : formatDate(v.visitedOn, i18n.language)}
          </Text>
          <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
            <Anchor component={Link} to={`/visits/${v.id}`} size="sm" style={{ overflowWrap: 'anywhere' }}>
              {v.organizationName}
            </Anchor>
            {v.returnReason && (
              <Text size="xs" c="orange.9">
                {v.returnReason}
              </Text>
            )}
            {v.submittedAt && (
              <Text size="xs" c="dimmed">
                {t('home.submittedAt', { date: formatDateTime(v.submittedAt, i18n.language) })}
              </Text>
            )}
          </Stack>
          <VisitStatusBadge status={v.status as HomeVisitStatus} />
        </Group>
      ))}
    </Stack>
  );
}
type HomeVisitStatus = Parameters<typeof VisitStatusBadge>[0]['status'];

function TaskList({ tasks, empty }: { tasks: HomeTask[]; empty: string }) {
  const { t, i18n } = useTranslation();
  if (tasks.length === 0) return <Empty>{empty}</Empty>;
  return (
    <Stack gap={6}>
      {tasks.map((task) => (
        <Group key={task.id} gap="xs" wrap="nowrap" align="flex-start" data-testid="home-task">
          <Badge size="sm" variant="light" color={task.source === 'visit' ? 'blue' : 'grape'}>
            {t(`home.source.${task.source}`)}
          </Badge>
          <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
            <Anchor component={Link} to={linkPath(task.link)} size="sm" style={{ overflowWrap: 'anywhere' }}>
              {task.title}
            </Anchor>
            <Text size="xs" c={task.overdue ? 'red.8' : 'dimmed'}>
              {task.dueOn ? t('home.due', { date: formatDate(task.dueOn, i18n.language) }) : t('home.noDue')}
              {task.overdue ? ` · ${t('home.overdue')}` : ''}
              {task.ownerName ? ` · ${task.ownerName}` : ''}
            </Text>
          </Stack>
        </Group>
      ))}
    </Stack>
  );
}

function NotificationList({ items }: { items: HomeNotification[] }) {
  const { t, i18n } = useTranslation();
  if (items.length === 0) return <Empty>{t('home.noNotifications')}</Empty>;
  return (
    <Stack gap={6}>
      {items.map((n) => (
        <Group key={n.id} gap="xs" wrap="nowrap" data-testid="home-notification">
          <Anchor
            component={Link}
            to={linkPath(n.link)}
            size="sm"
            fw={n.readAt ? 400 : 700}
            style={{ flex: 1, overflowWrap: 'anywhere' }}
          >
            {n.title}
          </Anchor>
          <Text size="xs" c="dimmed">
            {formatDateTime(n.createdAt, i18n.language)}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

function OfficerHome({ h }: { h: Officer }) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <Section title={t('home.plannedToday')} testId="home-planned-today">
        <VisitList visits={h.plannedToday} empty={t('home.noPlanned')} time />
      </Section>
      <Section title={t('home.plannedThisWeek')} testId="home-planned-week">
        <VisitList visits={h.plannedThisWeek} empty={t('home.noPlanned')} />
        {h.plannedPast.length > 0 && (
          <>
            <Text size="sm" fw={600} mt="sm" mb={4} c="orange.9">
              {t('home.plannedPast')}
            </Text>
            <VisitList visits={h.plannedPast} empty="" />
          </>
        )}
      </Section>
      <Section
        title={t('home.openTasks')}
        testId="home-tasks"
        extra={
          <Text size="xs" c={h.openTasks.overdue > 0 ? 'red.8' : 'dimmed'}>
            {t('home.tasksSummary', { total: h.openTasks.total, overdue: h.openTasks.overdue })}
          </Text>
        }
      >
        <TaskList tasks={h.openTasks.items} empty={t('home.noTasks')} />
      </Section>
      <Section title={t('home.myVisits')} testId="home-my-visits">
        <VisitList visits={h.myVisits.items} empty={t('home.noMyVisits')} />
      </Section>
      <Section
        title={t('home.notifications')}
        testId="home-notifications"
        extra={
          h.notifications.unread > 0 ? (
            <Badge color="red" variant="filled">
              {t('home.unread', { count: h.notifications.unread })}
            </Badge>
          ) : null
        }
      >
        <NotificationList items={h.notifications.items} />
      </Section>
    </SimpleGrid>
  );
}

function ManagerHome({ h }: { h: Manager }) {
  const { t, i18n } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <Section
        title={`${t('home.approvalQueue')}（${formatNumber(h.approvalQueue.total)}）`}
        testId="home-approvals"
        extra={
          <Anchor component={Link} to="/approvals" size="sm">
            {t('home.openApprovals')}
          </Anchor>
        }
      >
        <VisitList visits={h.approvalQueue.items} empty={t('home.noApprovals')} />
      </Section>
      <Section
        title={`${t('home.overdueFollowUps')}（${formatNumber(h.overdueFollowUps.total)}）`}
        testId="home-overdue"
      >
        <TaskList tasks={h.overdueFollowUps.items} empty={t('home.noOverdue')} />
      </Section>
      <Section
        title={t('home.urgentFirms')}
        testId="home-urgent"
        extra={
          <Anchor component={Link} to="/coverage" size="sm">
            {t('home.openWorklist', { total: formatNumber(h.worklistTotal) })}
          </Anchor>
        }
      >
        {h.urgentFirms.length === 0 ? (
          <Empty>{t('home.noUrgent')}</Empty>
        ) : (
          <Stack gap={6}>
            {h.urgentFirms.map((f) => (
              <Group key={f.organizationId} gap="xs" wrap="nowrap" data-testid="home-firm">
                {f.tier && (
                  <Badge size="sm" variant="outline">
                    {f.tier}
                  </Badge>
                )}
                <Anchor
                  component={Link}
                  to={`/organizations/${f.organizationId}`}
                  size="sm"
                  style={{ flex: 1, overflowWrap: 'anywhere' }}
                >
                  {f.name}
                </Anchor>
                <Text size="xs" c={f.state === 'never' ? 'dimmed' : 'red.8'}>
                  {f.state === 'never'
                    ? t('home.never')
                    : `${t('home.lastReached', { date: formatDate(f.lastReachedOn, i18n.language) })} · ${t('home.daysOverdue', { days: f.daysOverdue ?? 0 })}`}
                </Text>
              </Group>
            ))}
          </Stack>
        )}
      </Section>
      <Section title={t('home.coverageTrend')} testId="home-trend">
        <Stack gap={6}>
          {h.coverageTrend.map((p) => (
            <Group key={p.asOf} gap="xs" wrap="nowrap" data-testid="home-trend-point">
              <Text size="xs" w={110} c="dimmed">
                {formatDate(p.asOf, i18n.language)}
              </Text>
              <Progress value={p.coverage * 100} style={{ flex: 1 }} aria-label={formatPercent(p.coverage)} />
              <Text size="sm" w={56} ta="right">
                {formatPercent(p.coverage)}
              </Text>
            </Group>
          ))}
        </Stack>
      </Section>
    </SimpleGrid>
  );
}

function HqHome({ h }: { h: Hq }) {
  const { t, i18n } = useTranslation();
  const fy = fiscalYearLabel(h.fiscalYear, i18n.language);
  return (
    <Section title={t('home.stations', { fy })} testId="home-stations">
      <Table.ScrollContainer minWidth={640}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('home.station')}</Table.Th>
              <Table.Th ta="right">{t('home.coverage')}</Table.Th>
              <Table.Th ta="right">{t('home.organizations')}</Table.Th>
              <Table.Th ta="right">{t('home.visitsFy')}</Table.Th>
              <Table.Th ta="right">{t('home.openCouncil')}</Table.Th>
              <Table.Th ta="right">{t('home.overdueCouncil')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {h.stations.map((s) => (
              <Table.Tr key={s.stationId} data-testid="home-station">
                <Table.Th scope="row" fw={500}>
                  {s.name}
                </Table.Th>
                <Table.Td ta="right">{formatPercent(s.coverage)}</Table.Td>
                <Table.Td ta="right">{formatNumber(s.organizations)}</Table.Td>
                <Table.Td ta="right">{formatNumber(s.visitsThisFiscalYear)}</Table.Td>
                <Table.Td ta="right">{formatNumber(s.openCouncilFollowUps)}</Table.Td>
                <Table.Td ta="right" c={s.overdueCouncilFollowUps > 0 ? 'red.8' : undefined}>
                  {formatNumber(s.overdueCouncilFollowUps)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Section>
  );
}

function AdminHome({ h }: { h: Admin }) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap="md">
      <Section title={t('home.passwords')} testId="home-passwords">
        {h.passwords.length === 0 ? (
          <Empty>{t('home.noPasswords')}</Empty>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('home.username')}</Table.Th>
                  <Table.Th>{t('home.role')}</Table.Th>
                  <Table.Th>{t('home.station')}</Table.Th>
                  <Table.Th>{t('home.state')}</Table.Th>
                  <Table.Th>{t('home.since')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {h.passwords.map((u) => (
                  <Table.Tr key={u.id} data-testid="home-password-user">
                    <Table.Td>
                      <Anchor component={Link} to="/admin/users" size="sm">
                        {u.displayName}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {u.username}
                      </Text>
                    </Table.Td>
                    <Table.Td>{t(`roles.${u.role}`)}</Table.Td>
                    <Table.Td>{u.stationName ?? '—'}</Table.Td>
                    <Table.Td>
                      <Badge color={u.state === 'expired' ? 'red' : 'yellow'} variant="light">
                        {u.state === 'expired' ? t('home.stateExpired') : t('home.statePending')}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{formatDateTime(u.since, i18n.language)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Section>
      <Section
        title={t('home.failedLogins')}
        testId="home-failed-logins"
        extra={
          <Text size="xs" c={h.failedLast24h > 0 ? 'red.8' : 'dimmed'}>
            {t('home.failed24h', { count: h.failedLast24h })}
          </Text>
        }
      >
        {h.failedLogins.length === 0 ? (
          <Empty>{t('home.noFailed')}</Empty>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('home.occurredAt')}</Table.Th>
                  <Table.Th>{t('home.username')}</Table.Th>
                  <Table.Th>{t('home.reason')}</Table.Th>
                  <Table.Th>{t('home.clientIp')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {h.failedLogins.map((f, i) => (
                  <Table.Tr key={`${f.occurredAt}-${i}`} data-testid="home-failed-login">
                    <Table.Td>{formatDateTime(f.occurredAt, i18n.language)}</Table.Td>
                    <Table.Td>{f.username ?? '—'}</Table.Td>
                    <Table.Td>
                      {f.reason ? t(`home.reasons.${f.reason}`, { defaultValue: f.reason }) : '—'}
                    </Table.Td>
                    <Table.Td>{f.clientIp ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Section>
    </Stack>
  );
}

/**
 * ホーム: the landing page after login, for every role, from one request (GET /home): an officer's
 * plans, tasks, returned visits and notifications; a manager's approval queue, overdue follow-ups,
 * most urgent firms and coverage trend; hq's stations side by side; an admin's password and
 * sign-in watch.
 */
export function HomePage() {
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const { data, error, refetch } = useHome();
  return (
    <>
      <PageHeader
        title={t('home.title')}
        sub={
          <Text size="sm" c="dimmed">
            {user ? t('home.greeting', { name: user.displayName }) : null}
            {data ? ` · ${formatDate(data.asOf, i18n.language)}` : ''}
          </Text>
        }
      />
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}
      {data?.officer && <OfficerHome h={data.officer} />}
      {data?.manager && <ManagerHome h={data.manager} />}
      {data?.hq && <HqHome h={data.hq} />}
      {data?.admin && <AdminHome h={data.admin} />}
    </>
  );
}
