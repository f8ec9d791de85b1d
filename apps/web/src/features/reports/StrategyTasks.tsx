import {
  Button,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Table,
  TagsInput,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TOPIC_CODES, useLabels, useStations } from '../../api/reference';
import { useMe } from '../../auth/AuthContext';
import { ConflictModal } from '../../components/ConflictModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EmptyRow } from '../../components/TableParts';
import { notifySuccess } from '../../lib/notify';
import { useFormState } from '../../lib/useFormState';
import { useSaveForm } from '../../lib/useSaveForm';
import {
  fetchStrategyTask,
  useCreateStrategyTask,
  useStrategyTasks,
  useUpdateStrategyTask,
  type CreateStrategyTaskBody,
  type StrategyTask,
  type UpdateStrategyTaskBody,
} from './api';

export interface TaskValues {
  prefectureCode: string;
  title: string;
  leadAgencies: string[];
  topics: string[];
  plannedActions: string;
  sortOrder: number | '';
}

export function taskToValues(task: StrategyTask | undefined, prefectureCode: string): TaskValues {
  return {
    prefectureCode: task?.prefectureCode ?? prefectureCode,
    title: task?.title ?? '',
    leadAgencies: task?.leadAgencies ?? [],
    topics: task?.topics ?? [],
    plannedActions: task?.plannedActions ?? '',
    sortOrder: task?.sortOrder ?? '',
  };
}

export function validateTask(v: TaskValues, plannedOnly: boolean, t: TFunction): Record<string, string> {
  const e: Record<string, string> = {};
  if (plannedOnly) return e;
  if (!/^(0[1-9]|[1-3][0-9]|4[0-7])$/.test(v.prefectureCode))
    e.prefectureCode = t('validation.prefectureCode');
  if (!v.title.trim()) e.title = t('validation.required');
  return e;
}

/** A new task (administrators): exactly CreateStrategyTaskDto. */
export function createTaskBody(v: TaskValues): CreateStrategyTaskBody {
  return {
    prefectureCode: v.prefectureCode,
    title: v.title.trim(),
    leadAgencies: v.leadAgencies.map((a) => a.trim()).filter(Boolean),
    topics: v.topics,
    plannedActions: v.plannedActions.trim(),
    sortOrder: v.sortOrder === '' ? undefined : v.sortOrder,
  };
}

/** An administrator's edit: exactly fields of UpdateStrategyTaskDto (the prefecture is fixed). */
export function taskFields(v: TaskValues): Omit<UpdateStrategyTaskBody, 'version'> {
  return {
    title: v.title.trim(),
    leadAgencies: v.leadAgencies.map((a) => a.trim()).filter(Boolean),
    topics: v.topics,
    plannedActions: v.plannedActions.trim(),
    sortOrder: v.sortOrder === '' ? undefined : v.sortOrder,
  };
}

/** hq's edit: 今後の取組 only (the server refuses any other field from hq). */
export function plannedActionsFields(
  v: TaskValues,
): Omit<UpdateStrategyTaskBody, 'version' | 'title' | 'leadAgencies' | 'topics' | 'sortOrder'> {
  return { plannedActions: v.plannedActions.trim() };
}

export function StrategyTaskForm({ task, onDone }: { task?: StrategyTask; onDone: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const labels = useLabels();
  const { data: stations } = useStations();
  const plannedOnly = me.role === 'hq';
  const form = useFormState<TaskValues>(() => taskToValues(task, stations?.[0]?.prefectureCode ?? '35'));
  const { values, set, errors, textField } = form;
  const [version, setVersion] = useState(task?.version);
  const createTask = useCreateStrategyTask();
  const updateTask = useUpdateStrategyTask();
  const taskId = task?.id;
  const fieldsOf = (v: TaskValues) => (plannedOnly ? plannedActionsFields(v) : taskFields(v));
  const saver = useSaveForm({
    form,
    validate: (v) => validateTask(v, plannedOnly, t),
    fetchLatest: () => fetchStrategyTask(taskId!),
    save: (v) =>
      taskId && version !== undefined
        ? updateTask.mutateAsync({ id: taskId, body: { ...fieldsOf(v), version } })
        : createTask.mutateAsync(createTaskBody(v)),
    onSaved: (saved) => {
      setVersion(saved.version);
      notifySuccess(t('common.saved'));
      onDone();
    },
  });
  const { busy, error, conflict, formRef } = saver;
  const topicOptions = labels.codeOptions('topic');
  const topics =
    topicOptions.length > 0
      ? topicOptions
      : TOPIC_CODES.map((c) => ({ value: c, label: t(`enums.topic.${c}`) }));

  return (
    <form
      ref={formRef}
      onSubmit={(e) => {
        e.preventDefault();
        void saver.submit();
      }}
      noValidate
      aria-label={task ? t('reports.editTask') : t('reports.addTask')}
    >
      <Stack gap="sm">
        {error ? <ErrorAlert error={error} /> : null}
        {plannedOnly ? (
          <Text fw={600}>{task?.title}</Text>
        ) : (
          <>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput
                label={t('admin.prefectureCode')}
                required
                disabled={!!task}
                maxLength={2}
                {...textField('prefectureCode')}
              />
              <NumberInput
                label={t('reports.sortOrder')}
                min={0}
                allowDecimal={false}
                allowNegative={false}
                value={values.sortOrder}
                onChange={(v) => set('sortOrder', typeof v === 'number' ? v : '')}
                error={errors.sortOrder}
              />
            </SimpleGrid>
            <Textarea
              label={t('reports.taskTitle')}
              required
              autosize
              minRows={2}
              {...textField('title')}
              data-autofocus
            />
            <TagsInput
              label={t('reports.leadAgencies')}
              description={t('reports.leadAgenciesHint')}
              value={values.leadAgencies}
              onChange={(v) => set('leadAgencies', v)}
              error={errors.leadAgencies}
            />
            <MultiSelect
              label={t('reports.taskTopics')}
              description={t('reports.taskTopicsHint')}
              data={topics}
              value={values.topics}
              onChange={(v) => set('topics', v)}
              error={errors.topics}
              searchable
            />
          </>
        )}
        <Textarea
          label={t('reports.plannedActions')}
          autosize
          minRows={3}
          {...textField('plannedActions')}
          data-autofocus={plannedOnly || undefined}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
      <ConflictModal
        latest={conflict.latest}
        mine={fieldsOf(values)}
        myVersion={version}
        fields={[
          { key: 'title', label: t('reports.taskTitle') },
          { key: 'leadAgencies', label: t('reports.leadAgencies') },
          { key: 'topics', label: t('reports.taskTopics') },
          { key: 'plannedActions', label: t('reports.plannedActions') },
          { key: 'sortOrder', label: t('reports.sortOrder') },
        ].filter((f) => !plannedOnly || f.key === 'plannedActions')}
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
            form.reset(taskToValues(conflict.latest, conflict.latest.prefectureCode));
            setVersion(conflict.latest.version);
          }
          conflict.clear();
        }}
      />
    </form>
  );
}

/**
 * The tasks behind the strategy table (課題, 担当機関, 今後の取組). Managers read them;
 * hq writes the planned actions; administrators keep the list.
 */
export function StrategyTasksPanel() {
  const { t } = useTranslation();
  const me = useMe();
  const labels = useLabels();
  const { data, error, refetch } = useStrategyTasks(true);
  const [editing, setEditing] = useState<StrategyTask | 'new' | null>(null);
  const canEdit = me.role === 'admin' || me.role === 'hq';
  return (
    <Stack gap="xs" mt="md" data-testid="strategy-tasks">
      <Group justify="space-between">
        <Title order={3} size="h5">
          {t('reports.strategyTasks')}
        </Title>
        {me.role === 'admin' && (
          <Button size="xs" variant="light" onClick={() => setEditing('new')}>
            {t('reports.addTask')}
          </Button>
        )}
      </Group>
      {error ? <ErrorAlert error={error} onRetry={() => void refetch()} /> : null}
      <Table.ScrollContainer minWidth={640}>
        <Table striped withTableBorder fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('reports.taskTitle')}</Table.Th>
              <Table.Th>{t('reports.leadAgencies')}</Table.Th>
              <Table.Th>{t('reports.taskTopics')}</Table.Th>
              <Table.Th>{t('reports.plannedActions')}</Table.Th>
              {canEdit && <Table.Th>{t('common.actions')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data?.map((task) => (
              <Table.Tr key={task.id}>
                <Table.Td>{task.title}</Table.Td>
                <Table.Td>{task.leadAgencies.join('、')}</Table.Td>
                <Table.Td>{task.topics.map((c) => labels.code('topic', c)).join('、')}</Table.Td>
                <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{task.plannedActions || '—'}</Table.Td>
                {canEdit && (
                  <Table.Td>
                    <Button size="compact-sm" variant="subtle" onClick={() => setEditing(task)}>
                      {t('common.edit')}
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
            {data && data.length === 0 && (
              <EmptyRow colSpan={canEdit ? 5 : 4}>{t('reports.noTasks')}</EmptyRow>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('reports.addTask') : t('reports.editTask')}
        size="lg"
      >
        {editing !== null && (
          <StrategyTaskForm task={editing === 'new' ? undefined : editing} onDone={() => setEditing(null)} />
        )}
      </Modal>
    </Stack>
  );
}
