import { SimpleGrid, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A definition list laid out as a responsive grid of label/value pairs. */
export function DetailList({
  items,
  cols = 2,
}: {
  items: { label: string; value: ReactNode }[];
  cols?: number;
}) {
  return (
    <SimpleGrid component="dl" cols={{ base: 1, sm: cols }} spacing="sm" verticalSpacing="xs" m={0}>
      {items.map((it) => (
        <div key={it.label}>
          <Text component="dt" size="xs" c="dimmed" fw={600}>
            {it.label}
          </Text>
          <Text component="dd" m={0} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
            {it.value === null || it.value === undefined || it.value === '' ? '—' : it.value}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}
