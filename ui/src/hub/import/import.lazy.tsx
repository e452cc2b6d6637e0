// Admin > Users & Access > Import Users (issue 16, item 7), the seed's steps as a stepper: download
// the template CSV → upload the completed file (a preview of its first rows; the options) → review
// the server's dry run (counts, rows filterable by create/update/skip/error with reasons; an option
// changed runs it again) → Confirm → results with the invitation links. Large files show progress.
// Only holders of admin users.manage and import see it; the server decides and its refusals show.
import { Alert, Button, Group, Paper, Stack, Stepper, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { serverProblem } from '../../shared/pb';
import { LoadError, Loading } from '../../shared/states';
import { hasAdmin } from '../admin/sections';
import { UsersAccessHeader } from '../admin/users-access-header';
import { grantsQuery } from '../records/data';
import { RouterButton } from '../records/links';
import {
  DEFAULT_OPTIONS,
  type DryRun,
  type ImportOptions,
  type ImportResult,
  type UploadProgress,
  confirmImport,
  uploadDryRun,
} from './data';
import { OptionsForm } from './options-form';
import { ProgressPanel } from './progress-panel';
import { ResultsStep } from './results-step';
import { DryRunRows, DryRunSummary } from './review-step';
import { TemplateStep } from './template-step';
import { UploadStep } from './upload-step';

type Problem = ReturnType<typeof serverProblem>;

function ProblemAlert(props: { problem: Problem; title: string }) {
  const fields = Object.entries(props.problem.fields);
  return (
    <Alert color="red" variant="light" role="alert" title={props.title}>
      <Text size="sm">{props.problem.message}</Text>
      {fields.length > 0 ? (
        <Stack component="ul" gap={2} mt="xs" pl="md" m={0}>
          {fields.map(([field, message]) => (
            <Text component="li" size="sm" key={field}>
              {field}: {message}
            </Text>
          ))}
        </Stack>
      ) : null}
    </Alert>
  );
}

function progressLabel(p: UploadProgress, file: File | null): string {
  if (p.phase === 'starting') return `Uploading ${file?.name ?? 'the file'}…`;
  if (p.phase === 'sending') return `Uploading ${file?.name ?? 'the file'}… ${p.percent}%`;
  return 'Checking every row on the server (nothing is written yet)…';
}

const STEP_TITLES = [
  'Step 1 of 4: prepare the file',
  'Step 2 of 4: upload it',
  'Step 3 of 4: review the dry run',
  'Step 4 of 4: results',
] as const;

function Wizard() {
  const queryClient = useQueryClient();
  const wide = useMediaQuery('(min-width: 48em)', true, { getInitialValueInEffect: false });
  const [active, setActive] = useState(0);
  const [file, setFile] = useState<File | null>(null);
  const [options, setOptions] = useState<ImportOptions>(DEFAULT_OPTIONS);
  const [dryRun, setDryRun] = useState<DryRun | null>(null);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const upload = useRef<AbortController | null>(null);
  // Each step's heading takes the focus when the step changes (the button pressed is gone).
  const heading = useRef<HTMLHeadingElement>(null);
  const shown = useRef(active);
  useEffect(() => {
    if (shown.current === active) return;
    shown.current = active;
    heading.current?.focus();
  }, [active]);
  const stepHeading = (
    <Title order={3} size="h4" ref={heading} tabIndex={-1} mb="sm">
      {STEP_TITLES[active]}
    </Title>
  );
  useEffect(
    () => () => {
      upload.current?.abort();
    },
    [],
  );

  /** Runs the dry run of `f` with `opts`; the newest run wins. */
  const check = async (f: File, opts: ImportOptions) => {
    upload.current?.abort();
    const controller = new AbortController();
    upload.current = controller;
    setProblem(null);
    setProgress({ phase: 'starting' });
    try {
      const run = await uploadDryRun(f, opts, setProgress, controller.signal);
      if (controller.signal.aborted) return;
      setDryRun(run);
      // The options are the dry run's (a refused re-run leaves the last one's in place).
      setOptions(run.options);
      setActive(2);
    } catch (e) {
      if (controller.signal.aborted) return;
      setProblem(serverProblem(e));
      if (dryRun) setOptions(dryRun.options);
    } finally {
      if (upload.current === controller) setProgress(null);
    }
  };

  const confirm = async () => {
    if (!dryRun || confirming) return;
    setConfirming(true);
    setProblem(null);
    try {
      const done = await confirmImport(dryRun.id);
      setResult(done);
      setActive(3);
      // The users list and groups tree have changed.
      void queryClient.invalidateQueries();
    } catch (e) {
      setProblem(serverProblem(e));
    } finally {
      setConfirming(false);
    }
  };

  const reset = () => {
    setActive(0);
    setFile(null);
    setDryRun(null);
    setResult(null);
    setProblem(null);
    setOptions(DEFAULT_OPTIONS);
  };

  const busy = progress !== null || confirming;
  const reachable = (step: number) =>
    !result && !busy && (step <= 1 || (step === 2 && dryRun !== null));
  const s = dryRun?.summary;
  const blocked = !s || s.error > 0 || s.create + s.update === 0;

  const status = progress ? (
    <ProgressPanel
      label={progressLabel(progress, file)}
      percent={progress.phase === 'sending' ? progress.percent : null}
    />
  ) : confirming ? (
    <ProgressPanel
      label={`Importing ${s ? s.create + s.update : ''} users in one transaction (all or nothing)…`}
      percent={null}
    />
  ) : problem ? (
    <ProblemAlert
      problem={problem}
      title={active === 2 && dryRun ? 'The import was refused' : 'The file was refused'}
    />
  ) : null;

  return (
    <Stack gap="lg">
      <Stepper
        active={active}
        onStepClick={(step) => {
          if (reachable(step)) {
            setProblem(null);
            setActive(step);
          }
        }}
        orientation={wide ? 'horizontal' : 'vertical'}
        size="sm"
      >
        <Stepper.Step label="Prepare" description="Fill in the CSV" allowStepSelect={reachable(0)}>
          {stepHeading}
          <TemplateStep />
        </Stepper.Step>
        <Stepper.Step label="Upload" description="The completed CSV" allowStepSelect={reachable(1)}>
          {stepHeading}
          <Stack gap="lg">
            <UploadStep
              file={file}
              onFile={(f) => {
                setFile(f);
                setDryRun(null);
                setProblem(null);
              }}
            />
            <Paper withBorder p="md" radius="md" maw={760}>
              <Stack gap="sm">
                <Title order={4} size="h5">
                  Options
                </Title>
                <OptionsForm
                  value={options}
                  disabled={busy}
                  onChange={(next) => {
                    // A dry run made with other options no longer says what Confirm would do.
                    setOptions(next);
                    setDryRun(null);
                  }}
                />
              </Stack>
            </Paper>
          </Stack>
        </Stepper.Step>
        <Stepper.Step label="Review" description="Check the dry run" allowStepSelect={reachable(2)}>
          {stepHeading}
          {dryRun ? (
            <Stack gap="md">
              <DryRunSummary dryRun={dryRun} />
              <Paper withBorder p="md" radius="md">
                <Stack gap="sm">
                  <Title order={4} size="h5">
                    Options
                  </Title>
                  <Text size="xs" c="dimmed">
                    Changing an option checks the file again.
                  </Text>
                  <OptionsForm
                    value={options}
                    disabled={busy}
                    onChange={(next) => {
                      setOptions(next);
                      if (file) void check(file, next);
                    }}
                  />
                </Stack>
              </Paper>
              <DryRunRows key={dryRun.id} dryRun={dryRun} />
            </Stack>
          ) : null}
        </Stepper.Step>
        <Stepper.Step label="Results" description="Invitation links">
          {stepHeading}
          {result ? <ResultsStep result={result} /> : null}
        </Stepper.Step>
      </Stepper>

      {status}

      <Group gap="sm">
        {active === 0 ? (
          <Button
            onClick={() => {
              setActive(1);
            }}
          >
            Next: upload the file
          </Button>
        ) : null}
        {active === 1 ? (
          <>
            <Button
              variant="default"
              onClick={() => {
                setActive(0);
              }}
              disabled={busy}
            >
              Back
            </Button>
            <Button
              disabled={!file || busy}
              onClick={() => {
                if (file) void check(file, options);
              }}
            >
              Review
            </Button>
          </>
        ) : null}
        {active === 2 ? (
          <>
            <Button
              variant="default"
              disabled={busy}
              onClick={() => {
                setProblem(null);
                setActive(1);
              }}
            >
              Back
            </Button>
            <Button
              disabled={blocked || progress !== null}
              loading={confirming}
              onClick={() => void confirm()}
            >
              Confirm
            </Button>
          </>
        ) : null}
        {active === 3 ? (
          <>
            <Button variant="default" onClick={reset}>
              Import another file
            </Button>
            <RouterButton to="/admin/users" search={{}} variant="default">
              Go to Users
            </RouterButton>
          </>
        ) : null}
      </Group>
    </Stack>
  );
}

function ImportPage() {
  const grants = useQuery(grantsQuery);
  const allowed = hasAdmin(grants.data, 'users.manage') && hasAdmin(grants.data, 'import');
  return (
    <Stack gap="md">
      <UsersAccessHeader current="users" />
      <Title order={2}>Import Users</Title>
      {grants.isPending ? (
        <Loading label="Loading your permissions…" />
      ) : grants.isError ? (
        <LoadError
          what="your permissions"
          error={grants.error}
          onRetry={() => void grants.refetch()}
        />
      ) : allowed ? (
        <Wizard />
      ) : (
        <Alert color="yellow" variant="light" title="Not available">
          Importing users needs admin.users.manage and admin.import; ask an administrator.
        </Alert>
      )}
    </Stack>
  );
}

export const Route = createLazyRoute('/_app/admin/users/import')({ component: ImportPage });
