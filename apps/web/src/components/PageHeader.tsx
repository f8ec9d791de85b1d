import { Group, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export function PageHeader({
  title,
  actions,
  sub,
}: {
  title: ReactNode;
  actions?: ReactNode;
  sub?: ReactNode;
}) {
  return (
    <Group justify="space-between" align="flex-end" mb="md" wrap="wrap" gap="sm" className="page-header">
      <div>
        <Title order={1} size="h2">
          {title}
        </Title>
        {sub}
      </div>
      {actions && (
        <Group gap="xs" className="no-print">
          {actions}
        </Group>
      )}
    </Group>
  );
}
