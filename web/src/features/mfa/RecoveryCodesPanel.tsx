import { Alert, Button, CopyButton, Group, List, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface RecoveryCodesPanelProps {
  codes: string[];
  /** Shown as the last button, e.g. to continue signing in. */
  doneLabel?: string;
  onDone?: () => void;
}

/** New recovery codes, shown once, with copy and download. */
export function RecoveryCodesPanel({ codes, doneLabel, onDone }: RecoveryCodesPanelProps) {
  const { t } = useTranslation();
  const text = [t('mfa.recovery.fileHeader'), '', ...codes].join('\n');

  const download = () => {
    const url = URL.createObjectURL(new Blob([`${text}\n`], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = t('mfa.recovery.fileName');
    link.click();
    URL.revokeObjectURL(url);
  };

  return (
    <Alert color="yellow" title={t('mfa.recovery.shownOnceTitle')} data-testid="recovery-codes-panel">
      <Stack gap="sm">
        {t('mfa.recovery.shownOnce')}
        <List
          data-testid="recovery-codes"
          ff="monospace"
          fz="lg"
          styles={{ root: { columns: 2 } }}
          listStyleType="none"
        >
          {codes.map((code) => (
            <List.Item key={code}>{code}</List.Item>
          ))}
        </List>
        <Group>
          <CopyButton value={codes.join('\n')}>
            {({ copied, copy }) => (
              <Button variant="light" onClick={copy}>
                {copied ? t('mfa.recovery.copied') : t('mfa.recovery.copy')}
              </Button>
            )}
          </CopyButton>
          <Button variant="light" onClick={download}>
            {t('mfa.recovery.download')}
          </Button>
          {onDone && (
            <Button onClick={onDone} data-testid="recovery-codes-done">
              {doneLabel ?? t('mfa.recovery.saved')}
            </Button>
          )}
        </Group>
      </Stack>
    </Alert>
  );
}
