import { createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  // darker shade than the default keeps text on filled buttons and links above 4.5:1 contrast
  primaryShade: { light: 8, dark: 5 },
  fontFamily:
    '"Hiragino Sans", "Hiragino Kaku Gothic ProN", "Noto Sans JP", "Yu Gothic UI", Meiryo, system-ui, -apple-system, "Segoe UI", sans-serif',
  headings: { fontWeight: '700' },
  defaultRadius: 'sm',
  focusRing: 'always',
  components: {
    TextInput: { defaultProps: { autoComplete: 'off' } },
  },
});
