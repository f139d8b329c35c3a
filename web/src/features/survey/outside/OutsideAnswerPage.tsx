import {
  Alert,
  Badge,
  Button,
  Checkbox,
  FileInput,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isApiStatus } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { formatDateTime } from '../../../format';
import { useLang } from '../../../i18n/useLang';
import { usePageTitle } from '../../../layout/usePageTitle';
import {
  useSubmitAnswer,
  useUploadAnswerFile,
  useUploadLink,
  type FileKind,
  type OutsideAnswer,
  type OutsideComposition,
  type ParsedProduct,
  type UploadedFile,
  type UploadLinkRequest,
} from './api';
import { RequestItemRows } from '../tableParts';

/** Mantine's light alert titles in green fall below 4.5:1 contrast; titles use the text colour. */
const READABLE_TITLE = { title: { color: 'var(--mantine-color-text)' } };
const FILE_KINDS: FileKind[] = ['chemsherpa', 'ipc1752a', 'spreadsheet', 'sds', 'other'];
/** How many list entries are shown before "show all". */
const ENTRIES_SHOWN = 20;

interface SubstanceRow {
  name: string;
  cas: string;
  massPercent: string;
  aboveThreshold: boolean;
}

interface ItemDraft {
  massG: string;
  rows: SubstanceRow[];
  /** A composition read from an uploaded file, used as it is instead of the rows. */
  fromFile: { fileName: string; composition: OutsideComposition; massG: number | null } | null;
}

const emptyRow = (): SubstanceRow => ({ name: '', cas: '', massPercent: '', aboveThreshold: false });

/**
 * `/survey/answer/:token`: an outside company answers a chemical survey through the link it was
 * mailed, without an account: it reads the request, uploads its files (chemSHERPA, IPC-1752A,
 * CSV, Excel, SDS) or fills in the substances per item, and submits once.
 */
export function OutsideAnswerPage() {
  const { t } = useTranslation();
  usePageTitle(t('surveyOutside.title'));
  const { token = '' } = useParams();
  const link = useUploadLink(token);
  const submit = useSubmitAnswer(token);

  let body: ReactNode;
  if (link.isPending) {
    body = <LoadingState />;
  } else if (submit.isSuccess) {
    body = (
      <Alert color="green" title={t('surveyOutside.done.title')} styles={READABLE_TITLE} data-testid="outside-done">
        <Text size="sm">{t('surveyOutside.done.body')}</Text>
      </Alert>
    );
  } else if (isApiStatus(link.error, 404) || isApiStatus(link.error, 400) || isApiStatus(submit.error, 404)) {
    body = (
      <Alert color="red" title={t('surveyOutside.invalid.title')} styles={READABLE_TITLE} data-testid="outside-invalid">
        <Text size="sm">{t('surveyOutside.invalid.body')}</Text>
      </Alert>
    );
  } else if (link.isError) {
    body = <ErrorAlert error={link.error} onRetry={() => void link.refetch()} />;
  } else {
    body = <AnswerForm token={token} data={link.data} submit={submit} />;
  }

  return (
    <Paper withBorder shadow="xs" p="xl" maw={960} mx="auto" mt="xl">
      <Stack>
        <Title order={1} size="h2">
          {t('surveyOutside.title')}
        </Title>
        {body}
      </Stack>
    </Paper>
  );
}

function RequestSummary({ data }: { data: UploadLinkRequest }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [showAll, setShowAll] = useState(false);
  const r = data.request;
  const entries = r.listSnapshot?.entries ?? [];
  return (
    <Stack gap="sm" data-testid="outside-summary">
      <Title order={2} size="h3">
        {r.title}
      </Title>
      <Table variant="vertical" withTableBorder layout="fixed">
        <Table.Tbody>
          <Table.Tr>
            <Table.Th w={180}>{t('surveyOutside.summary.requester')}</Table.Th>
            <Table.Td>{r.requesterName}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('surveyOutside.summary.respondBy')}</Table.Th>
            <Table.Td>{r.respondBy}</Table.Td>
          </Table.Tr>
          {r.requesterRef && (
            <Table.Tr>
              <Table.Th>{t('surveyOutside.summary.reference')}</Table.Th>
              <Table.Td>{r.requesterRef}</Table.Td>
            </Table.Tr>
          )}
          <Table.Tr>
            <Table.Th>{t('surveyOutside.summary.format')}</Table.Th>
            <Table.Td>{t(`surveyOutside.format.${r.formatWanted}`, { defaultValue: r.formatWanted })}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th>{t('surveyOutside.summary.linkExpires')}</Table.Th>
            <Table.Td>{formatDateTime(data.expiresAt, lang, { withZone: true })}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      {r.message && (
        <Text style={{ whiteSpace: 'pre-wrap' }} data-testid="outside-message">
          {r.message}
        </Text>
      )}
      <Title order={3} size="h4">
        {t('surveyOutside.summary.items')}
      </Title>
      <Table withTableBorder data-testid="outside-items">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('surveyOutside.summary.productNumber')}</Table.Th>
            <Table.Th>{t('surveyOutside.summary.productName')}</Table.Th>
            <Table.Th>{t('surveyOutside.summary.yourNumber')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <RequestItemRows items={r.items} />
      </Table>
      {r.listSnapshot && (
        <>
          <Title order={3} size="h4">
            {t('surveyOutside.summary.list', { name: r.listSnapshot.listName, version: r.listSnapshot.versionLabel })}
          </Title>
          <Text size="sm" c="dimmed">
            {t('surveyOutside.summary.listIntro')}
          </Text>
          <Table withTableBorder data-testid="outside-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('surveyOutside.summary.substance')}</Table.Th>
                <Table.Th>{t('surveyOutside.summary.cas')}</Table.Th>
                <Table.Th>{t('surveyOutside.summary.threshold')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(showAll ? entries : entries.slice(0, ENTRIES_SHOWN)).map((entry, i) => (
                <Table.Tr key={`${entry.cas ?? entry.internalId ?? ''}-${i}`}>
                  <Table.Td>{entry.name}</Table.Td>
                  <Table.Td>{entry.cas ?? entry.internalId ?? ''}</Table.Td>
                  <Table.Td>
                    {t(entry.basis === 'article' ? 'surveyOutside.summary.thresholdArticle' : 'surveyOutside.summary.thresholdMaterial', { percent: entry.thresholdPercent })}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {entries.length > ENTRIES_SHOWN && !showAll && (
            <Button variant="subtle" size="xs" onClick={() => setShowAll(true)}>
              {t('surveyOutside.summary.showAll', { count: entries.length })}
            </Button>
          )}
        </>
      )}
    </Stack>
  );
}

interface AnswerFormProps {
  token: string;
  data: UploadLinkRequest;
  submit: ReturnType<typeof useSubmitAnswer>;
}

function AnswerForm({ token, data, submit }: AnswerFormProps) {
  const { t } = useTranslation();
  const items = data.request.items;
  const [drafts, setDrafts] = useState<Record<string, ItemDraft>>(() => Object.fromEntries(items.map((i) => [i.key, { massG: '', rows: [], fromFile: null }])));
  const [files, setFiles] = useState<UploadedFile[]>([]);
  const [unmatched, setUnmatched] = useState<ParsedProduct[]>([]);
  const [company, setCompany] = useState('');
  const [contactName, setContactName] = useState('');
  const [contactEmail, setContactEmail] = useState('');
  const [contactPhone, setContactPhone] = useState('');
  const [comment, setComment] = useState('');
  const [formError, setFormError] = useState<string | null>(null);

  const update = (key: string, fn: (draft: ItemDraft) => ItemDraft) => setDrafts((all) => ({ ...all, [key]: fn(all[key] ?? { massG: '', rows: [], fromFile: null }) }));

  const onUploaded = (file: UploadedFile, parsed: ParsedProduct[] | null) => {
    setFiles((all) => [...all, file]);
    const left: ParsedProduct[] = [];
    for (const product of parsed ?? []) {
      if (product.key && drafts[product.key]) {
        update(product.key, (d) => ({ ...d, fromFile: { fileName: file.name, composition: product.composition, massG: product.massG } }));
      } else {
        left.push(product);
      }
    }
    setUnmatched((all) => [...all, ...left]);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    if (!company.trim() || !contactName.trim() || !contactEmail.trim()) {
      setFormError(t('surveyOutside.form.contactRequired'));
      return;
    }
    const products: OutsideAnswer['products'] = [];
    const declarations: OutsideAnswer['compliance'][number]['declarations'] = [];
    for (const item of items) {
      const draft = drafts[item.key];
      if (!draft) continue;
      const massG = draft.massG.trim() === '' ? null : Number(draft.massG);
      if (draft.fromFile) {
        products.push({ key: item.key, massG: massG ?? draft.fromFile.massG, composition: draft.fromFile.composition });
        continue;
      }
      const rows = draft.rows.filter((r) => r.name.trim() !== '');
      if (rows.length === 0) continue;
      products.push({
        key: item.key,
        massG: massG !== null && Number.isFinite(massG) ? massG : null,
        composition: {
          parts: [],
          substances: rows.map((r) => ({
            name: r.name.trim(),
            cas: r.cas.trim() || null,
            ...(r.cas.trim() ? {} : { otherId: r.name.trim().slice(0, 100) }),
            massPercent: Number(r.massPercent) || 0,
          })),
        },
      });
      for (const r of rows) {
        declarations.push({ name: r.name.trim(), cas: r.cas.trim() || null, aboveThreshold: r.aboveThreshold, massPercent: r.massPercent.trim() === '' ? null : Number(r.massPercent), exemption: null });
      }
    }
    const snapshot = data.request.listSnapshot;
    submit.mutate({
      responderCompany: company.trim(),
      contact: { name: contactName.trim(), email: contactEmail.trim(), ...(contactPhone.trim() ? { phone: contactPhone.trim() } : {}) },
      products,
      compliance: snapshot ? [{ listCode: snapshot.listCode, listName: snapshot.listName, versionLabel: snapshot.versionLabel, declarations }] : [],
      ...(comment.trim() ? { comment: comment.trim() } : {}),
      fileIds: files.map((f) => f.fileId),
      fileKinds: Object.fromEntries(files.map((f) => [f.fileId, f.kind])),
    });
  };

  return (
    <Stack gap="xl">
      <RequestSummary data={data} />
      <FileSection token={token} files={files} unmatched={unmatched} onUploaded={onUploaded} />
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="lg">
          <Title order={2} size="h3">
            {t('surveyOutside.form.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('surveyOutside.form.intro')}
          </Text>
          {items.map((item) => {
            const draft = drafts[item.key] ?? { massG: '', rows: [], fromFile: null };
            return (
              <Paper withBorder p="md" key={item.key} data-testid={`outside-item-${item.key}`}>
                <Stack gap="sm">
                  <Text fw={700}>
                    {item.productNumber} {item.name}
                  </Text>
                  <TextInput
                    label={t('surveyOutside.form.massG')}
                    inputMode="decimal"
                    maw={240}
                    value={draft.massG}
                    onChange={(e) => {
                      const value = e.currentTarget.value;
                      update(item.key, (d) => ({ ...d, massG: value }));
                    }}
                  />
                  {draft.fromFile ? (
                    <Group gap="sm">
                      <Badge variant="light">{t('surveyOutside.form.fromFile', { name: draft.fromFile.fileName, count: draft.fromFile.composition.substances?.length ?? 0 })}</Badge>
                      <Button variant="subtle" size="xs" onClick={() => update(item.key, (d) => ({ ...d, fromFile: null }))}>
                        {t('surveyOutside.form.enterByHand')}
                      </Button>
                    </Group>
                  ) : (
                    <SubstanceRows rows={draft.rows} onChange={(rows) => update(item.key, (d) => ({ ...d, rows }))} itemKey={item.key} />
                  )}
                </Stack>
              </Paper>
            );
          })}
          <Title order={2} size="h3">
            {t('surveyOutside.form.contactTitle')}
          </Title>
          <TextInput label={t('surveyOutside.form.company')} required value={company} onChange={(e) => setCompany(e.currentTarget.value)} autoComplete="organization" data-testid="outside-company" />
          <Group grow align="flex-start">
            <TextInput label={t('surveyOutside.form.contactName')} required value={contactName} onChange={(e) => setContactName(e.currentTarget.value)} autoComplete="name" data-testid="outside-contact-name" />
            <TextInput label={t('surveyOutside.form.contactEmail')} required type="email" value={contactEmail} onChange={(e) => setContactEmail(e.currentTarget.value)} autoComplete="email" data-testid="outside-contact-email" />
            <TextInput label={t('surveyOutside.form.contactPhone')} value={contactPhone} onChange={(e) => setContactPhone(e.currentTarget.value)} autoComplete="tel" />
          </Group>
          <Textarea label={t('surveyOutside.form.comment')} autosize minRows={2} maxLength={4000} value={comment} onChange={(e) => setComment(e.currentTarget.value)} />
          {formError && (
            <Alert color="red" title={t('errors.title')}>
              {formError}
            </Alert>
          )}
          {submit.isError && !isApiStatus(submit.error, 404) && <ErrorAlert error={submit.error} />}
          <Text size="sm" c="dimmed">
            {t('surveyOutside.form.submitNote')}
          </Text>
          <Group>
            <Button type="submit" loading={submit.isPending} data-testid="outside-submit">
              {t('surveyOutside.form.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

function SubstanceRows({ rows, onChange, itemKey }: { rows: SubstanceRow[]; onChange: (rows: SubstanceRow[]) => void; itemKey: string }) {
  const { t } = useTranslation();
  const set = (index: number, patch: Partial<SubstanceRow>) => onChange(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  return (
    <Stack gap="xs">
      {rows.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('surveyOutside.form.noSubstances')}
        </Text>
      )}
      {rows.map((row, index) => (
        <Group key={index} align="flex-end" wrap="wrap" gap="sm" data-testid={`outside-row-${itemKey}-${index}`}>
          <TextInput label={t('surveyOutside.form.substanceName')} value={row.name} onChange={(e) => set(index, { name: e.currentTarget.value })} w={220} />
          <TextInput label={t('surveyOutside.form.cas')} placeholder="7439-92-1" value={row.cas} onChange={(e) => set(index, { cas: e.currentTarget.value })} w={140} />
          <TextInput label={t('surveyOutside.form.massPercent')} inputMode="decimal" value={row.massPercent} onChange={(e) => set(index, { massPercent: e.currentTarget.value })} w={120} />
          <Checkbox label={t('surveyOutside.form.aboveThreshold')} checked={row.aboveThreshold} onChange={(e) => set(index, { aboveThreshold: e.currentTarget.checked })} mb={8} />
          <Button variant="subtle" color="red" size="xs" mb={4} onClick={() => onChange(rows.filter((_, i) => i !== index))}>
            {t('surveyOutside.form.removeRow')}
          </Button>
        </Group>
      ))}
      <Group>
        <Button variant="light" size="xs" onClick={() => onChange([...rows, emptyRow()])} data-testid={`outside-add-row-${itemKey}`}>
          {t('surveyOutside.form.addRow')}
        </Button>
      </Group>
    </Stack>
  );
}

function FileSection({ token, files, unmatched, onUploaded }: { token: string; files: UploadedFile[]; unmatched: ParsedProduct[]; onUploaded: (file: UploadedFile, parsed: ParsedProduct[] | null) => void }) {
  const { t } = useTranslation();
  const upload = useUploadAnswerFile(token);
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<FileKind | null>(null);
  const [lastRead, setLastRead] = useState<{ name: string; products: ParsedProduct[] | null } | null>(null);

  const send = () => {
    if (!file) return;
    upload.mutate(
      { file, kind },
      {
        onSuccess: (result) => {
          onUploaded(result.file, result.parsed);
          setLastRead({ name: result.file.name, products: result.parsed });
          setFile(null);
        },
      },
    );
  };

  return (
    <Stack gap="sm">
      <Title order={2} size="h3">
        {t('surveyOutside.files.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('surveyOutside.files.intro')}
      </Text>
      <Group align="flex-end" wrap="wrap">
        <FileInput label={t('surveyOutside.files.choose')} value={file} onChange={setFile} clearable w={320} data-testid="outside-file" />
        <Select
          label={t('surveyOutside.files.kind')}
          placeholder={t('surveyOutside.files.kindAuto')}
          data={FILE_KINDS.map((k) => ({ value: k, label: t(`surveyOutside.fileKind.${k}`) }))}
          value={kind}
          onChange={(value) => setKind(value as FileKind | null)}
          clearable
          w={200}
        />
        <Button onClick={send} disabled={!file} loading={upload.isPending} data-testid="outside-upload">
          {t('surveyOutside.files.upload')}
        </Button>
      </Group>
      {upload.isError && <ErrorAlert error={upload.error} />}
      {lastRead && (
        <Alert color={lastRead.products ? 'green' : 'gray'} styles={READABLE_TITLE} title={t('surveyOutside.files.readTitle', { name: lastRead.name })} data-testid="outside-read">
          {lastRead.products ? (
            <Stack gap={4}>
              {lastRead.products.map((p, i) => (
                <Text size="sm" key={`${p.productNumber}-${i}`}>
                  {t('surveyOutside.files.readProduct', { number: p.productNumber, name: p.name, count: p.composition.substances?.length ?? 0 })}
                  {p.key ? '' : ` ${t('surveyOutside.files.notMatched')}`}
                </Text>
              ))}
            </Stack>
          ) : (
            <Text size="sm">{t('surveyOutside.files.notRead')}</Text>
          )}
        </Alert>
      )}
      {unmatched.length > 0 && (
        <Text size="sm" c="dimmed">
          {t('surveyOutside.files.unmatchedNote', { count: unmatched.length })}
        </Text>
      )}
      {files.length > 0 && (
        <Table withTableBorder data-testid="outside-files">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('surveyOutside.files.name')}</Table.Th>
              <Table.Th>{t('surveyOutside.files.kind')}</Table.Th>
              <Table.Th>{t('surveyOutside.files.size')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {files.map((f) => (
              <Table.Tr key={f.fileId}>
                <Table.Td>{f.name}</Table.Td>
                <Table.Td>{t(`surveyOutside.fileKind.${f.kind}`)}</Table.Td>
                <Table.Td>{t('surveyOutside.files.kb', { kb: Math.max(1, Math.round(f.bytes / 1024)) })}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
