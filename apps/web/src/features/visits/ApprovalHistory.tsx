import { Paper, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { VisitApprovalEvent } from '../../api/types';
import { formatDateTime } from '../../lib/format';

/** 決裁の経過: submitted, returned (reason), approved (comment), reopened — who and when, oldest first. */
export function ApprovalHistory({
  events,
  staffHidden,
}: {
  events: VisitApprovalEvent[];
  staffHidden: boolean;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="visit-history-title">
      <Title order={2} size="h4" mb="xs" id="visit-history-title">
        {t('visit.history.title')}
      </Title>
      {events.length === 0 ? (
        <Text c="dimmed">{t('visit.history.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table data-testid="approval-history">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('visit.history.at')}</Table.Th>
                <Table.Th>{t('visit.history.action')}</Table.Th>
                {!staffHidden && <Table.Th>{t('visit.history.actor')}</Table.Th>}
                <Table.Th>{t('visit.history.comment')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {events.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at, i18n.language)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {t(`visit.history.actions.${e.action}`)}
                  </Table.Td>
                  {!staffHidden && <Table.Td>{e.actorName ?? t('visit.history.unknownActor')}</Table.Td>}
                  <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{e.comment ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
