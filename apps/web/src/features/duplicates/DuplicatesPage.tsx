import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Text,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { DuplicateCandidate } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useAuth } from '../../auth/AuthContext';
import { formatNumber } from '../../lib/format';
import {
  useDismissDuplicate,
  useDuplicates,
  useDuplicateScanJob,
  useMergeDuplicate,
  useStartDuplicateScan,
} from './api';

type Side = DuplicateCandidate['a'];

function Record({ org, label }: { org: Side; label: string }) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Anchor component={Link} to={`/organizations/${org.id}`} fw={600}>
        {org.name}
      </Anchor>
      <Text size="xs">
        {t('duplicates.corporateNumber')}: {org.corporateNumber ?? t('duplicates.none')}
      </Text>
      <Text size="xs" c="dimmed">
        {[org.municipalityName, org.address].filter(Boolean).join(' ')}
      </Text>
      <Group gap={4} mt={4}>
        <Badge size="xs" variant="light" color={org.tier ? 'blue' : 'gray'}>
          {org.tier ? t('duplicates.tier', { tier: org.tier }) : t('duplicates.candidate')}
        </Badge>
      </Group>
    </Card>
  );
}

/**
 * 重複の確認: a scan of the station's registry (a job: progress while it runs) and the pairs it found,
 * each merged (keeping one record; managers) or marked as not a duplicate (never suggested again).
 */
export function DuplicatesPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const canMerge = user?.role === 'manager' || user?.role === 'admin';
  const list = useDuplicates('pending');
  const start = useStartDuplicateScan();
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useDuplicateScanJob(jobId);
  const merge = useMergeDuplicate();
  const dismiss = useDismissDuplicate();
  const running = job.data?.status === 'queued' || job.data?.status === 'running';
  const result = job.data?.status === 'done' ? (job.data.result as { found?: number; added?: number }) : null;
  const items = list.data?.items ?? [];
  return (
    <>
      <PageHeader title={t('duplicates.title')} />
      <Paper withBorder p="md" maw={960}>
        <Stack>
          <Text size="sm">{t('duplicates.intro')}</Text>
          <Group>
            <Button
              onClick={() => start.mutate(undefined, { onSuccess: (r) => setJobId(r.jobId) })}
              loading={start.isPending}
              disabled={running}
              data-testid="duplicates-scan"
            >
              {t('duplicates.scan')}
            </Button>
          </Group>
          {start.error ? <ErrorAlert error={start.error} /> : null}
          {running && (
            <div aria-live="polite" data-testid="duplicates-scanning">
              <Text size="sm" mb={4}>
                {t('duplicates.scanning')}
              </Text>
              <Progress value={100} striped animated aria-label={t('duplicates.scanning')} />
            </div>
          )}
          {job.data?.status === 'failed' && (
            <Alert color="red" role="alert">
              {t('duplicates.scanFailed')}
            </Alert>
          )}
          {result && (
            <Alert color="teal" role="status" data-testid="duplicates-scan-done">
              {t('duplicates.scanDone', {
                found: formatNumber(result.found ?? 0),
                added: formatNumber(result.added ?? 0),
              })}
            </Alert>
          )}
          {list.error ? <ErrorAlert error={list.error} /> : null}
          {merge.error ? <ErrorAlert error={merge.error} /> : null}
          {dismiss.error ? <ErrorAlert error={dismiss.error} /> : null}
          {items.length === 0 && !list.isLoading ? (
            <Text size="sm" c="dimmed" data-testid="duplicates-empty">
              {t('duplicates.empty')}
            </Text>
          ) : (
            items.map((d) => (
              <Paper key={d.id} withBorder p="sm" data-testid="duplicate">
                <Text size="sm" fw={600} mb="xs">
                  {d.reason === 'corporate_number'
                    ? t('duplicates.reasonNumber')
                    : t('duplicates.reasonName')}
                </Text>
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <Record org={d.a} label={t('duplicates.recordA')} />
                  <Record org={d.b} label={t('duplicates.recordB')} />
                </SimpleGrid>
                <Group mt="sm" gap="xs">
                  {canMerge &&
                    [d.a, d.b].map((keep) => (
                      <Button
                        key={keep.id}
                        size="xs"
                        onClick={() => merge.mutate({ id: d.id, keepId: keep.id, version: keep.version })}
                        loading={
                          merge.isPending &&
                          merge.variables?.id === d.id &&
                          merge.variables.keepId === keep.id
                        }
                        data-testid="duplicate-merge"
                      >
                        {t('duplicates.keep', { name: keep.name })}
                      </Button>
                    ))}
                  <Button
                    size="xs"
                    variant="light"
                    color="gray"
                    onClick={() => dismiss.mutate(d.id)}
                    loading={dismiss.isPending && dismiss.variables === d.id}
                    data-testid="duplicate-dismiss"
                  >
                    {t('duplicates.dismiss')}
                  </Button>
                </Group>
              </Paper>
            ))
          )}
        </Stack>
      </Paper>
    </>
  );
}
