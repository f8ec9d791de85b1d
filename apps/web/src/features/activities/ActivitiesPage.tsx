import { Anchor, Button, Group, Select, Table, Text, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMe } from '../../auth/AuthContext';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { EmptyRow, Pager } from '../../components/TableParts';
import { formatDate, formatNumber, todayJst } from '../../lib/format';
import { canEditRecords } from '../../lib/roles';
import { ACTIVITY_KINDS, useActivities, type ActivityKind, type ActivityListQuery } from './api';

/** The fiscal year (from April) of a day: '2024-02-10' → 2023. */
const fiscalYearOf = (day: string) => Number(day.slice(0, 4)) - (Number(day.slice(5, 7)) < 4 ? 1 : 0);

/** 教養・広報: the station's staff training and PR, newest first, by kind and fiscal year. */
export function ActivitiesPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [page, setPage] = useState(1);
  const [kind, setKind] = useState<string | null>(null);
  const current = fiscalYearOf(todayJst());
  const [fiscalYear, setFiscalYear] = useState<string | null>(String(current));
  const query: ActivityListQuery = {
    page,
    pageSize: 50,
    ...(kind === 'group:training'
      ? { group: 'training' as const }
      : kind === 'group:pr'
        ? { group: 'pr' as const }
        : kind
          ? { kind: kind as ActivityKind }
          : {}),
    ...(fiscalYear ? { fiscalYear } : {}),
  };
  const { data, error, refetch } = useActivities(query);
  const years = Array.from({ length: 6 }, (_, i) => current - i).map((y) => ({
    value: String(y),
    label: t('activities.fiscalYearOption', { year: y, era: y - 2018 }),
  }));
  return (
    <>
      <PageHeader
        title={t('activities.listTitle')}
        sub={
          <Text c="dimmed" size="sm">
            {t('activities.listHint')}
          </Text>
        }
        actions={
          canEditRecords(me.role) && (
            <Button component={Link} to="/activities/new">
              {t('activities.create')}
            </Button>
          )
        }
      />
      <Group mb="md" align="flex-end">
        <Select
          label={t('activities.kind')}
          data={[
            { value: 'group:training', label: t('activities.groupTraining') },
            { value: 'group:pr', label: t('activities.groupPr') },
            ...ACTIVITY_KINDS.map((k) => ({ value: k, label: t(`activities.kinds.${k}`) })),
          ]}
          value={kind}
          onChange={(v) => {
            setKind(v);
            setPage(1);
          }}
          clearable
          placeholder={t('common.all')}
          w={220}
        />
        <Select
          label={t('activities.fiscalYear')}
          data={years}
          value={fiscalYear}
          onChange={(v) => {
            setFiscalYear(v);
            setPage(1);
          }}
          clearable
          placeholder={t('common.all')}
          w={180}
        />
      </Group>
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}
      <Table.ScrollContainer minWidth={560}>
        <Table striped highlightOnHover>
          <VisuallyHidden component="caption">{t('activities.listTitle')}</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('activities.heldOn')}</Table.Th>
              <Table.Th>{t('activities.titleField')}</Table.Th>
              <Table.Th>{t('activities.kind')}</Table.Th>
              <Table.Th ta="right">{t('activities.participants')}</Table.Th>
              <Table.Th>{t('activities.partners')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data?.items.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>{formatDate(a.heldOn, i18n.language)}</Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/activities/${a.id}`} fw={600}>
                    {a.title}
                  </Anchor>
                </Table.Td>
                <Table.Td>{t(`activities.kinds.${a.kind}`)}</Table.Td>
                <Table.Td ta="right">{a.participants ? formatNumber(a.participants) : '—'}</Table.Td>
                <Table.Td>{a.partnerNames.join('、') || '—'}</Table.Td>
              </Table.Tr>
            ))}
            {data && data.items.length === 0 && <EmptyRow colSpan={5}>{t('common.noData')}</EmptyRow>}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {data && (
        <Pager page={page} pageSize={50} total={data.total} totalCapped={data.totalCapped} onPage={setPage} />
      )}
    </>
  );
}
