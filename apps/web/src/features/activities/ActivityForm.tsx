import {
  Button,
  Checkbox,
  Grid,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
  Textarea,
} from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TOPIC_CODES } from '../../api/reference';
import { ConflictModal } from '../../components/ConflictModal';
import { DayInput } from '../../components/DayInput';
import { ErrorAlert } from '../../components/ErrorAlert';
import { isIsoDate, todayJst } from '../../lib/format';
import { notifySuccess } from '../../lib/notify';
import { useFormState } from '../../lib/useFormState';
import { useSaveForm } from '../../lib/useSaveForm';
import { useAllPartners } from '../partners/api';
import {
  ACTIVITY_KINDS,
  fetchActivity,
  useCreateActivity,
  useUpdateActivity,
  type Activity,
  type ActivityKind,
  type CreateActivityBody,
  type UpdateActivityBody,
} from './api';

export interface ActivityFormValues {
  kind: ActivityKind;
  heldOn: string | null;
  title: string;
  participants: number | '';
  partnerIds: string[];
  topics: string[];
  notes: string;
}

export function activityToValues(a?: Activity): ActivityFormValues {
  return {
    kind: a?.kind ?? 'training',
    heldOn: a?.heldOn ?? todayJst(),
    title: a?.title ?? '',
    participants: a?.participants ?? 0,
    partnerIds: a?.partnerIds ?? [],
    topics: a?.topics ?? [],
    notes: a?.notes ?? '',
  };
}

export function validateActivity(v: ActivityFormValues, t: TFunction): Record<string, string> {
  const e: Record<string, string> = {};
  if (!v.title.trim()) e.title = t('validation.required');
  if (!v.heldOn) e.heldOn = t('validation.required');
  else if (!isIsoDate(v.heldOn)) e.heldOn = t('validation.date');
  if (v.participants !== '' && v.participants < 0) e.participants = t('activities.participantsInvalid');
  return e;
}

/** What a save sends: exactly the fields of CreateActivityDto / UpdateActivityDto. */
export function activityFields(
  v: ActivityFormValues,
): CreateActivityBody & Omit<UpdateActivityBody, 'version'> {
  return {
    kind: v.kind,
    heldOn: v.heldOn ?? '',
    title: v.title.trim(),
    participants: v.participants === '' ? 0 : v.participants,
    partnerIds: v.partnerIds,
    topics: v.topics,
    notes: v.notes.trim() || null,
  };
}

export function ActivityForm({ activity, onDone }: { activity?: Activity; onDone: (a: Activity) => void }) {
  const { t } = useTranslation();
  const { data: partners } = useAllPartners();
  const form = useFormState<ActivityFormValues>(() => activityToValues(activity));
  const { values, set, errors, textField } = form;
  const [version, setVersion] = useState(activity?.version);
  const id = activity?.id;
  const create = useCreateActivity();
  const update = useUpdateActivity();
  const saver = useSaveForm({
    form,
    validate: (v) => validateActivity(v, t),
    fetchLatest: () => fetchActivity(id!),
    save: (v) =>
      id && version !== undefined
        ? update.mutateAsync({ id, body: { ...activityFields(v), version } })
        : create.mutateAsync(activityFields(v)),
    onSaved: (saved) => {
      setVersion(saved.version);
      notifySuccess(t('common.saved'));
      onDone(saved);
    },
  });
  const { busy, error, conflict, formRef } = saver;
  const latestFields = conflict.latest
    ? { ...activityFields(activityToValues(conflict.latest)), version: conflict.latest.version }
    : null;
  return (
    <form
      ref={formRef}
      onSubmit={(e) => {
        e.preventDefault();
        void saver.submit();
      }}
      noValidate
      data-testid="activity-form"
    >
      <Stack gap="md">
        {error ? <ErrorAlert error={error} /> : null}
        <Grid gutter="sm">
          <Grid.Col span={{ base: 12, md: 6 }}>
            <TextInput label={t('activities.titleField')} required {...textField('title')} data-autofocus />
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 3 }}>
            <Select
              label={t('activities.kind')}
              data={ACTIVITY_KINDS.map((k) => ({ value: k, label: t(`activities.kinds.${k}`) }))}
              value={values.kind}
              onChange={(v) => v && set('kind', v as ActivityKind)}
              allowDeselect={false}
              error={errors.kind}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 3 }}>
            <DayInput
              label={t('activities.heldOn')}
              required
              value={values.heldOn}
              onChange={(v) => set('heldOn', v)}
              error={errors.heldOn}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 3 }}>
            <NumberInput
              label={t('activities.participants')}
              description={t('activities.participantsHint')}
              min={0}
              allowDecimal={false}
              allowNegative={false}
              value={values.participants}
              onChange={(v) => set('participants', typeof v === 'number' ? v : '')}
              error={errors.participants}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 9 }}>
            <MultiSelect
              label={t('activities.partners')}
              description={t('activities.partnersHint')}
              data={(partners ?? []).map((p) => ({ value: p.id, label: p.name }))}
              value={values.partnerIds}
              onChange={(v) => set('partnerIds', v)}
              searchable
              clearable
              error={errors.partnerIds}
            />
          </Grid.Col>
        </Grid>
        <Checkbox.Group
          label={t('activities.topics')}
          description={t('activities.topicsHint')}
          value={values.topics}
          onChange={(v) => set('topics', v)}
        >
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="xs" mt={6}>
            {TOPIC_CODES.map((code) => (
              <Checkbox key={code} value={code} label={t(`enums.topic.${code}`)} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <Textarea label={t('activities.notes')} autosize minRows={2} {...textField('notes')} />
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
      <ConflictModal
        latest={latestFields}
        mine={activityFields(values)}
        myVersion={version}
        fields={[
          { key: 'title', label: t('activities.titleField') },
          { key: 'kind', label: t('activities.kind') },
          { key: 'heldOn', label: t('activities.heldOn') },
          { key: 'participants', label: t('activities.participants') },
          { key: 'notes', label: t('activities.notes') },
        ]}
        onClose={conflict.clear}
        onKeep={() => {
          if (conflict.latest) {
            setVersion(conflict.latest.version);
            notifySuccess(t('conflict.reloaded', { version: conflict.latest.version }));
          }
          conflict.clear();
        }}
        onDiscard={() => {
          if (conflict.latest) {
            form.reset(activityToValues(conflict.latest));
            setVersion(conflict.latest.version);
          }
          conflict.clear();
        }}
      />
    </form>
  );
}
