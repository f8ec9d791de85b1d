import {
  ActionIcon,
  Autocomplete,
  Button,
  Group,
  Paper,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/** One turn of the discussion (協議) as the form holds it; `key` keeps rows stable while reordering. */
export interface TurnValue {
  key: string;
  speakerRole: string;
  speaker: string;
  text: string;
}

/** Speakers the minutes usually name: 委員, and the posts that answer. */
export const SPEAKER_ROLES = ['委員', '警備課長', '署長', '副署長', '会長', '副会長', '警察署'];

let nextKey = 0;
export const turnKey = (): string => `turn-${++nextKey}`;

/**
 * The next turn's speaker: the minutes alternate a member's question and the station's answer, so
 * after 委員 comes the post that answered last (警備課長 if none yet), after an answer comes 委員.
 */
export function nextSpeakerRole(turns: readonly TurnValue[]): string {
  const last = turns[turns.length - 1];
  if (!last || last.speakerRole !== '委員') return '委員';
  const answered = [...turns].reverse().find((t) => t.speakerRole && t.speakerRole !== '委員');
  return answered?.speakerRole ?? '警備課長';
}

/** The turns editor: ordered rows (speaker, optional name, text); adding a turn focuses its text. */
export function DiscussionEditor({
  value,
  onChange,
  errors = {},
}: {
  value: TurnValue[];
  onChange: (turns: TurnValue[]) => void;
  /** Field errors by path, e.g. `discussion[2].text`. */
  errors?: Record<string, string>;
}) {
  const { t } = useTranslation();
  const textRefs = useRef(new Map<string, HTMLTextAreaElement>());
  const focusKey = useRef<string | null>(null);

  useEffect(() => {
    const key = focusKey.current;
    if (key) {
      textRefs.current.get(key)?.focus();
      focusKey.current = null;
    }
  }, [value]);

  const update = (i: number, patch: Partial<TurnValue>) =>
    onChange(value.map((turn, j) => (j === i ? { ...turn, ...patch } : turn)));
  const move = (i: number, by: -1 | 1) => {
    const j = i + by;
    if (j < 0 || j >= value.length) return;
    const next = [...value];
    [next[i], next[j]] = [next[j], next[i]];
    onChange(next);
  };
  const add = () => {
    const turn: TurnValue = { key: turnKey(), speakerRole: nextSpeakerRole(value), speaker: '', text: '' };
    focusKey.current = turn.key;
    onChange([...value, turn]);
  };

  return (
    <Stack gap="xs" data-testid="discussion-editor">
      {value.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('councilDocs.noTurns')}
        </Text>
      )}
      {value.map((turn, i) => {
        const n = i + 1;
        return (
          <Paper key={turn.key} withBorder p="xs" data-testid="discussion-turn">
            <Group align="flex-end" gap="xs" wrap="wrap">
              <Autocomplete
                label={`${t('councilDocs.speakerRole')} ${n}`}
                data={SPEAKER_ROLES}
                value={turn.speakerRole}
                onChange={(v) => update(i, { speakerRole: v })}
                error={errors[`discussion[${i}].speakerRole`]}
                w={150}
                required
              />
              <TextInput
                label={`${t('councilDocs.speaker')} ${n}`}
                value={turn.speaker}
                onChange={(e) => update(i, { speaker: e.currentTarget.value })}
                w={130}
              />
              <Group gap={4} ml="auto">
                <ActionIcon
                  variant="subtle"
                  aria-label={t('councilDocs.moveUp', { n })}
                  disabled={i === 0}
                  onClick={() => move(i, -1)}
                >
                  ↑
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  aria-label={t('councilDocs.moveDown', { n })}
                  disabled={i === value.length - 1}
                  onClick={() => move(i, 1)}
                >
                  ↓
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={t('councilDocs.removeTurn', { n })}
                  onClick={() => onChange(value.filter((_t, j) => j !== i))}
                >
                  ×
                </ActionIcon>
              </Group>
            </Group>
            <Textarea
              mt={4}
              label={`${t('councilDocs.turnText')} ${n}`}
              autosize
              minRows={2}
              value={turn.text}
              onChange={(e) => update(i, { text: e.currentTarget.value })}
              error={errors[`discussion[${i}].text`]}
              ref={(el) => {
                if (el) textRefs.current.set(turn.key, el);
                else textRefs.current.delete(turn.key);
              }}
              required
            />
          </Paper>
        );
      })}
      <Group>
        <Button variant="light" size="xs" onClick={add}>
          {t('councilDocs.addTurn')}
        </Button>
      </Group>
    </Stack>
  );
}
