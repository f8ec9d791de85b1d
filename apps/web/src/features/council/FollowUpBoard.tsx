import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api, ApiError } from '../../api/client';
import { paths } from '../../api/paths';
import { enumOptions, useLabels, useStationOfficers } from '../../api/reference';
import {
  itemsOf,
  type FollowUp,
  type FollowUpStatus,
  type Page,
  type Seminar,
  type Visit,
} from '../../api/types';
import { useMe } from '../../auth/AuthContext';
import { DayInput } from '../../components/DayInput';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { formatDate, todayJst } from '../../lib/format';
import { notifyError, notifySuccess } from '../../lib/notify';
import { canEditRecords } from '../../lib/roles';
import { blankToNull, useFormState } from '../../lib/useFormState';
import { visitOrgName } from '../visits/visitApi';

export const COLUMNS: FollowUpStatus[] = ['open', 'in_progress', 'done', 'dropped'];

export function isOverdue(f: FollowUp, today: string): boolean {
  if (typeof f.overdue === 'boolean') return f.overdue;
  return (f.status === 'open' || f.status === 'in_progress') && !!f.dueOn && f.dueOn < today;
}

function FollowUpEditForm({ followUp, onDone }: { followUp: FollowUp; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { data: officers } = useStationOfficers();
  const form = useFormState({
    status: followUp.status,
    ownerId: followUp.ownerId,
    dueOn: followUp.dueOn,
    result: followUp.result ?? '',
  });
  const { values, set, errors, textField } = form;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.patch(`/follow-ups/${followUp.id}`, {
        status: values.status,
        ownerId: values.ownerId,
        dueOn: values.dueOn,
        result: blankToNull(values.result),
        ...(followUp.version !== undefined ? { version: followUp.version } : {}),
      });
      void queryClient.invalidateQueries({ queryKey: ['follow-ups'] });
      notifySuccess(t('common.saved'));
      onDone();
    } catch (err) {
      if (err instanceof ApiError) form.setErrors(err.fieldErrors);
      if (err instanceof ApiError && err.status === 409)
        void queryClient.invalidateQueries({ queryKey: ['follow-ups'] });
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate>
      <Stack gap="sm">
        {error ? <ErrorAlert error={error} /> : null}
        <Text fw={600}>{followUp.title}</Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label={t('common.status')}
            data={enumOptions(t, 'followUpStatus', COLUMNS)}
            value={values.status}
            onChange={(v) => v && set('status', v as FollowUpStatus)}
            allowDeselect={false}
            error={errors.status}
          />
          <Select
            label={t('council.owner')}
            data={(officers ?? []).map((o) => ({ value: o.id, label: o.displayName }))}
            value={values.ownerId}
            onChange={(v) => set('ownerId', v)}
            clearable
            error={errors.ownerId}
          />
          <DayInput
            label={t('council.dueOn')}
            value={values.dueOn}
            onChange={(v) => set('dueOn', v)}
            error={errors.dueOn}
          />
        </SimpleGrid>
        <Textarea label={t('council.result')} autosize minRows={3} {...textField('result')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function LinkEvidenceForm({ followUp, onDone }: { followUp: FollowUp; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [type, setType] = useState<'visit' | 'seminar'>('visit');
  const [selected, setSelected] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const visits = useQuery({
    queryKey: ['visits', 'list', { pageSize: 100, purpose: 'evidence' }],
    queryFn: () => api.get<Page<Visit>>('/visits', { pageSize: 100 }),
    enabled: type === 'visit',
  });
  const seminars = useQuery({
    queryKey: ['seminars', 'list', { pageSize: 100, purpose: 'evidence' }],
    queryFn: () => api.get<Page<Seminar>>('/seminars', { pageSize: 100 }),
    enabled: type === 'seminar',
  });
  const lang = i18n.language;
  const options =
    type === 'visit'
      ? (visits.data?.items ?? []).map((v) => ({
          value: v.id,
          label: `${formatDate(v.visitedAt, lang)} ${visitOrgName(v) ?? ''}`,
        }))
      : (seminars.data?.items ?? []).map((s) => ({
          value: s.id,
          label: `${formatDate(s.heldOn, lang)} ${s.title}`,
        }));

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!selected) return;
    setBusy(true);
    setError(null);
    try {
      await api.post(
        `/follow-ups/${followUp.id}/links`,
        type === 'visit' ? { visitId: selected } : { seminarId: selected },
      );
      void queryClient.invalidateQueries({ queryKey: ['follow-ups'] });
      notifySuccess(t('council.linked'));
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void onSubmit(e)}>
      <Stack gap="sm">
        {error ? <ErrorAlert error={error} /> : null}
        <Text size="sm">{followUp.title}</Text>
        <div>
          <Text size="sm" fw={500} id="link-type-label">
            {t('council.linkType')}
          </Text>
          <SegmentedControl
            aria-labelledby="link-type-label"
            value={type}
            onChange={(v) => {
              setType(v as 'visit' | 'seminar');
              setSelected(null);
            }}
            data={[
              { value: 'visit', label: t('council.linkVisit') },
              { value: 'seminar', label: t('council.linkSeminar') },
            ]}
          />
        </div>
        <Select
          label={type === 'visit' ? t('council.pickVisit') : t('council.pickSeminar')}
          data={options}
          value={selected}
          onChange={setSelected}
          searchable
          required
          nothingFoundMessage={t('common.noData')}
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy} disabled={!selected}>
            {t('council.linkEvidence')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function FollowUpCard({
  f,
  today,
  editable,
  onEdit,
  onLink,
}: {
  f: FollowUp;
  today: string;
  editable: boolean;
  onEdit: () => void;
  onLink: () => void;
}) {
  const { t, i18n } = useTranslation();
  const labels = useLabels();
  const queryClient = useQueryClient();
  const overdue = isOverdue(f, today);
  const unlink = async (linkId: string) => {
    try {
      await api.del(paths.followUpLink(f.id, linkId));
      void queryClient.invalidateQueries({ queryKey: ['follow-ups'] });
    } catch (err) {
      notifyError(err, t);
    }
  };
  return (
    <Card
      withBorder
      padding="sm"
      style={overdue ? { borderColor: 'var(--mantine-color-red-7)', borderWidth: 2 } : undefined}
      data-testid="follow-up-card"
      data-overdue={overdue || undefined}
    >
      <Stack gap={4}>
        <Text fw={600}>{f.title}</Text>
        {(f.itemText ?? f.councilItemText) && (
          <Text size="xs" c="dimmed" lineClamp={2}>
            {t('council.fromItem')}: {f.itemText ?? f.councilItemText}
          </Text>
        )}
        <Group gap="xs">
          <Text size="xs">
            {t('council.owner')}: {f.ownerName ?? (f.ownerId ? labels.officer(f.ownerId) : '—')}
          </Text>
          <Text size="xs" c={overdue ? 'red.8' : undefined} fw={overdue ? 700 : undefined}>
            {t('council.dueOn')}: {formatDate(f.dueOn, i18n.language) || '—'}
          </Text>
          {overdue && (
            <Badge color="red" size="xs">
              {t('council.overdue')}
            </Badge>
          )}
        </Group>
        {f.result && (
          <Text size="xs" style={{ whiteSpace: 'pre-wrap' }}>
            {t('council.result')}: {f.result}
          </Text>
        )}
        {(f.links ?? []).length > 0 && (
          <Stack gap={2}>
            <Text size="xs" fw={600}>
              {t('council.evidence')}
            </Text>
            {f.links.map((l) => (
              <Group key={l.id} gap={4} wrap="nowrap">
                <Anchor
                  component={Link}
                  size="xs"
                  to={l.visitId ? `/visits/${l.visitId}` : `/seminars/${l.seminarId}`}
                  truncate
                >
                  {l.visitId ? t('council.linkVisit') : t('council.linkSeminar')}
                  {l.date ? ` ${formatDate(l.date, i18n.language)}` : ''}
                  {` ${l.organizationName ?? l.seminarTitle ?? l.label ?? ''}`}
                </Anchor>
                {editable && (
                  <ActionIcon
                    size="xs"
                    variant="subtle"
                    color="red"
                    aria-label={t('council.unlink')}
                    onClick={() => void unlink(l.id)}
                  >
                    ×
                  </ActionIcon>
                )}
              </Group>
            ))}
          </Stack>
        )}
        {editable && (
          <Group gap={4} mt={4}>
            <Button size="compact-xs" variant="light" onClick={onEdit}>
              {t('council.moveTo')}
            </Button>
            <Button size="compact-xs" variant="subtle" onClick={onLink}>
              {t('council.linkEvidence')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

export function FollowUpBoard() {
  const { t } = useTranslation();
  const me = useMe();
  const editable = canEditRecords(me.role);
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [editing, setEditing] = useState<FollowUp | null>(null);
  const [linking, setLinking] = useState<FollowUp | null>(null);
  const { data, error, refetch } = useQuery({
    queryKey: ['follow-ups', 'board', overdueOnly],
    queryFn: async () =>
      itemsOf(
        await api.get<Page<FollowUp>>('/follow-ups', {
          pageSize: 200,
          overdue: overdueOnly ? 'true' : undefined,
        }),
      ),
  });
  const today = todayJst();

  return (
    <>
      <PageHeader
        title={t('council.followUpsTitle')}
        actions={
          <Switch
            label={t('council.overdueOnly')}
            checked={overdueOnly}
            onChange={(e) => setOverdueOnly(e.currentTarget.checked)}
          />
        }
      />
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm" data-testid="follow-up-board">
        {COLUMNS.map((status) => {
          const cards = (data ?? []).filter((f) => f.status === status);
          return (
            <Paper
              key={status}
              withBorder
              p="xs"
              bg="gray.0"
              component="section"
              aria-labelledby={`col-${status}`}
            >
              <Group justify="space-between" mb="xs">
                <Title order={2} size="h5" id={`col-${status}`}>
                  {t(`enums.followUpStatus.${status}`)}
                </Title>
                <Badge variant="light" color="gray">
                  {cards.length}
                </Badge>
              </Group>
              <Stack gap="xs">
                {cards
                  .sort((a, b) => (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999'))
                  .map((f) => (
                    <FollowUpCard
                      key={f.id}
                      f={f}
                      today={today}
                      editable={editable}
                      onEdit={() => setEditing(f)}
                      onLink={() => setLinking(f)}
                    />
                  ))}
              </Stack>
            </Paper>
          );
        })}
      </SimpleGrid>
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={t('council.moveTo')} size="lg">
        {editing && <FollowUpEditForm followUp={editing} onDone={() => setEditing(null)} />}
      </Modal>
      <Modal opened={linking !== null} onClose={() => setLinking(null)} title={t('council.linkEvidence')}>
        {linking && <LinkEvidenceForm followUp={linking} onDone={() => setLinking(null)} />}
      </Modal>
    </>
  );
}
