// Password, then (when the account has 2FA) a code from the authenticator app or a recovery code.
import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError, errorMessage, fieldErrors, post } from '../api/client';
import type { SignInAnswer } from '../api/types';
import { AuthFrame } from './AuthFrame';

function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [step, setStep] = useState<'password' | 'code'>('password');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [recovery, setRecovery] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});

  const done = async () => {
    await qc.invalidateQueries({ queryKey: ['me'] });
    navigate(safeNext(params.get('next')), { replace: true });
  };
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setFields({});
    try {
      await fn();
    } catch (e) {
      setFields(fieldErrors(e));
      if (!(e instanceof ApiError && e.status === 422)) {
        const wait = e instanceof ApiError && e.status === 429 ? ' Too many attempts: wait a few minutes and try again.' : '';
        setError(e instanceof ApiError && e.code === 'invalid_credentials' ? 'Wrong email or password.' : errorMessage(e) + wait);
      }
    } finally {
      setBusy(false);
    }
  };
  const submitPassword = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const r = await post<SignInAnswer>('/session', { email, password });
      if (r.status === 'two_factor_required') setStep('code');
      else await done();
    });
  };
  const submitCode = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await post('/session/two-factor', recovery ? { recovery_code: code.trim() } : { code: code.replace(/\s/g, '') });
      await done();
    });
  };

  if (step === 'code') {
    return (
      <AuthFrame title="Two-factor authentication" subtitle={recovery ? 'Enter one of your recovery codes.' : 'Enter the 6-digit code from your authenticator app.'}>
        <form onSubmit={submitCode}>
          <Stack>
            {error && <Alert color="red" role="alert">{error}</Alert>}
            <TextInput
              label={recovery ? 'Recovery code' : 'Authentication code'}
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              autoComplete="one-time-code"
              inputMode={recovery ? 'text' : 'numeric'}
              error={fields.code ?? fields.recovery_code}
              data-autofocus
              autoFocus
              required
            />
            <Button type="submit" loading={busy}>Verify</Button>
            <Anchor component="button" type="button" size="sm" onClick={() => { setRecovery(!recovery); setCode(''); }}>
              {recovery ? 'Use the authenticator app instead' : 'Use a recovery code'}
            </Anchor>
          </Stack>
        </form>
      </AuthFrame>
    );
  }
  return (
    <AuthFrame title="Sign in" subtitle="Sign in to manage sending, keys and security for your teams.">
      <form onSubmit={submitPassword}>
        <Stack>
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <TextInput label="Email" type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} autoComplete="username" error={fields.email} required autoFocus />
          <PasswordInput label="Password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoComplete="current-password" error={fields.password} required />
          <Button type="submit" loading={busy}>Sign in</Button>
          <Text size="sm" c="dimmed" ta="center">
            New here? <Anchor component={Link} to="/sign-up">Create an account</Anchor>
          </Text>
        </Stack>
      </form>
    </AuthFrame>
  );
}
