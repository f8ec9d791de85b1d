import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Grid,
  Group,
  Loader,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  VisuallyHidden,
} from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from '../../api/client';
import { enumOptions } from '../../api/reference';
import type { Consultation, ConsultationCategory, Page } from '../../api/types';
import { useMe } from '../../auth/AuthContext';
import { ConflictModal, useConflict } from '../../components/ConflictModal';
import { DayInput } from '../../components/DayInput';
import { DetailList } from '../../components/DetailList';
import { ErrorAlert } from '../../components/ErrorAlert';
import { OrganizationPicker, type OrgRef } from '../../components/OrganizationPicker';
import { PageHeader } from '../../components/PageHeader';
import { EmptyRow, Pager } from '../../components/TableParts';
import { formatDateTime, jstToIso, nowJst, toJstDate, toJstTime } from '../../lib/format';
import { notifySuccess } from '../../lib/notify';
import { canEditRecords } from '../../lib/roles';
import { blankToNull, useFormState } from '../../lib/useFormState';
import { useOrganizationName } from '../visits/visitApi';

const CATEGORIES: ConsultationCategory[] = [
  'targeted_email',
  'unauthorized_access',
  'defacement',
  'suspicious_approach',
  'tech_leak',
  'other',
];

/** A restricted consultation comes without its text for those who may not read it. */
export function isMasked(c: Consultation): boolean {
  return c.masked === true || (c.restricted === true && !c.summary);
}

export function MaskedText() {
  const { t } = useTranslation();
  return (
    <Text c="dimmed" fs="italic" size="sm" data-testid="masked">
      <span aria-hidden="true">■■■■ </span>
      {t('consultation.masked')}
    </Text>
  );
}

interface Values {
  organization: OrgRef | null;
  date: string | null;
  time: string;
  category: ConsultationCategory;
  summary: string;
  handling: string;
  escalated: boolean;
  status: 'open' | 'closed';
  restricted: boolean;
}

function toValues(c: Consultation | undefined, orgName: string | null): Values {
  const now = nowJst();
  return {
    organization: c ? { id: c.organizationId, name: orgName ?? c.organizationId } : null,
    date: c ? toJstDate(c.receivedAt) : now.date,
    time: c ? toJstTime(c.receivedAt) : now.time,
    category: c?.category ?? 'targeted_email',
    summary: c?.summary ?? '',
    handling: c?.handling ?? '',
    escalated: c?.escalated ?? false,
    status: c?.status ?? 'open',
    restricted: c?.restricted ?? false,
  };
}

function validate(v: Values, t: TFunction) {
  const e: Record<string, string> = {};
  if (!v.organization) e.organization = t('validation.required');
  if (!v.date) e.date = t('validation.required');
  if (!v.summary.trim()) e.summary = t('validation.required');
  return e;
}

function ConsultationForm({
  consultation,
  orgName,
  onDone,
}: {
  consultation?: Consultation;
  orgName: string | null;
  onDone: (c: Consultation) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useFormState<Values>(() => toValues(consultation, orgName));
  const { values, set, errors, textField } = form;
  const [version, setVersion] = useState(consultation?.version);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const id = consultation?.id;
  const fetchLatest = useCallback(() => api.get<Consultation>(`/consultations/${id}`), [id]);
  const conflict = useConflict(fetchLatest);

  const payload = () => ({
    organizationId: values.organization?.id,
    receivedAt: values.date ? jstToIso(values.date, values.time) : null,
    category: values.category,
    summary: values.summary.trim(),
    handling: blankToNull(values.handling),
    escalated: values.escalated,
    ...(id ? { status: values.status } : {}),
    // only sent when set, so an API without the flag is not sent an unknown field
    ...(values.restricted || consultation?.restricted ? { restricted: values.restricted } : {}),
  });

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const ce = validate(values, t);
    form.setErrors(ce);
    if (Object.keys(ce).length) return;
    setBusy(true);
    setError(null);
    try {
      const saved = id
        ? await api.patch<Consultation>(`/consultations/${id}`, { ...payload(), version })
        : await api.post<Consultation>('/consultations', payload());
      queryClient.setQueryData(['consultations', 'detail', saved.id], saved);
      void queryClient.invalidateQueries({ queryKey: ['consultations'] });
      notifySuccess(t('common.saved'));
      onDone(saved);
    } catch (err) {
      if (await conflict.check(err)) return;
      if (err instanceof ApiError) {
        const f = err.fieldErrors;
        if (f.organizationId) f.organization = f.organizationId;
        if (f.receivedAt) f.date = f.receivedAt;
        form.setErrors(f);
      }
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate>
      <Stack gap="sm">
        {error ? <ErrorAlert error={error} /> : null}
        <Grid gutter="sm">
          <Grid.Col span={12}>
            <OrganizationPicker
              label={t('consultation.organization')}
              required
              value={values.organization}
              onChange={(v) => set('organization', v)}
              error={errors.organization}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 7, sm: 4 }}>
            <DayInput
              label={t('consultation.receivedOn')}
              required
              value={values.date}
              onChange={(v) => set('date', v)}
              error={errors.date}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 5, sm: 3 }}>
            <TimeInput
              label={t('consultation.receivedTime')}
              value={values.time}
              onChange={(e) => set('time', e.currentTarget.value)}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 5 }}>
            <Select
              label={t('consultation.category')}
              data={enumOptions(t, 'consultationCategory', CATEGORIES)}
              value={values.category}
              onChange={(v) => v && set('category', v as ConsultationCategory)}
              allowDeselect={false}
              error={errors.category}
            />
          </Grid.Col>
        </Grid>
        <Textarea label={t('consultation.summary')} required autosize minRows={3} {...textField('summary')} />
        <Textarea label={t('consultation.handling')} autosize minRows={2} {...textField('handling')} />
        <Group>
          <Checkbox
            label={t('consultation.escalated')}
            checked={values.escalated}
            onChange={(e) => set('escalated', e.currentTarget.checked)}
          />
          <Checkbox
            label={t('consultation.restrictedField')}
            checked={values.restricted}
            onChange={(e) => set('restricted', e.currentTarget.checked)}
            error={errors.restricted}
          />
        </Group>
        {id && (
          <Select
            label={t('consultation.status')}
            data={enumOptions(t, 'consultationStatus', ['open', 'closed'])}
            value={values.status}
            onChange={(v) => v && set('status', v as 'open' | 'closed')}
            allowDeselect={false}
            maw={240}
          />
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
      <ConflictModal
        latest={conflict.latest as unknown as Record<string, unknown> | null}
        mine={payload()}
        myVersion={version}
        fields={[
          { key: 'category', label: t('consultation.category') },
          { key: 'summary', label: t('consultation.summary') },
          { key: 'handling', label: t('consultation.handling') },
          { key: 'escalated', label: t('consultation.escalated') },
          { key: 'status', label: t('consultation.status') },
        ]}
        onClose={conflict.clear}
        onKeep={() => {
          if (conflict.latest) setVersion(conflict.latest.version);
          conflict.clear();
        }}
        onDiscard={() => {
          if (conflict.latest) {
            form.reset(toValues(conflict.latest, values.organization?.name ?? null));
            setVersion(conflict.latest.version);
          }
          conflict.clear();
        }}
      />
    </form>
  );
}

export function ConsultationsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [page, setPage] = useState(1);
  const [category, setCategory] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const query = { page, pageSize: 50, category: category ?? undefined, status: status ?? undefined };
  const { data, error, refetch } = useQuery({
    queryKey: ['consultations', 'list', query],
    queryFn: () => api.get<Page<Consultation>>('/consultations', query),
    placeholderData: keepPreviousData,
  });
  return (
    <>
      <PageHeader
        title={t('consultation.listTitle')}
        actions={
          canEditRecords(me.role) && (
            <Button component={Link} to="/consultations/new">
              {t('consultation.create')}
            </Button>
          )
        }
      />
      <Group mb="md" align="flex-end">
        <Select
          label={t('consultation.category')}
          data={enumOptions(t, 'consultationCategory', CATEGORIES)}
          value={category}
          onChange={(v) => {
            setCategory(v);
            setPage(1);
          }}
          clearable
          placeholder={t('common.all')}
          w={220}
        />
        <Select
          label={t('consultation.status')}
          data={enumOptions(t, 'consultationStatus', ['open', 'closed'])}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          clearable
          placeholder={t('common.all')}
          w={160}
        />
      </Group>
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}
      <Table.ScrollContainer minWidth={720}>
        <Table striped highlightOnHover>
          <VisuallyHidden component="caption">{t('consultation.listTitle')}</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('consultation.receivedAt')}</Table.Th>
              <Table.Th>{t('consultation.organization')}</Table.Th>
              <Table.Th>{t('consultation.category')}</Table.Th>
              <Table.Th>{t('consultation.summary')}</Table.Th>
              <Table.Th>{t('consultation.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data?.items.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/consultations/${c.id}`}>
                    {formatDateTime(c.receivedAt, i18n.language)}
                  </Anchor>
                </Table.Td>
                <Table.Td>{c.organizationName ?? '—'}</Table.Td>
                <Table.Td>
                  {t(`enums.consultationCategory.${c.category}`, { defaultValue: c.category })}
                </Table.Td>
                <Table.Td maw={360}>
                  {isMasked(c) ? (
                    <MaskedText />
                  ) : (
                    <Text size="sm" lineClamp={2}>
                      {c.summary}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    <Badge variant="light" color={c.status === 'open' ? 'orange' : 'gray'}>
                      {t(`enums.consultationStatus.${c.status}`)}
                    </Badge>
                    {c.escalated && (
                      <Badge variant="outline" color="red">
                        {t('consultation.escalated')}
                      </Badge>
                    )}
                    {c.restricted && <Badge color="dark">{t('consultation.restricted')}</Badge>}
                  </Group>
                </Table.Td>
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

export function ConsultationNewPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <>
      <PageHeader title={t('consultation.newTitle')} />
      <Paper withBorder p="md" maw={900}>
        <ConsultationForm
          orgName={null}
          onDone={(c) => void navigate(`/consultations/${c.id}`, { replace: true })}
        />
      </Paper>
    </>
  );
}

export function ConsultationDetailPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [editing, setEditing] = useState(false);
  const {
    data: c,
    error,
    refetch,
  } = useQuery({
    queryKey: ['consultations', 'detail', id],
    queryFn: () => api.get<Consultation>(`/consultations/${id}`),
  });
  const orgName = useOrganizationName(c?.organizationId, c?.organizationName ?? null);
  if (error) return <ErrorAlert error={error} onRetry={() => void refetch()} />;
  if (!c) return <Loader aria-label={t('app.loading')} />;
  const masked = isMasked(c);
  return (
    <>
      <PageHeader
        title={t(`enums.consultationCategory.${c.category}`, { defaultValue: c.category })}
        sub={
          <Text c="dimmed" size="sm">
            {orgName ?? ''} ・ {formatDateTime(c.receivedAt, i18n.language)}
          </Text>
        }
        actions={
          canEditRecords(me.role) &&
          !masked &&
          !editing && (
            <Button variant="default" onClick={() => setEditing(true)}>
              {t('common.edit')}
            </Button>
          )
        }
      />
      <Paper withBorder p="md" maw={900}>
        {editing ? (
          <ConsultationForm consultation={c} orgName={orgName} onDone={() => setEditing(false)} />
        ) : (
          <DetailList
            items={[
              {
                label: t('consultation.organization'),
                value: (
                  <Anchor component={Link} to={`/organizations/${c.organizationId}`}>
                    {orgName ?? c.organizationId}
                  </Anchor>
                ),
              },
              { label: t('consultation.status'), value: t(`enums.consultationStatus.${c.status}`) },
              { label: t('consultation.summary'), value: masked ? <MaskedText /> : c.summary },
              { label: t('consultation.handling'), value: masked ? <MaskedText /> : c.handling },
              { label: t('consultation.escalated'), value: c.escalated ? t('common.yes') : t('common.no') },
              { label: t('consultation.restricted'), value: c.restricted ? t('common.yes') : t('common.no') },
            ]}
          />
        )}
      </Paper>
    </>
  );
}
