import {
  ActionIcon,
  Button,
  Checkbox,
  Fieldset,
  Grid,
  Group,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
  Textarea,
} from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldError } from '../../api/errors';
import { enumOptions, TOPIC_CODES } from '../../api/reference';
import type { Seminar, SeminarKind } from '../../api/types';
import { ConflictModal } from '../../components/ConflictModal';
import { DayInput } from '../../components/DayInput';
import { ErrorAlert } from '../../components/ErrorAlert';
import { isIsoDate, todayJst } from '../../lib/format';
import { notifySuccess } from '../../lib/notify';
import { blankToNull, useFormState } from '../../lib/useFormState';
import { useSaveForm } from '../../lib/useSaveForm';
import { useAllPartners } from '../partners/api';
import {
  fetchSeminar,
  useCreateSeminar,
  useUpdateSeminar,
  type CreateSeminarBody,
  type ParticipantInput,
  type SpeakerInput,
  type UpdateSeminarBody,
} from './api';
import {
  emptyParticipant,
  isBlankParticipant,
  participantKey,
  ParticipantsEditor,
  type ParticipantRow,
} from './ParticipantsEditor';

interface SpeakerRow {
  key: string;
  /** an officer of the station the speaker is; kept as it was read */
  userId?: string;
  name: string;
  affiliation: string;
}

export interface SeminarFormValues {
  title: string;
  kind: SeminarKind;
  heldOn: string | null;
  venue: string;
  speakers: SpeakerRow[];
  partnerIds: string[];
  topics: string[];
  participants: ParticipantRow[];
  notes: string;
}

let seq = 0;
const key = () => `s${++seq}`;

export function seminarToValues(s?: Seminar): SeminarFormValues {
  return {
    title: s?.title ?? '',
    kind: s?.kind ?? 'seminar',
    heldOn: s?.heldOn ?? todayJst(),
    venue: s?.venue ?? '',
    speakers: (s?.speakers ?? []).map((sp) => ({
      key: key(),
      ...(sp.userId ? { userId: sp.userId } : {}),
      name: sp.name,
      affiliation: sp.affiliation ?? '',
    })),
    partnerIds: s?.partnerIds ?? [],
    topics: s?.topics ?? [],
    participants: s?.participants?.length
      ? s.participants.map((p) => ({
          key: participantKey(),
          organization: p.organizationId
            ? { id: p.organizationId, name: p.organizationName ?? p.organizationId }
            : null,
          name: p.organizationId ? '' : (p.name ?? ''),
          attendeeCount: p.attendeeCount,
        }))
      : [emptyParticipant(), emptyParticipant(), emptyParticipant()],
    notes: s?.notes ?? '',
  };
}

export function validateSeminar(v: SeminarFormValues, t: TFunction): Record<string, string> {
  const e: Record<string, string> = {};
  if (!v.title.trim()) e.title = t('validation.required');
  if (!v.heldOn) e.heldOn = t('validation.required');
  else if (!isIsoDate(v.heldOn)) e.heldOn = t('validation.date');
  v.participants
    .filter((r) => !isBlankParticipant(r))
    .forEach((r) => {
      const i = v.participants.indexOf(r);
      if (!r.organization && !r.name.trim()) e[`participants.${i}.name`] = t('validation.organizationOrName');
      // the server counts people who came: at least one per row
      if (r.attendeeCount === '' || r.attendeeCount < 1)
        e[`participants.${i}.attendeeCount`] = t('validation.attendeeCount');
    });
  return e;
}

/** An edit's fields, with those a new seminar must have made required. */
type SeminarFields = Omit<UpdateSeminarBody, 'version'> &
  Required<Pick<UpdateSeminarBody, 'title' | 'kind' | 'heldOn'>>;

function speakerInput(s: SpeakerRow): SpeakerInput {
  return {
    ...(s.userId ? { userId: s.userId } : {}),
    name: s.name.trim(),
    ...(s.affiliation.trim() ? { affiliation: s.affiliation.trim() } : {}),
  };
}

function participantInput(r: ParticipantRow): ParticipantInput {
  const attendeeCount = Number(r.attendeeCount) || 0;
  return r.organization
    ? { organizationId: r.organization.id, attendeeCount }
    : { name: r.name.trim(), attendeeCount };
}

/**
 * What an edit sends: the fields of the contract's UpdateSeminarDto the form edits (council
 * items are linked elsewhere and kept). Typed as the DTO, so a field the server does not take
 * fails the type check. Participants replace every stored one; blank rows are dropped.
 */
export function seminarFields(v: SeminarFormValues): SeminarFields {
  return {
    title: v.title.trim(),
    kind: v.kind,
    heldOn: v.heldOn ?? '',
    venue: blankToNull(v.venue),
    speakers: v.speakers.filter((s) => s.name.trim()).map(speakerInput),
    partnerIds: v.partnerIds,
    topics: v.topics,
    participants: v.participants.filter((r) => !isBlankParticipant(r)).map(participantInput),
    notes: blankToNull(v.notes),
  };
}

/** A new seminar: the same fields as an edit. */
export function createSeminarBody(v: SeminarFormValues): CreateSeminarBody {
  return { ...seminarFields(v) };
}

/**
 * Server paths (`participants[2].attendeeCount`) refer to the submitted, blank-free list; the
 * mapper puts them on the editor's rows (`participants.4.attendeeCount`).
 */
export function seminarFieldMapper(v: SeminarFormValues): (field: string) => string {
  const kept = v.participants.map((r, i) => ({ r, i })).filter(({ r }) => !isBlankParticipant(r));
  return (field) => {
    const m = /^participants(?:\[(\d+)\]|\.(\d+))\.?(.*)$/.exec(field);
    if (!m) return field.replace(/\[(\d+)\]/g, '.$1');
    const n = Number(m[1] ?? m[2]);
    const row = kept[n];
    return `participants.${row ? row.i : n}.${m[3] || 'name'}`;
  };
}

export function SeminarForm({ seminar, onDone }: { seminar?: Seminar; onDone: (s: Seminar) => void }) {
  const { t } = useTranslation();
  const { data: partners } = useAllPartners();
  const form = useFormState<SeminarFormValues>(() => seminarToValues(seminar));
  const { values, set, errors, textField } = form;
  const [version, setVersion] = useState(seminar?.version);
  const id = seminar?.id;
  const createSeminar = useCreateSeminar();
  const updateSeminar = useUpdateSeminar();

  const saver = useSaveForm({
    form,
    validate: (v) => validateSeminar(v, t),
    mapField: seminarFieldMapper(values),
    fetchLatest: () => fetchSeminar(id!),
    save: (v) =>
      id && version !== undefined
        ? updateSeminar.mutateAsync({ id, body: { ...seminarFields(v), version } })
        : createSeminar.mutateAsync(createSeminarBody(v)),
    onSaved: (saved) => {
      setVersion(saved.version);
      notifySuccess(t('common.saved'));
      onDone(saved);
    },
  });
  const { busy, error, conflict, formRef } = saver;
  // the newest version in the shape of what the form sends, so the dialog compares like with like
  const latestFields = conflict.latest
    ? { ...seminarFields(seminarToValues(conflict.latest)), version: conflict.latest.version }
    : null;

  const updateSpeaker = (k: string, patch: Partial<SpeakerRow>) =>
    set(
      'speakers',
      values.speakers.map((s) => (s.key === k ? { ...s, ...patch } : s)),
    );

  return (
    <form
      ref={formRef}
      onSubmit={(e) => {
        e.preventDefault();
        void saver.submit();
      }}
      noValidate
      data-testid="seminar-form"
    >
      <Stack gap="md">
        {error ? <ErrorAlert error={error} /> : null}
        <Grid gutter="sm">
          <Grid.Col span={{ base: 12, md: 6 }}>
            <TextInput label={t('seminar.title')} required {...textField('title')} data-autofocus />
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 3 }}>
            <Select
              label={t('seminar.kind')}
              data={enumOptions(t, 'seminarKind', [
                'seminar',
                'briefing',
                'school_lecture',
                'exercise',
                'other',
              ])}
              value={values.kind}
              onChange={(v) => v && set('kind', v as SeminarKind)}
              allowDeselect={false}
              error={errors.kind}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 3 }}>
            <DayInput
              label={t('seminar.heldOn')}
              required
              value={values.heldOn}
              onChange={(v) => set('heldOn', v)}
              error={errors.heldOn}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <TextInput label={t('seminar.venue')} {...textField('venue')} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <MultiSelect
              label={t('seminar.partners')}
              data={(partners ?? []).map((p) => ({ value: p.id, label: p.name }))}
              value={values.partnerIds}
              onChange={(v) => set('partnerIds', v)}
              searchable
              clearable
              error={errors.partnerIds}
            />
          </Grid.Col>
        </Grid>

        <Fieldset legend={t('seminar.speakers')}>
          <Stack gap="xs">
            {values.speakers.map((s, i) => (
              <Group key={s.key} gap="xs" align="flex-start" wrap="nowrap">
                <TextInput
                  label={t('seminar.speakerName')}
                  value={s.name}
                  onChange={(e) => updateSpeaker(s.key, { name: e.currentTarget.value })}
                  error={fieldError(errors, `speakers.${i}.name`)}
                  style={{ flex: 1 }}
                />
                <TextInput
                  label={t('seminar.speakerAffiliation')}
                  value={s.affiliation}
                  onChange={(e) => updateSpeaker(s.key, { affiliation: e.currentTarget.value })}
                  style={{ flex: 1 }}
                />
                <ActionIcon
                  mt={26}
                  variant="subtle"
                  color="red"
                  aria-label={`${t('common.remove')}: ${s.name || t('seminar.speakerName')}`}
                  onClick={() =>
                    set(
                      'speakers',
                      values.speakers.filter((x) => x.key !== s.key),
                    )
                  }
                >
                  ×
                </ActionIcon>
              </Group>
            ))}
            <Group>
              <Button
                variant="light"
                size="xs"
                onClick={() =>
                  set('speakers', [...values.speakers, { key: key(), name: '', affiliation: '' }])
                }
              >
                + {t('seminar.addSpeaker')}
              </Button>
            </Group>
          </Stack>
        </Fieldset>

        <Checkbox.Group label={t('seminar.topics')} value={values.topics} onChange={(v) => set('topics', v)}>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="xs" mt={6}>
            {TOPIC_CODES.map((code) => (
              <Checkbox key={code} value={code} label={t(`enums.topic.${code}`)} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>

        <Fieldset legend={t('seminar.participants')}>
          <ParticipantsEditor
            rows={values.participants}
            onChange={(rows) => form.setValues((v) => ({ ...v, participants: rows }))}
            errors={errors}
          />
        </Fieldset>

        <Textarea label={t('seminar.notes')} autosize minRows={2} {...textField('notes')} />
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
      <ConflictModal
        latest={latestFields}
        mine={seminarFields(values)}
        myVersion={version}
        fields={[
          { key: 'title', label: t('seminar.title') },
          { key: 'heldOn', label: t('seminar.heldOn') },
          { key: 'venue', label: t('seminar.venue') },
          { key: 'participants', label: t('seminar.participants') },
          { key: 'notes', label: t('seminar.notes') },
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
            form.reset(seminarToValues(conflict.latest));
            setVersion(conflict.latest.version);
          }
          conflict.clear();
        }}
      />
    </form>
  );
}
