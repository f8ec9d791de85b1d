import { ActionIcon, Button, Group, Menu, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrganizationView, OrganizationViewFilter } from '../../api/types';
import { describeError } from '../../api/errors';
import { useCreateOrganizationView, useDeleteOrganizationView, useOrganizationViews } from './api';

/**
 * 保存した表示: the user's own named filters of the organizations list. Choosing one puts its filter
 * in the URL; 現在の条件を保存 names the list's current filter.
 */
export function SavedViewsMenu({
  current,
  onApply,
}: {
  /** The list's filter as it stands (what a new view keeps). */
  current: OrganizationViewFilter;
  onApply: (view: OrganizationView) => void;
}) {
  const { t } = useTranslation();
  const { data: views } = useOrganizationViews();
  const create = useCreateOrganizationView();
  const remove = useDeleteOrganizationView();
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');

  const save = async () => {
    await create.mutateAsync({ name: name.trim(), filter: current });
    setNaming(false);
    setName('');
  };
  const error = create.error ? describeError(create.error, t) : null;

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="default" data-testid="views-menu">
            {t('triage.views')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown data-testid="views-dropdown">
          {(views ?? []).length === 0 && <Menu.Label>{t('triage.noViews')}</Menu.Label>}
          {(views ?? []).map((v) => (
            <Group key={v.id} gap={0} wrap="nowrap">
              <Menu.Item onClick={() => onApply(v)} style={{ flex: 1 }}>
                {v.name}
              </Menu.Item>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={t('triage.deleteView', { name: v.name })}
                onClick={() => remove.mutate(v.id)}
                mr={4}
              >
                ×
              </ActionIcon>
            </Group>
          ))}
          <Menu.Divider />
          <Menu.Item onClick={() => setNaming(true)} data-testid="views-save">
            {t('triage.saveView')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={naming} onClose={() => setNaming(false)} title={t('triage.saveView')}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save().catch(() => undefined);
          }}
        >
          <Stack>
            <Text size="sm" c="dimmed">
              {t('triage.saveViewHint')}
            </Text>
            <TextInput
              label={t('triage.viewName')}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              maxLength={100}
              required
              error={error ? (error.fields.name ?? error.message) : undefined}
              data-autofocus
              data-testid="view-name"
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setNaming(false)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
