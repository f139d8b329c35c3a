import { Button, Group, List, Paper, SegmentedControl, Stack, Text, Textarea, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { LoadingState } from '../../components/LoadingState';
import type { Lang } from '../../i18n';
import { useMailPreview, useSendMessage, type AffectedTenant, type IncidentDetail, type MessageKind } from './api';
import { IncidentDialog } from './incidentLabels';
import classes from './incidents.module.css';

interface SendMessageDialogProps {
  incident: IncidentDetail;
  kind: MessageKind;
  recipients: AffectedTenant[];
  onClose: () => void;
  onSent: (count: number) => void;
}

/**
 * Composes a first notice, an update or the closure: the staff member picks the language,
 * edits the text (drafted by the server), and sees the whole mail as a tenant will read it
 * before sending. Sending mails every listed tenant at once, so the button names how many.
 */
export function SendMessageDialog({ incident, kind, recipients, onClose, onSent }: SendMessageDialogProps) {
  const { t } = useTranslation();
  const [lang, setLang] = useState<Lang>('ja');
  const preview = useMailPreview(incident.id, kind, lang);
  const send = useSendMessage(incident.id, kind);
  // Each language starts from its own draft; what the staff member typed is kept per language.
  const [texts, setTexts] = useState<Partial<Record<Lang, string>>>({});
  const [error, setError] = useState<string | undefined>();
  const draft = preview.data?.defaultMessage;
  useEffect(() => {
    if (draft !== undefined) setTexts((current) => (current[lang] === undefined ? { ...current, [lang]: draft } : current));
  }, [draft, lang]);
  const message = texts[lang] ?? '';

  const submit = () => {
    if (message.trim() === '') {
      setError(t('incidents.send.required'));
      return;
    }
    send.mutate(
      { lang, message: message.trim(), ...(kind === 'notification' ? { tenantIds: recipients.map((r) => r.customerId) } : {}) },
      { onSuccess: (answer) => onSent(answer.sent) },
    );
  };

  return (
    <IncidentDialog title={t(`incidents.send.title.${kind}`)} onClose={onClose}>
      <Stack>
        <Text size="sm">{t(`incidents.send.intro.${kind}`, { title: incident.title })}</Text>
        {send.isError && <ErrorAlert error={send.error} fieldsShownInline={['message']} />}
        <div>
          <Text size="sm" fw={700}>
            {t('incidents.send.recipients', { count: recipients.length })}
          </Text>
          <List size="sm" data-testid="incident-send-recipients">
            {recipients.map((r) => (
              <List.Item key={r.customerId}>
                {r.name}（{r.contactEmail ?? t('incidents.detail.contactGone')}）
              </List.Item>
            ))}
          </List>
        </div>
        <Stack gap={4}>
          <Text size="sm" fw={700} id="incident-send-lang-label">
            {t('incidents.send.language')}
          </Text>
          <SegmentedControl
            aria-labelledby="incident-send-lang-label"
            value={lang}
            onChange={(value) => setLang(value === 'en' ? 'en' : 'ja')}
            data={[
              { value: 'ja', label: t('incidents.lang.ja') },
              { value: 'en', label: t('incidents.lang.en') },
            ]}
            w="fit-content"
            data-testid="incident-send-lang"
          />
        </Stack>
        {preview.isPending ? (
          <LoadingState />
        ) : preview.isError ? (
          <ErrorAlert error={preview.error} onRetry={() => void preview.refetch()} />
        ) : (
          <>
            <Textarea
              label={t('incidents.send.message')}
              description={t('incidents.send.messageHint')}
              required
              autosize
              minRows={5}
              maxLength={4000}
              value={message}
              error={error ?? (send.error instanceof ApiError ? send.error.fields.message : undefined)}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setTexts((current) => ({ ...current, [lang]: value }));
                setError(undefined);
              }}
              data-testid="incident-send-message"
            />
            <Stack gap={4}>
              <Title order={3} size="h5">
                {t('incidents.send.preview')}
              </Title>
              <Text size="xs" c="dimmed">
                {t('incidents.send.previewNote', { name: preview.data.tenantName })}
              </Text>
              <Paper withBorder p="sm" data-testid="incident-send-preview">
                <Text size="sm" fw={700} mb="xs">
                  {t('incidents.send.subject', { subject: preview.data.subject })}
                </Text>
                <Text size="sm" className={classes.mailText}>
                  {preview.data.before}
                  <mark className={classes.editable}>{message}</mark>
                  {preview.data.after}
                </Text>
              </Paper>
            </Stack>
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('incidents.cancel')}
          </Button>
          <Button
            color={kind === 'closure' ? 'red' : undefined}
            onClick={submit}
            loading={send.isPending}
            disabled={preview.isPending || preview.isError}
            data-testid="incident-send-submit"
          >
            {kind === 'closure' ? t('incidents.send.submitClose', { count: recipients.length }) : t('incidents.send.submit', { count: recipients.length })}
          </Button>
        </Group>
      </Stack>
    </IncidentDialog>
  );
}
