import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError, errorMessage, fieldErrors, post } from '../api/client';
import { AuthFrame } from './AuthFrame';

export function SignUpPage() {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [form, setForm] = useState({ name: '', email: '', password: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const set = (k: keyof typeof form) => (e: { currentTarget: HTMLInputElement }) => setForm({ ...form, [k]: e.currentTarget.value });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setFields({});
    try {
      await post('/signup', form);
      await qc.invalidateQueries({ queryKey: ['me'] });
      navigate('/', { replace: true });
    } catch (err) {
      setFields(fieldErrors(err));
      if (!(err instanceof ApiError && err.status === 422)) setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <AuthFrame title="Create your account" subtitle="The first account of a Lettr instance owns its first team.">
      <form onSubmit={submit}>
        <Stack>
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <TextInput label="Name" value={form.name} onChange={set('name')} autoComplete="name" error={fields.name} required autoFocus />
          <TextInput label="Email" type="email" value={form.email} onChange={set('email')} autoComplete="email" error={fields.email} required />
          <PasswordInput label="Password" description="At least 10 characters; not a common password." value={form.password} onChange={set('password')} autoComplete="new-password" error={fields.password} required />
          <Button type="submit" loading={busy}>Create account</Button>
          <Text size="sm" c="dimmed" ta="center">
            Already have an account? <Anchor component={Link} to="/sign-in">Sign in</Anchor>
          </Text>
        </Stack>
      </form>
    </AuthFrame>
  );
}
