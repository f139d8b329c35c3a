import { Alert, Button, Group, Paper, SimpleGrid, Stack, TagsInput, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiStatus } from '../../../api';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { LoadingState } from '../../../components/LoadingState';
import { usePageTitle } from '../../../layout/usePageTitle';
import { useCatalogRole, useProfile, useSaveProfile, type Profile, type ProfileInput } from '../api';
import { newRowId } from './productDraft';
import { PageHeader, ReadOnlyNote, serverFieldErrors } from './shared';

interface ContactDraft {
  rowId: string;
  name: string;
  department: string;
  email: string;
  phone: string;
  topics: string;
}

interface ProfileDraft {
  displayName: string;
  displayNameEn: string;
  description: string;
  descriptionEn: string;
  website: string;
  sites: string[];
  certifications: string[];
  contacts: ContactDraft[];
}

const TOP_FIELDS = ['displayName', 'displayNameEn', 'description', 'descriptionEn', 'website', 'sites', 'certifications'] as const;
const CONTACT_FIELDS = ['name', 'department', 'email', 'phone', 'topics'] as const;

const EMPTY: ProfileDraft = { displayName: '', displayNameEn: '', description: '', descriptionEn: '', website: '', sites: [], certifications: [], contacts: [] };

function draftOf(profile: Profile): ProfileDraft {
  return {
    displayName: profile.displayName,
    displayNameEn: profile.displayNameEn,
    description: profile.description,
    descriptionEn: profile.descriptionEn,
    website: profile.website,
    sites: profile.sites,
    certifications: profile.certifications,
    contacts: (profile.contacts ?? []).map((c) => ({ rowId: newRowId(), ...c })),
  };
}

function inputOf(draft: ProfileDraft, version: number | undefined): ProfileInput {
  return {
    displayName: draft.displayName.trim(),
    displayNameEn: draft.displayNameEn.trim(),
    description: draft.description.trim(),
    descriptionEn: draft.descriptionEn.trim(),
    website: draft.website.trim(),
    sites: draft.sites,
    certifications: draft.certifications,
    contacts: draft.contacts.map((c) => ({ name: c.name.trim(), department: c.department.trim(), email: c.email.trim(), phone: c.phone.trim(), topics: c.topics.trim() })),
    ...(version === undefined ? {} : { version }),
  };
}

/** 掲載企業プロフィール: how the company appears beside its products; contacts are shown to paid subscribers. */
export function ProfilePage() {
  const { t } = useTranslation();
  usePageTitle(t('catalogPublish.profile.title'));
  const profile = useProfile();
  if (profile.isPending) return <LoadingState />;
  if (profile.isError) return <ErrorAlert error={profile.error} onRetry={() => void profile.refetch()} />;
  return <ProfileForm profile={profile.data} onReload={() => void profile.refetch()} />;
}

function ProfileForm({ profile, onReload }: { profile: Profile | null; onReload: () => void }) {
  const { t } = useTranslation();
  const isAdmin = useCatalogRole() === 'admin';
  const readOnly = !isAdmin;
  const save = useSaveProfile();
  const [draft, setDraft] = useState<ProfileDraft>(profile ? draftOf(profile) : EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (profile) setDraft(draftOf(profile));
  }, [profile]);

  const set = <K extends keyof ProfileDraft>(key: K, value: ProfileDraft[K]) => {
    setDraft((current) => ({ ...current, [key]: value }));
    setSaved(false);
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([path]) => path !== key && !path.startsWith(`${key}.`))));
  };
  const updateContact = (index: number, patch: Partial<ContactDraft>) =>
    set(
      'contacts',
      draft.contacts.map((c, i) => (i === index ? { ...c, ...patch } : c)),
    );

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.reset();
    setSaved(false);
    const next: Record<string, string> = {};
    if (draft.displayName.trim() === '') next.displayName = t('catalogPublish.required');
    draft.contacts.forEach((c, i) => {
      if (c.name.trim() === '') next[`contacts.${i}.name`] = t('catalogPublish.required');
      if (c.email.trim() === '') next[`contacts.${i}.email`] = t('catalogPublish.required');
    });
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    save.mutate(inputOf(draft, profile?.version), {
      onSuccess: () => setSaved(true),
      onError: (error) => setErrors(serverFieldErrors(error)),
    });
  };

  const conflict = isApiStatus(save.error, 409) && save.error.code === 'conflict';
  const shownInline = Object.keys(errors).filter((path) => (TOP_FIELDS as readonly string[]).includes(path) || /^contacts\.\d+\./.test(path));

  return (
    <Stack maw={960}>
      <PageHeader title={t('catalogPublish.profile.title')} intro={t('catalogPublish.profile.intro')} />
      {readOnly && <ReadOnlyNote text={t('catalogPublish.profile.readOnly')} />}
      {!profile && !readOnly && (
        <Alert color="orange" variant="light" data-testid="profile-missing">
          {t('catalogPublish.profile.missing')}
        </Alert>
      )}
      {saved && (
        <Alert color="green" variant="light" role="status" data-testid="profile-saved">
          {t('catalogPublish.profile.saved')}
        </Alert>
      )}
      {conflict ? (
        <Alert color="orange" title={t('catalogPublish.conflict.title')} data-testid="profile-conflict">
          <Text size="sm">{t('catalogPublish.conflict.body')}</Text>
          <Button size="xs" mt="sm" variant="light" color="orange" onClick={onReload}>
            {t('catalogPublish.conflict.reload')}
          </Button>
        </Alert>
      ) : (
        save.isError && <ErrorAlert error={save.error} fieldsShownInline={shownInline} />
      )}
      <form onSubmit={submit} noValidate aria-label={t('catalogPublish.profile.title')}>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('catalogPublish.profile.displayName')}
              required={!readOnly}
              readOnly={readOnly}
              maxLength={200}
              value={draft.displayName}
              error={errors.displayName}
              onChange={(e) => set('displayName', e.currentTarget.value)}
              data-testid="profile-display-name"
            />
            <TextInput
              label={t('catalogPublish.profile.displayNameEn')}
              readOnly={readOnly}
              maxLength={200}
              value={draft.displayNameEn}
              error={errors.displayNameEn}
              onChange={(e) => set('displayNameEn', e.currentTarget.value)}
              data-testid="profile-display-name-en"
            />
            <Textarea
              label={t('catalogPublish.profile.description')}
              autosize
              minRows={3}
              maxLength={4000}
              readOnly={readOnly}
              value={draft.description}
              error={errors.description}
              onChange={(e) => set('description', e.currentTarget.value)}
              data-testid="profile-description"
            />
            <Textarea
              label={t('catalogPublish.profile.descriptionEn')}
              autosize
              minRows={3}
              maxLength={4000}
              readOnly={readOnly}
              value={draft.descriptionEn}
              error={errors.descriptionEn}
              onChange={(e) => set('descriptionEn', e.currentTarget.value)}
              data-testid="profile-description-en"
            />
          </SimpleGrid>
          <TextInput
            label={t('catalogPublish.profile.website')}
            placeholder="https://"
            type="url"
            readOnly={readOnly}
            maxLength={300}
            value={draft.website}
            error={errors.website}
            onChange={(e) => set('website', e.currentTarget.value)}
            data-testid="profile-website"
          />
          <TagsInput
            label={t('catalogPublish.profile.sites')}
            description={readOnly ? undefined : t('catalogPublish.profile.sitesHint')}
            value={draft.sites}
            onChange={(sites) => set('sites', sites)}
            maxTags={20}
            readOnly={readOnly}
            error={errors.sites}
            clearButtonProps={{ 'aria-label': t('catalogPublish.profile.clearSites') }}
            data-testid="profile-sites"
          />
          <TagsInput
            label={t('catalogPublish.profile.certifications')}
            description={readOnly ? undefined : t('catalogPublish.profile.certificationsHint')}
            value={draft.certifications}
            onChange={(certifications) => set('certifications', certifications)}
            data={['ISO 9001', 'ISO 14001', 'ISO 45001', 'IATF 16949', 'ISO 13485']}
            maxTags={20}
            readOnly={readOnly}
            error={errors.certifications}
            clearButtonProps={{ 'aria-label': t('catalogPublish.profile.clearCertifications') }}
            data-testid="profile-certifications"
          />
          <Title order={2} size="h4">
            {t('catalogPublish.profile.contacts')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('catalogPublish.profile.contactsHint')}
          </Text>
          {draft.contacts.length === 0 && <Text size="sm">{t('catalogPublish.profile.noContacts')}</Text>}
          {draft.contacts.map((contact, index) => {
            const n = index + 1;
            return (
              <Paper key={contact.rowId} withBorder p="sm" data-testid="contact-row">
                <Stack gap="xs">
                  <Group justify="space-between">
                    <Text fw={700} size="sm">
                      {t('catalogPublish.profile.contactTitle', { n })}
                    </Text>
                    {!readOnly && (
                      <Button variant="subtle" color="red" size="xs" onClick={() => set('contacts', draft.contacts.filter((_, i) => i !== index))} data-testid="contact-remove">
                        {t('catalogPublish.profile.removeContact', { n })}
                      </Button>
                    )}
                  </Group>
                  <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
                    {CONTACT_FIELDS.map((field) => (
                      <TextInput
                        key={field}
                        label={t(`catalogPublish.profile.contact.${field}`)}
                        required={!readOnly && (field === 'name' || field === 'email')}
                        type={field === 'email' ? 'email' : field === 'phone' ? 'tel' : 'text'}
                        readOnly={readOnly}
                        maxLength={field === 'email' ? 254 : field === 'phone' ? 40 : field === 'topics' ? 200 : 100}
                        value={contact[field]}
                        error={errors[`contacts.${index}.${field}`]}
                        onChange={(e) => updateContact(index, { [field]: e.currentTarget.value })}
                        data-testid={`contact-${field}`}
                      />
                    ))}
                  </SimpleGrid>
                </Stack>
              </Paper>
            );
          })}
          {!readOnly && draft.contacts.length < 10 && (
            <Group>
              <Button
                variant="light"
                size="xs"
                onClick={() => set('contacts', [...draft.contacts, { rowId: newRowId(), name: '', department: '', email: '', phone: '', topics: '' }])}
                data-testid="contact-add"
              >
                {t('catalogPublish.profile.addContact')}
              </Button>
            </Group>
          )}
          {!readOnly && (
            <Group>
              <Button type="submit" loading={save.isPending} data-testid="profile-save">
                {t('catalogPublish.save')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Stack>
  );
}
