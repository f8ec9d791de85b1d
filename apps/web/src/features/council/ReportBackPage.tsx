import { Badge, Button, Group, Loader, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { DayInput } from '../../components/DayInput';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatEraDate, isIsoDate, todayJst } from '../../lib/format';
import {
  downloadReportBack,
  useReportBack,
  type DocumentFormat,
  type ReportEvidence,
  type ReportItem,
} from './api';

/** One line of evidence: the day, a visit's organization or a seminar's title and attendance. */
function evidenceLabel(e: ReportEvidence, t: (k: string, o?: Record<string, unknown>) => string): string {
  const what = e.type === 'visit' ? t('council.linkVisit') : t('council.linkSeminar');
  const name = e.type === 'visit' ? (e.organizationName ?? '') : (e.title ?? '');
  const count = e.type === 'visit' ? e.attendeeCount : e.totalAttendees;
  return `${formatEraDate(e.date)} ${what} ${name}${count ? `（${t('common.people', { count })}）` : ''}`;
}

function ItemBlock({ item }: { item: ReportItem }) {
  const { t } = useTranslation();
  return (
    <div style={{ breakInside: 'avoid' }}>
      <Group gap="xs">
        <Text fw={700}>
          【{item.kindLabel}】{item.raisedBy ? `（${item.raisedBy}）` : ''}
        </Text>
        <Badge variant={item.answeredInMeeting ? 'outline' : 'light'} data-testid="report-item-status">
          {item.statusLabel}
        </Badge>
      </Group>
      <Text style={{ whiteSpace: 'pre-wrap' }}>{item.text}</Text>
      {item.response && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {t('council.response')}：{item.response}
        </Text>
      )}
      {item.followUps.length > 0 && (
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
            {item.followUps.map((f) => (
              <Table.Tr key={f.id}>
                <Table.Td>
                  {f.title}
                  {f.ownerName ? `（${f.ownerName}）` : ''}
                  <Text size="xs">{formatEraDate(f.dueOn)}</Text>
                </Table.Td>
                <Table.Td>{f.statusLabel}</Table.Td>
                <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{f.result ?? ''}</Table.Td>
                <Table.Td>
                  {f.evidence.map((e) => (
                    <Text size="xs" key={e.linkId}>
                      {evidenceLabel(e, t)}
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
  const [asOf, setAsOf] = useState<string | null>(todayJst());
  const [downloading, setDownloading] = useState<DocumentFormat | null>(null);
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const day = asOf && isIsoDate(asOf) ? asOf : undefined;
  const { data: report, error, refetch } = useReportBack(id, day);
  if (error) return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  if (!report) return <Loader aria-label={t('app.loading')} />;
  const fetchFile = async (format: DocumentFormat) => {
    setDownloading(format);
    setDownloadError(null);
    try {
      await downloadReportBack(report.meeting, format, day);
    } catch (e) {
      setDownloadError(e);
    } finally {
      setDownloading(null);
    }
  };
  const hasSections = report.sections.length > 0;
  const showText = view === 'text' || !hasSections;
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
          <Button variant="default" loading={downloading === 'pdf'} onClick={() => void fetchFile('pdf')}>
            {t('councilDocs.reportBackPdf')}
          </Button>
          <Button variant="default" loading={downloading === 'docx'} onClick={() => void fetchFile('docx')}>
            {t('councilDocs.reportBackDocx')}
          </Button>
          <Button onClick={() => window.print()}>{t('common.print')}</Button>
        </Group>
      </Group>
      <Group className="no-print" align="flex-end">
        <DayInput label={t('councilDocs.asOfDate')} value={asOf} onChange={setAsOf} w={200} />
      </Group>
      {downloadError ? <ErrorAlert error={downloadError} /> : null}
      <Title order={1} size="h2" ta="center">
        {report.title || t('council.reportBackTitle')}
      </Title>
      <Text ta="right" data-testid="report-back-as-of">
        {report.asOfLabel}
      </Text>
      {showText && (
        <Text
          component="div"
          style={{ whiteSpace: 'pre-wrap', lineHeight: 1.8 }}
          data-testid="report-back-text"
        >
          {report.text}
        </Text>
      )}
      {!showText &&
        report.sections.map((s) => (
          <section key={s.meeting.id}>
            <Title order={2} size="h4" mb={6} style={{ borderBottom: '1px solid #868e96' }}>
              {s.heading}
            </Title>
            <Stack gap="sm">
              {s.items.map((it) => (
                <ItemBlock key={it.id} item={it} />
              ))}
            </Stack>
          </section>
        ))}
    </Stack>
  );
}
