// "Why can't they…?": the seed's troubleshooting steps on one screen. Pick a module, an action and
// optionally a record; the server's explain answers, and the answer is put into words with every path.
import { Alert, Button, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import {
  MODULE_NAMES,
  MODULES,
  type ModuleName,
  isModule,
} from '../../../../src/catalogue/modules';
import { serverProblem } from '../../shared/pb';
import { type ExplainQuestion, explain } from './data';
import { answerWords, recordCollections } from './explain-words';
import { ExplainPaths } from './explain-chain';
import { moduleLabel } from './permission-matrix';

export function WhyNot(props: { userId: string; userName: string }) {
  const [module, setModule] = useState<ModuleName>('projects');
  const [action, setAction] = useState<string>('view');
  const [collection, setCollection] = useState<string | null>(
    recordCollections('projects')[0] ?? null,
  );
  const [record, setRecord] = useState('');
  const ask = useMutation({
    mutationFn: (q: ExplainQuestion) => explain(props.userId, q).then((e) => ({ q, e })),
  });
  const collections = recordCollections(module);
  const question: ExplainQuestion = {
    module,
    action,
    ...(record.trim() && collection ? { record: `${collection}/${record.trim()}` } : {}),
  };
  return (
    <Paper withBorder p="md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!ask.isPending) ask.mutate(question);
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4">
            Why can’t they…?
          </Title>
          <Text size="sm">
            Checks their groups, the roles those groups and the groups above them give, and the
            exact permission; with a record, whether it is shared with them.
          </Text>
          <Group gap="sm" align="flex-end" wrap="wrap">
            <Select
              label="Module"
              data={MODULE_NAMES.map((m) => ({ value: m, label: moduleLabel(m) }))}
              value={module}
              allowDeselect={false}
              onChange={(value) => {
                if (!value || !isModule(value)) return;
                setModule(value);
                setAction(MODULES[value][0]);
                setCollection(recordCollections(value)[0] ?? null);
              }}
              w={180}
            />
            <Select
              label="Action"
              data={[...MODULES[module]]}
              value={action}
              allowDeselect={false}
              onChange={(value) => {
                if (value) setAction(value);
              }}
              w={180}
            />
            {collections.length > 0 ? (
              <>
                <Select
                  label="Collection"
                  data={collections}
                  value={collection}
                  allowDeselect={false}
                  onChange={setCollection}
                  w={150}
                />
                <TextInput
                  label="Record id (optional)"
                  value={record}
                  onChange={(e) => {
                    setRecord(e.currentTarget.value);
                  }}
                  w={200}
                />
              </>
            ) : null}
            <Button type="submit" loading={ask.isPending}>
              Check
            </Button>
          </Group>
          <div aria-live="polite">
            {ask.isError ? (
              <Alert color="red" variant="light" title="Could not check">
                {serverProblem(ask.error).message}
              </Alert>
            ) : ask.data ? (
              <Alert
                color={ask.data.e.allowed ? 'green' : 'red'}
                variant="light"
                title={ask.data.e.allowed ? 'Allowed' : 'Denied'}
              >
                <Stack gap="xs">
                  {answerWords(props.userName, ask.data.q, ask.data.e).map((line) => (
                    <Text size="sm" key={line}>
                      {line}
                    </Text>
                  ))}
                  <ExplainPaths
                    explanation={ask.data.e}
                    userId={props.userId}
                    userName={props.userName}
                  />
                </Stack>
              </Alert>
            ) : null}
          </div>
        </Stack>
      </form>
    </Paper>
  );
}
