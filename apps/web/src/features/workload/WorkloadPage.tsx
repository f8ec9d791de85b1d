import { Alert, Group, Loader, Paper, Table, Text, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { DayInput } from '../../components/DayInput';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { EmptyRow } from '../../components/TableParts';
import { formatDate, formatNumber, todayJst } from '../../lib/format';
import { useWorkload } from './api';

/**
 * 業務量: the station manager's view of each officer's visits, seminars and open follow-ups over a
 * period (?from&to in the URL, default this month). Not shown to hq, not in any report or export.
 */
export function WorkloadPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [params, setParams] = useSearchParams();
  const today = todayJst();
  const to = params.get('to') ?? today;
  const from = params.get('from') ?? `${to.slice(0, 7)}-01`;
  const valid = from <= to;
  const { data, error, refetch, isFetching } = useWorkload({ from, to }, valid);

  const setDay = (key: 'from' | 'to', value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const num = (n: number) => formatNumber(n);
  return (
    <>
      <PageHeader
        title={t('workload.title')}
        sub={
          <Text size="sm" c="dimmed">
            {t('workload.sub')}
          </Text>
        }
      />
      <Paper withBorder p="md" mb="md">
        <Group align="flex-end" wrap="wrap">
          <DayInput label={t('workload.from')} value={from} onChange={(v) => setDay('from', v)} w={200} />
          <DayInput
            label={t('workload.to')}
            value={to}
            onChange={(v) => setDay('to', v)}
            w={200}
            error={valid ? null : t('workload.badRange')}
          />
          {isFetching && <Loader size="sm" aria-label={t('app.loading')} />}
        </Group>
      </Paper>
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}
      {data && (
        <>
          <Table.ScrollContainer minWidth={720}>
            <Table striped data-testid="workload-table">
              <VisuallyHidden component="caption">
                {t('workload.caption', { from: formatDate(data.from, lang), to: formatDate(data.to, lang) })}
              </VisuallyHidden>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('workload.officer')}</Table.Th>
                  <Table.Th ta="right">{t('workload.visits')}</Table.Th>
                  <Table.Th ta="right">{t('workload.approvedVisits')}</Table.Th>
                  <Table.Th ta="right">{t('workload.seminars')}</Table.Th>
                  <Table.Th ta="right">{t('workload.openFollowUps')}</Table.Th>
                  <Table.Th ta="right">{t('workload.overdueFollowUps')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.officers.map((o) => (
                  <Table.Tr key={o.userId} data-testid="workload-row">
                    <Table.Th scope="row" fw={500}>
                      {o.displayName}
                      {o.role === 'manager' ? ` ${t('workload.managerMark')}` : ''}
                      {o.disabled ? ` ${t('workload.disabledMark')}` : ''}
                    </Table.Th>
                    <Table.Td ta="right">{num(o.visits)}</Table.Td>
                    <Table.Td ta="right">{num(o.approvedVisits)}</Table.Td>
                    <Table.Td ta="right">{num(o.seminars)}</Table.Td>
                    <Table.Td ta="right">{num(o.openFollowUps)}</Table.Td>
                    <Table.Td ta="right" c={o.overdueFollowUps > 0 ? 'red.8' : undefined}>
                      {num(o.overdueFollowUps)}
                    </Table.Td>
                  </Table.Tr>
                ))}
                {data.officers.length === 0 && <EmptyRow colSpan={6}>{t('workload.empty')}</EmptyRow>}
              </Table.Tbody>
              <Table.Tfoot>
                <Table.Tr data-testid="workload-total">
                  <Table.Th scope="row">{t('workload.total')}</Table.Th>
                  <Table.Th ta="right">{num(data.totals.visits)}</Table.Th>
                  <Table.Th ta="right">{num(data.totals.approvedVisits)}</Table.Th>
                  <Table.Th ta="right">{num(data.totals.seminars)}</Table.Th>
                  <Table.Th ta="right">{num(data.totals.openFollowUps)}</Table.Th>
                  <Table.Th ta="right">{num(data.totals.overdueFollowUps)}</Table.Th>
                </Table.Tr>
              </Table.Tfoot>
            </Table>
          </Table.ScrollContainer>
          <Alert color="gray" mt="md" role="note">
            {t('workload.notes', { asOf: formatDate(data.asOf, lang) })}
          </Alert>
        </>
      )}
    </>
  );
}
