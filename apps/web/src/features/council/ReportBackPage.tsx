import { Button, Group, Loader, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatEraDate } from '../../lib/format';

/** GET /meetings/:id/report-back: a heading, the full Japanese text, and the same content as sections. */
interface Evidence {
  linkId: string;
  type: 'visit' | 'seminar';
  date: string;
  organizationName?: string | null;
  title?: string;
  totalAttendees?: number;
  attendeeCount?: number;
}
interface ReportFollowUp {
  id: string;
  title: string;
  statusLabel?: string;
  status: string;
  ownerName?: string | null;
  dueOn: string;
  result: string | null;
  evidence?: Evidence[];
}
interface ReportItem {
  id: string;
  kindLabel?: string;
  kind: string;
  raisedBy: string | null;
  text: string;
  response: string | null;
  followUps?: ReportFollowUp[];
}
interface ReportSection {
  meeting?: { id: string; heldOn: string; heading: string };
  heading?: string;
  title?: string;
  body?: string;
  text?: string;
  items?: (ReportItem | string)[];
}
interface ReportBackData {
  heading?: string;
  title?: string;
  text?: string;
  sections?: ReportSection[];
  asOf?: string;
  generatedAt?: string;
  previousMeetingOn?: string | null;
  meeting?: { heldOn: string; heading: string };
}

function ItemBlock({ item }: { item: ReportItem }) {
  const { t } = useTranslation();
  return (
    <div style={{ breakInside: 'avoid' }}>
      <Text fw={700}>
        【{item.kindLabel ?? t(`enums.councilItemKind.${item.kind}`, { defaultValue: item.kind })}】
        {item.raisedBy ? `（${item.raisedBy}）` : ''}
      </Text>
      <Text style={{ whiteSpace: 'pre-wrap' }}>{item.text}</Text>
      {item.response && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {t('council.response')}：{item.response}
        </Text>
      )}
      {(item.followUps ?? []).length > 0 && (
        <Table withTableBorder withColumnBorders fz="sm" mt={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('council.followUpTitle')}</Table.Th>
              <Table.Th w={90}>{t('common.status')}</Table.Th>
              <Table.Th>{t('council.result')}</Table.Th>
              <Table.Th>{t('council.evidence')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {item.followUps?.map((f) => (
              <Table.Tr key={f.id}>
                <Table.Td>
                  {f.title}
                  {f.ownerName ? `（${f.ownerName}）` : ''}
                  <Text size="xs">{formatEraDate(f.dueOn)}</Text>
                </Table.Td>
                <Table.Td>
                  {f.statusLabel ?? t(`enums.followUpStatus.${f.status}`, { defaultValue: f.status })}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{f.result ?? ''}</Table.Td>
                <Table.Td>
                  {(f.evidence ?? []).map((e) => (
                    <Text size="xs" key={e.linkId}>
                      {formatEraDate(e.date)}{' '}
                      {e.type === 'visit' ? t('council.linkVisit') : t('council.linkSeminar')}{' '}
                      {e.organizationName ?? e.title ?? ''}
                      {e.totalAttendees ? `（${t('common.people', { count: e.totalAttendees })}）` : ''}
                    </Text>
                  ))}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </div>
  );
}

/** The station's report to the council's next meeting, laid out to print on A4. */
export function ReportBackPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const [view, setView] = useState<'sections' | 'text'>('sections');
  const { data, error, refetch } = useQuery({
    queryKey: ['meetings', 'report-back', id],
    queryFn: () => api.get<ReportBackData | string>(`/meetings/${id}/report-back`),
  });
  if (error) return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  if (data === undefined) return <Loader aria-label={t('app.loading')} />;
  const report: ReportBackData = typeof data === 'string' ? { text: data } : data;
  const hasSections = (report.sections ?? []).length > 0;
  const showText = view === 'text' || !hasSections;
  const asOf = report.asOf ?? report.generatedAt;
  return (
    <Stack className="report-back" maw={860} gap="md">
      <Group justify="space-between" className="no-print">
        <Button component={Link} to={`/council/meetings/${id}`} variant="subtle" px={0}>
          ← {t('common.back')}
        </Button>
        <Group>
          {hasSections && report.text && (
            <SegmentedControl
              aria-label={t('council.reportBack')}
              value={view}
              onChange={(v) => setView(v as 'sections' | 'text')}
              data={[
                { value: 'sections', label: t('council.viewSections') },
                { value: 'text', label: t('council.viewText') },
              ]}
            />
          )}
          <Button onClick={() => window.print()}>{t('common.print')}</Button>
        </Group>
      </Group>
      <Title order={1} size="h2" ta="center">
        {report.heading ?? report.title ?? t('council.reportBackTitle')}
      </Title>
      {asOf && <Text ta="right">{t('council.asOf', { date: formatEraDate(asOf) })}</Text>}
      {showText && report.text && (
        <Text
          component="div"
          style={{ whiteSpace: 'pre-wrap', lineHeight: 1.8 }}
          data-testid="report-back-text"
        >
          {report.text}
        </Text>
      )}
      {!showText &&
        (report.sections ?? []).map((s, i) => (
          <section key={s.meeting?.id ?? i}>
            {(s.meeting?.heading ?? s.heading ?? s.title) && (
              <Title order={2} size="h4" mb={6} style={{ borderBottom: '1px solid #868e96' }}>
                {s.meeting?.heading ?? s.heading ?? s.title}
              </Title>
            )}
            {(s.body ?? s.text) && (
              <Text style={{ whiteSpace: 'pre-wrap', lineHeight: 1.8 }}>{s.body ?? s.text}</Text>
            )}
            <Stack gap="sm">
              {(s.items ?? []).map((it, j) =>
                typeof it === 'string' ? <Text key={j}>{it}</Text> : <ItemBlock key={it.id} item={it} />,
              )}
            </Stack>
          </section>
        ))}
    </Stack>
  );
}
