// One record's form (loaded on first visit), generated from the collection's schema: create
// (`/records/<collection>/new`) or edit, client checks first, the server's field errors next to
// their fields, one request however often Save is clicked; Share and Delete when the grants allow.
import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, useNavigate, useParams } from '@tanstack/react-router';
import type { RecordModel } from 'pocketbase';
import { useRef, useState } from 'react';
import { serverProblem } from '../../shared/pb';
import { LoadError, Loading } from '../../shared/states';
import { currentUser, pb } from '../pb';
import { can, grantsQuery, targetOf, useCollection } from './data';
import { FieldInput } from './field-input';
import { recordLabel } from './format';
import { type FormValue, changedBody, checkForm, toBody, toFormValue } from './inputs';
import {
  type CollectionModel,
  type FieldModel,
  displayField,
  expandOf,
  formFields,
  singularOf,
  titleOf,
} from './schema';
import { RouterAnchor } from './links';
import { ShareDialog } from './share-dialog';

function RecordPage() {
  const { collection: name, id } = useParams({ from: '/_app/records/$collection/$id' });
  const schema = useCollection(name);
  const grants = useQuery(grantsQuery);
  const isNew = id === 'new';
  const fields = schema.collection ? formFields(schema.collection, schema.share) : [];
  const record = useQuery({
    queryKey: ['record', name, id],
    enabled: !!schema.collection && !isNew,
    queryFn: ({ signal }) =>
      pb.collection(name).getOne(id, { expand: expandOf(fields) || undefined, signal }),
  });

  if (schema.query.isPending || grants.isPending || (!isNew && record.isPending)) {
    return <Loading label="Loading…" />;
  }
  const error = schema.query.error ?? grants.error ?? record.error;
  if (error) {
    return (
      <LoadError
        what={isNew ? 'the form' : `this ${singularOf(name)}`}
        error={error}
        onRetry={() => {
          void schema.query.refetch();
          void grants.refetch();
          void record.refetch();
        }}
      />
    );
  }
  if (!schema.collection) {
    return (
      <Stack gap="md">
        <Title order={1}>Not found</Title>
        <Text>There is no collection “{name}”, or your roles do not reach it.</Text>
      </Stack>
    );
  }
  return (
    <RecordForm
      key={`${name}/${id}`}
      collection={schema.collection}
      all={schema.all}
      fields={fields}
      record={isNew ? null : (record.data ?? null)}
      mayCreate={can(grants.data, name, 'create')}
      mayEdit={can(grants.data, name, 'edit')}
      mayDelete={can(grants.data, name, 'delete')}
      mayShare={!!schema.share && can(grants.data, name, 'edit')}
    />
  );
}

/** A new record's values: empty, but a relation to the users collection is the signed-in user. */
function initialValues(
  fields: readonly FieldModel[],
  all: readonly CollectionModel[],
  record: RecordModel | null,
): Record<string, FormValue> {
  const me = currentUser()?.id ?? '';
  return Object.fromEntries(
    fields.map((f) => {
      if (record) return [f.name, toFormValue(f, record[f.name])];
      const toUsers = f.type === 'relation' && targetOf(all, f.collectionId)?.name === 'users';
      return [f.name, toFormValue(f, toUsers && (f.maxSelect ?? 1) <= 1 ? me : undefined)];
    }),
  );
}

function RecordForm(props: {
  collection: CollectionModel;
  all: readonly CollectionModel[];
  fields: readonly FieldModel[];
  record: RecordModel | null;
  mayCreate: boolean;
  mayEdit: boolean;
  mayDelete: boolean;
  mayShare: boolean;
}) {
  const { collection, record, fields } = props;
  const name = collection.name;
  const one = singularOf(name);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [initial] = useState(() => initialValues(fields, props.all, record));
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const sending = useRef(false);
  const [sharing, setSharing] = useState(false);
  const readOnly = record ? !props.mayEdit : !props.mayCreate;
  const label = record ? recordLabel(record, displayField(collection)) : '';
  const expand = (record?.expand ?? {}) as Record<string, unknown>;
  const me = currentUser();
  const known = (f: FieldModel) => {
    // A new record's relation to the users collection starts as the signed-in user.
    if (!record && me && values[f.name] === me.id) return [{ ...me }];
    const related = expand[f.name];
    return (Array.isArray(related) ? related : related ? [related] : []) as Record<
      string,
      unknown
    >[];
  };
  const backToList = () => navigate({ to: '/records/$collection', params: { collection: name } });

  const save = async () => {
    // A double click sends one request: the second finds the first still going.
    if (sending.current) return;
    const found = checkForm(fields, values);
    setErrors(found);
    setProblem('');
    if (Object.keys(found).length > 0) return;
    sending.current = true;
    setBusy(true);
    try {
      if (record) await pb.collection(name).update(record.id, changedBody(fields, initial, values));
      else await pb.collection(name).create(toBody(fields, values));
      notifications.show({
        color: 'green',
        message: `${titleOf(one)} ${record ? 'saved' : 'created'}.`,
      });
      await queryClient.invalidateQueries({ queryKey: ['records', name] });
      queryClient.removeQueries({ queryKey: ['record', name] });
      await backToList();
    } catch (e) {
      const server = serverProblem(e);
      setProblem(server.message);
      setErrors(server.fields);
      sending.current = false;
      setBusy(false);
    }
  };

  const confirmDelete = () => {
    if (!record) return;
    modals.openConfirmModal({
      title: `Delete ${one} “${label}”?`,
      children: <Text size="sm">This cannot be undone.</Text>,
      labels: { confirm: `Delete ${one}`, cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => {
        void pb
          .collection(name)
          .delete(record.id)
          .then(async () => {
            notifications.show({ color: 'green', message: `${titleOf(one)} deleted.` });
            await queryClient.invalidateQueries({ queryKey: ['records', name] });
            await backToList();
          })
          .catch((e: unknown) => {
            setProblem(serverProblem(e).message);
          });
      },
    });
  };

  if (!record && !props.mayCreate) {
    return (
      <Stack gap="md">
        <Title order={1}>New {one}</Title>
        <Text>Your roles do not allow creating {name}.</Text>
      </Stack>
    );
  }

  return (
    <Stack gap="md" maw={720}>
      <RouterAnchor to="/records/$collection" params={{ collection: name }} size="sm">
        Back to {titleOf(name)}
      </RouterAnchor>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Title order={1} style={{ overflowWrap: 'anywhere' }}>
          {record ? `${titleOf(one)} ${label}` : `New ${one}`}
        </Title>
        {record ? (
          <Group gap="sm">
            {props.mayShare ? (
              <Button
                variant="default"
                onClick={() => {
                  setSharing(true);
                }}
              >
                Share
              </Button>
            ) : null}
            {props.mayDelete ? (
              <Button variant="default" color="red" onClick={confirmDelete}>
                Delete
              </Button>
            ) : null}
          </Group>
        ) : null}
      </Group>
      {readOnly ? (
        <Text size="sm" c="dimmed">
          Your roles let you view this {one}, not change it.
        </Text>
      ) : null}
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack gap="md">
          {fields.map((f) => (
            <FieldInput
              key={f.name}
              field={f}
              value={values[f.name] ?? null}
              onChange={(v) => {
                setValues((prev) => ({ ...prev, [f.name]: v }));
              }}
              error={errors[f.name]}
              readOnly={readOnly}
              target={targetOf(props.all, f.collectionId)}
              known={known(f)}
            />
          ))}
          {problem ? (
            <Alert
              color="red"
              variant="light"
              role="alert"
              title={record ? `${titleOf(one)} not saved` : `${titleOf(one)} not created`}
            >
              {problem}
            </Alert>
          ) : null}
          {readOnly ? null : (
            <Group justify="flex-end">
              <Button
                variant="default"
                onClick={() => {
                  void backToList();
                }}
              >
                Cancel
              </Button>
              <Button type="submit" loading={busy}>
                {record ? 'Save changes' : `Create ${one}`}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
      {record ? (
        <ShareDialog
          collection={name}
          recordIds={[record.id]}
          opened={sharing}
          onClose={() => {
            setSharing(false);
          }}
        />
      ) : null}
    </Stack>
  );
}

export const Route = createLazyRoute('/_app/records/$collection/$id')({ component: RecordPage });
