import { ApiError, errorMessage } from '../lib/api-error.ts';

/** Shows a failure next to what failed; a 401 means the admin session ended and goes to the login form. */
export type ShowError = (error: unknown, where: HTMLElement) => void;

export function createShowError(onSessionEnded: (message: string) => void): ShowError {
  return (error, where) => {
    if (error instanceof ApiError && error.status === 401) {
      onSessionEnded('Your admin session has ended. Log in again.');
      return;
    }
    where.textContent = errorMessage(error);
    where.hidden = false;
  };
}

export function clearError(where: HTMLElement): void {
  where.textContent = '';
  where.hidden = true;
}
