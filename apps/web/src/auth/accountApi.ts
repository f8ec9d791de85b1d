/**
 * The signed-in user's own account over the typed client: password change, second factor
 * (TOTP enrolment, status, turning it off) and sessions. Screens call these hooks.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { http, unwrap, type Schemas } from '../api/http';

export type SessionInfo = Schemas['SessionDto'];
export type MfaStatus = Schemas['MfaStatusDto'];
export type TotpEnrolment = Schemas['TotpEnrolmentDto'];
export type ChangePasswordBody = Schemas['ChangePasswordDto'];

export const accountKeys = {
  all: ['account'] as const,
  sessions: () => [...accountKeys.all, 'sessions'] as const,
  mfa: () => [...accountKeys.all, 'mfa'] as const,
};

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePasswordBody) => unwrap(http.POST('/api/v1/auth/password', { body })),
    // the other sessions ended
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: accountKeys.sessions() }),
  });
}

export function useSessions() {
  return useQuery({
    queryKey: accountKeys.sessions(),
    queryFn: ({ signal }) => unwrap(http.GET('/api/v1/auth/sessions', { signal })),
  });
}

export function useEndSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(http.DELETE('/api/v1/auth/sessions/{id}', { params: { path: { id } } })),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: accountKeys.sessions() }),
  });
}

export function useMfaStatus() {
  return useQuery({
    queryKey: accountKeys.mfa(),
    queryFn: ({ signal }) => unwrap(http.GET('/api/v1/auth/mfa', { signal })),
  });
}

export function useStartTotp() {
  return useMutation({
    mutationFn: () => unwrap(http.POST('/api/v1/auth/mfa/totp')),
  });
}

/**
 * Not invalidating the status here: the screen would switch to "on" and drop the recovery codes
 * before the user has kept them. The enrolment reads the status again when they say so.
 */
export function useConfirmTotp() {
  return useMutation({
    mutationFn: (otp: string) => unwrap(http.POST('/api/v1/auth/mfa/totp/confirm', { body: { otp } })),
  });
}

export function useDisableMfa() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['DisableMfaDto']) => unwrap(http.DELETE('/api/v1/auth/mfa', { body })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: accountKeys.mfa() }),
  });
}
