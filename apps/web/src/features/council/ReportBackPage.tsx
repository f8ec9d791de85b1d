import { Button, List, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api } from '../../api/client';
import type { ReportBack, ReportBackSection } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatEraDate } from '../../lib/format';

function SectionItem({ item }: { item: NonNullable<ReportBackSection['items']>[number] }) {
  if (typeof item === 'string') return <List.Item style={{ whiteSpace: 'pre-wrap' }}>{item}</List.Item>;
  return (
    <List.Item>
      {item.title && <Text fw={600}>{item.title}</Text>}
      {item.text && <Text style={{ whiteSpace: 'pre-wrap' }}>{item.text}</Text>}
      {item.status && <Text size="sm">{item.status}</Text>}
      {item.result && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {item.result}
        </Text>
      )}
    </List.Item>
  );
}

/** The station's report to the council's next meeting, laid out to print on A4. */
export function ReportBackPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { data, error, refetch } = useQuery({
    queryKey: ['meetings', 'report-back', id],
    queryFn: () => api.get<ReportBack | string>(`/meetings/${id}/report-back`),
  });
  if (error) return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  if (data === undefined) return <Loader aria-label={t('app.loading')} />;
  const report: ReportBack = typeof data === 'string' ? { text: data } : data;
  return (
    <Stack className="report-back" maw={820} gap="md">
      <div className="no-print">
        <Button component={Link} to={`/council/meetings/${id}`} variant="subtle" px={0}>
          ← {t('common.back')}
        </Button>
      </div>
      <Title order={1} size="h2" ta="center">
        {report.title ?? t('council.reportBackTitle')}
      </Title>
      {(report.asOf ?? report.generatedAt) && (
        <Text ta="right">
          {t('council.asOf', { date: formatEraDate(report.asOf ?? report.generatedAt) })}
        </Text>
      )}
      {report.text && (
        <Text
          component="div"
          style={{ whiteSpace: 'pre-wrap', lineHeight: 1.8 }}
          data-testid="report-back-text"
        >
          {report.text}
        </Text>
      )}
      {(report.sections ?? []).map((s, i) => (
        <section key={i}>
          {(s.heading ?? s.title) && (
            <Title order={2} size="h4" mb={4} style={{ borderBottom: '1px solid #999' }}>
              {s.heading ?? s.title}
            </Title>
          )}
          {(s.body ?? s.text) && (
            <Text style={{ whiteSpace: 'pre-wrap', lineHeight: 1.8 }}>{s.body ?? s.text}</Text>
          )}
          {s.items && s.items.length > 0 && (
            <List spacing={4} mt={4}>
              {s.items.map((it, j) => (
                <SectionItem key={j} item={it} />
              ))}
            </List>
          )}
        </section>
      ))}
      <div className="no-print">
        <Button onClick={() => window.print()}>{t('common.print')}</Button>
      </div>
    </Stack>
  );
}
