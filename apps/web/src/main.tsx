// The login page's components only (all of Mantine's styles come with the screens behind it:
// mantine-styles.ts), in the order of @mantine/core/styles.css.
import '@mantine/core/styles/baseline.css';
import '@mantine/core/styles/global.css';
import '@mantine/core/styles/default-css-variables.css';
import '@mantine/core/styles/UnstyledButton.css';
import '@mantine/core/styles/VisuallyHidden.css';
import '@mantine/core/styles/Paper.css';
import '@mantine/core/styles/Loader.css';
import '@mantine/core/styles/ActionIcon.css';
import '@mantine/core/styles/CloseButton.css';
import '@mantine/core/styles/Group.css';
import '@mantine/core/styles/Input.css';
import '@mantine/core/styles/FloatingIndicator.css';
import '@mantine/core/styles/Alert.css';
import '@mantine/core/styles/Text.css';
import '@mantine/core/styles/Button.css';
import '@mantine/core/styles/Center.css';
import '@mantine/core/styles/Notification.css';
import '@mantine/core/styles/PasswordInput.css';
import '@mantine/core/styles/SegmentedControl.css';
import '@mantine/core/styles/Stack.css';
import '@mantine/core/styles/Title.css';
import '@mantine/notifications/styles.css';
import './styles.css';
import { startLanguage, storedLanguage } from './i18n';
import { StrictMode } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { markOnce } from './auth/bootLogin';
import { pruneDrafts } from './lib/formDrafts';

// The date picker's and the charts' styles come with their chunks (components/DayPicker.tsx,
// features/coverage), English strings only when chosen (i18n/index.ts).
// The bundle's modules have run (React, Mantine, i18next with the Japanese strings): the first
// load's phases are marked for bench/web-first-load.ts (then app:commit, app:painted: LoginPage).
markOnce('app:main');
const root = document.getElementById('root');
if (!root) throw new Error('#root missing');
pruneDrafts();
/**
 * The first render runs inside the bundle's own evaluation (flushSync), not in a task after it:
 * Chromium keeps the compiled code of a script as it stands when its evaluation ends, so on the
 * next visits React's and Mantine's render code comes from that code cache too, instead of being
 * compiled again function by function (seen in bench/web-first-load.ts's trace).
 */
function start() {
  markOnce('app:lang');
  const app = createRoot(root!);
  flushSync(() =>
    app.render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  );
}
if (storedLanguage() === 'ja') start();
else void startLanguage().then(start);
