import { TextInput, type TextInputProps } from '@mantine/core';
import classes from './TimeField.module.css';

/**
 * A time of day (`HH:mm`): the browser's time input in Mantine's field, as @mantine/dates'
 * TimeInput draws it, without loading that package (the visit form shows before any date code).
 */
export function TimeField(props: Omit<TextInputProps, 'type'>) {
  return <TextInput step={60} {...props} type="time" classNames={{ input: classes.input }} />;
}
