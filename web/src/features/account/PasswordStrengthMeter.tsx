import { Progress, Stack, Text } from '@mantine/core';
import { useDeferredValue, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { strengthEstimator } from './passwordStrength';

const COLORS = ['red', 'red', 'orange', 'teal', 'green'] as const;
const LEVELS = ['veryWeak', 'weak', 'fair', 'strong', 'veryStrong'] as const;
const WARNINGS = [
  'straightRow',
  'keyPattern',
  'simpleRepeat',
  'extendedRepeat',
  'sequences',
  'recentYears',
  'dates',
  'topTen',
  'topHundred',
  'common',
  'similarToCommon',
  'wordByItself',
  'namesByThemselves',
  'commonNames',
  'userInputs',
] as const;
type Warning = (typeof WARNINGS)[number];

function isKnownWarning(value: string | null): value is Warning {
  return value !== null && (WARNINGS as readonly string[]).includes(value);
}

interface PasswordStrengthMeterProps {
  password: string;
  /** Words the password should not be built from: the user's e-mail, name, company. */
  userInputs?: readonly string[];
}

/**
 * How hard the password being chosen is to guess (zxcvbn-ts with the common-password list
 * and English and Japanese dictionaries, in a worker loaded on first use). A guide only:
 * the server's password rule decides, and names any rule broken.
 */
export function PasswordStrengthMeter({ password, userInputs = [] }: PasswordStrengthMeterProps) {
  const { t } = useTranslation();
  const typed = useDeferredValue(password);
  const inputsKey = userInputs.join('\n');
  const [result, setResult] = useState<{ for: string; score: number; warning: string | null } | undefined>(undefined);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (!typed) return;
    let current = true;
    strengthEstimator()(typed, inputsKey.split('\n')).then(
      (estimate) => current && setResult({ for: typed, ...estimate }),
      // Without the meter the form still works; the server's rule is what counts.
      () => current && setFailed(true),
    );
    return () => {
      current = false;
    };
  }, [typed, inputsKey]);

  if (failed) return null;

  // The bar keeps the last answer while the next one comes; the words speak only of what is typed now.
  const shown = typed ? result : undefined;
  const current = shown?.for === typed ? shown : undefined;
  const score = Math.min(4, Math.max(0, shown?.score ?? 0));
  const level = LEVELS[score] ?? 'veryWeak';
  const warning = current?.warning ?? null;

  return (
    <Stack gap={4} data-testid="password-strength" data-score={current ? score : ''}>
      <Progress value={shown ? (score + 1) * 20 : 0} color={COLORS[score]} size="sm" aria-label={t('account.strength.label')} />
      <Text size="sm" c="dimmed" aria-live="polite">
        {current
          ? t('account.strength.level', { level: t(`account.strength.levels.${level}`) })
          : typed
            ? t('account.strength.loading')
            : t('account.strength.empty')}
        {current && isKnownWarning(warning) ? ` ${t(`account.strength.warnings.${warning}`)}` : ''}
      </Text>
    </Stack>
  );
}
